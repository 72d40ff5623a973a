import StateSpace

/// One rule instance of the German protocol.
enum GermanRule: Sendable {
    case store(client: Int, data: Int)
    case sendReqS(Int)
    case sendReqE(Int)
    case recvReqS(Int)
    case recvReqE(Int)
    case sendInv(Int)
    case sendInvAck(Int)
    case recvInvAck(Int)
    case sendGntS(Int)
    case sendGntE(Int)
    case recvGntS(Int)
    case recvGntE(Int)

    /// Every instance, grouped by rule in the order of the definition, then by client.
    static func all(clients n: Int, dataValues: Int?) -> [GermanRule] {
        var rules: [GermanRule] = []
        if let d = dataValues {
            for i in 0..<n { for v in 1...d { rules.append(.store(client: i, data: v)) } }
        }
        let perClient: [(Int) -> GermanRule] = [
            GermanRule.sendReqS, GermanRule.sendReqE, GermanRule.recvReqS, GermanRule.recvReqE,
            GermanRule.sendInv, GermanRule.sendInvAck, GermanRule.recvInvAck, GermanRule.sendGntS,
            GermanRule.sendGntE, GermanRule.recvGntS, GermanRule.recvGntE,
        ]
        for make in perClient { for i in 0..<n { rules.append(make(i)) } }
        return rules
    }

    var name: String {
        switch self {
        case .store(let i, let d): "Store(client \(i + 1), data \(d))"
        case .sendReqS(let i): "SendReqS(client \(i + 1))"
        case .sendReqE(let i): "SendReqE(client \(i + 1))"
        case .recvReqS(let i): "RecvReqS(client \(i + 1))"
        case .recvReqE(let i): "RecvReqE(client \(i + 1))"
        case .sendInv(let i): "SendInv(client \(i + 1))"
        case .sendInvAck(let i): "SendInvAck(client \(i + 1))"
        case .recvInvAck(let i): "RecvInvAck(client \(i + 1))"
        case .sendGntS(let i): "SendGntS(client \(i + 1))"
        case .sendGntE(let i): "SendGntE(client \(i + 1))"
        case .recvGntS(let i): "RecvGntS(client \(i + 1))"
        case .recvGntE(let i): "RecvGntE(client \(i + 1))"
        }
    }
}

extension German {
    /// Guards and actions, row by row as in the definition's rule table.
    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let f = fields
        let withData = dataValues != nil
        switch rules[rule] {
        case .store(let i, let d):
            guard s[f.cacheState[i]] == CacheState.exclusive else { return false }
            s[f.cacheData[i]] = d
            s[f.auxData] = d
        case .sendReqS(let i):
            guard s[f.chan1Cmd[i]] == Cmd.empty, s[f.cacheState[i]] == CacheState.invalid else { return false }
            s[f.chan1Cmd[i]] = Cmd.reqS
        case .sendReqE(let i):
            guard s[f.chan1Cmd[i]] == Cmd.empty, s[f.cacheState[i]] != CacheState.exclusive else { return false }
            s[f.chan1Cmd[i]] = Cmd.reqE
        case .recvReqS(let i):
            guard s[f.curCmd] == Cmd.empty, s[f.chan1Cmd[i]] == Cmd.reqS else { return false }
            receiveRequest(Cmd.reqS, from: i, s)
        case .recvReqE(let i):
            guard s[f.curCmd] == Cmd.empty, s[f.chan1Cmd[i]] == Cmd.reqE else { return false }
            receiveRequest(Cmd.reqE, from: i, s)
        case .sendInv(let i):
            let cmd = s[f.curCmd]
            guard s[f.chan2Cmd[i]] == Cmd.empty, s[flag: f.invSet[i]],
                cmd == Cmd.reqE || (cmd == Cmd.reqS && s[flag: f.exGntd])
            else { return false }
            s[f.chan2Cmd[i]] = Cmd.inv
            s[flag: f.invSet[i]] = false
        case .sendInvAck(let i):
            guard s[f.chan2Cmd[i]] == Cmd.inv, s[f.chan3Cmd[i]] == Cmd.empty else { return false }
            s[f.chan2Cmd[i]] = Cmd.empty
            s[f.chan3Cmd[i]] = Cmd.invAck
            if withData, bug != .invAckWithoutData, s[f.cacheState[i]] == CacheState.exclusive {
                s[f.chan3Data[i]] = s[f.cacheData[i]]
            }
            s[f.cacheState[i]] = CacheState.invalid
        case .recvInvAck(let i):
            guard s[f.chan3Cmd[i]] == Cmd.invAck, s[f.curCmd] != Cmd.empty else { return false }
            s[f.chan3Cmd[i]] = Cmd.empty
            s[flag: f.shrSet[i]] = false
            if s[flag: f.exGntd] {
                s[flag: f.exGntd] = false
                if withData { s[f.memData] = s[f.chan3Data[i]] }
            }
        case .sendGntS(let i):
            guard s[f.curCmd] == Cmd.reqS, s[f.curPtr] == i + 1, s[f.chan2Cmd[i]] == Cmd.empty,
                bug == .grantSharedWhileExclusive || !s[flag: f.exGntd]
            else { return false }
            grant(Cmd.gntS, to: i, s)
        case .sendGntE(let i):
            guard s[f.curCmd] == Cmd.reqE, s[f.curPtr] == i + 1, s[f.chan2Cmd[i]] == Cmd.empty,
                !s[flag: f.exGntd], bug == .grantExclusiveWithoutAcks || noSharers(s)
            else { return false }
            grant(Cmd.gntE, to: i, s)
            s[flag: f.exGntd] = true
        case .recvGntS(let i):
            guard s[f.chan2Cmd[i]] == Cmd.gntS else { return false }
            s[f.cacheState[i]] = CacheState.shared
            if withData { s[f.cacheData[i]] = s[f.chan2Data[i]] }
            s[f.chan2Cmd[i]] = Cmd.empty
        case .recvGntE(let i):
            guard s[f.chan2Cmd[i]] == Cmd.gntE else { return false }
            s[f.cacheState[i]] = CacheState.exclusive
            if withData { s[f.cacheData[i]] = s[f.chan2Data[i]] }
            s[f.chan2Cmd[i]] = Cmd.empty
        }
        return true
    }

    private func receiveRequest(_ cmd: Int, from i: Int, _ s: PackedState) {
        s[fields.curCmd] = cmd
        s[fields.curPtr] = i + 1
        s[fields.chan1Cmd[i]] = Cmd.empty
        for j in 0..<clients { s[flag: fields.invSet[j]] = s[flag: fields.shrSet[j]] }
    }

    /// The common part of SendGntS and SendGntE.
    private func grant(_ cmd: Int, to i: Int, _ s: PackedState) {
        s[fields.chan2Cmd[i]] = cmd
        if dataValues != nil { s[fields.chan2Data[i]] = s[fields.memData] }
        s[flag: fields.shrSet[i]] = true
        s[fields.curCmd] = Cmd.empty
        // Data-free variant only: the pointer becomes undefined again.
        if dataValues == nil { s[fields.curPtr] = 0 }
    }

    private func noSharers(_ s: PackedState) -> Bool {
        for j in 0..<clients where s[flag: fields.shrSet[j]] { return false }
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? {
        let f = fields
        // Control: an exclusive copy excludes every other valid copy; a shared copy excludes
        // exclusive ones.
        for i in 0..<clients {
            let si = s[f.cacheState[i]]
            if si == CacheState.invalid { continue }
            for j in 0..<clients where j != i {
                let sj = s[f.cacheState[j]]
                if si == CacheState.exclusive && sj != CacheState.invalid { return 0 }
                if si == CacheState.shared && sj == CacheState.exclusive { return 0 }
            }
        }
        // Data: memory is current unless someone holds the line exclusively, and every valid
        // copy holds the last value written.
        if dataValues != nil {
            let aux = s[f.auxData]
            if !s[flag: f.exGntd] && s[f.memData] != aux { return 1 }
            for i in 0..<clients where s[f.cacheState[i]] != CacheState.invalid && s[f.cacheData[i]] != aux {
                return 1
            }
        }
        return nil
    }
}
