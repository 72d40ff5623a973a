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
        let withData = dataValues != nil
        switch rules[rule] {
        case .store(let i, let d):
            guard s[fields.client[i].cacheState] == CacheState.exclusive else { return false }
            s[fields.client[i].cacheData] = d
            s[fields.auxData] = d
        case .sendReqS(let i):
            guard s[fields.client[i].chan1Cmd] == Cmd.empty, s[fields.client[i].cacheState] == CacheState.invalid else { return false }
            s[fields.client[i].chan1Cmd] = Cmd.reqS
        case .sendReqE(let i):
            guard s[fields.client[i].chan1Cmd] == Cmd.empty, s[fields.client[i].cacheState] != CacheState.exclusive else { return false }
            s[fields.client[i].chan1Cmd] = Cmd.reqE
        case .recvReqS(let i):
            guard s[fields.curCmd] == Cmd.empty, s[fields.client[i].chan1Cmd] == Cmd.reqS else { return false }
            receiveRequest(Cmd.reqS, from: i, s)
        case .recvReqE(let i):
            guard s[fields.curCmd] == Cmd.empty, s[fields.client[i].chan1Cmd] == Cmd.reqE else { return false }
            receiveRequest(Cmd.reqE, from: i, s)
        case .sendInv(let i):
            let cmd = s[fields.curCmd]
            guard s[fields.client[i].chan2Cmd] == Cmd.empty, s[flag: fields.client[i].invSet],
                cmd == Cmd.reqE || (cmd == Cmd.reqS && s[flag: fields.exGntd])
            else { return false }
            s[fields.client[i].chan2Cmd] = Cmd.inv
            s[flag: fields.client[i].invSet] = false
        case .sendInvAck(let i):
            guard s[fields.client[i].chan2Cmd] == Cmd.inv, s[fields.client[i].chan3Cmd] == Cmd.empty else { return false }
            s[fields.client[i].chan2Cmd] = Cmd.empty
            s[fields.client[i].chan3Cmd] = Cmd.invAck
            if withData, bug != .invAckWithoutData, s[fields.client[i].cacheState] == CacheState.exclusive {
                s[fields.client[i].chan3Data] = s[fields.client[i].cacheData]
            }
            s[fields.client[i].cacheState] = CacheState.invalid
        case .recvInvAck(let i):
            guard s[fields.client[i].chan3Cmd] == Cmd.invAck, s[fields.curCmd] != Cmd.empty else { return false }
            s[fields.client[i].chan3Cmd] = Cmd.empty
            s[flag: fields.client[i].shrSet] = false
            if s[flag: fields.exGntd] {
                s[flag: fields.exGntd] = false
                if withData { s[fields.memData] = s[fields.client[i].chan3Data] }
            }
        case .sendGntS(let i):
            guard s[fields.curCmd] == Cmd.reqS, s[fields.curPtr] == i + 1, s[fields.client[i].chan2Cmd] == Cmd.empty,
                bug == .grantSharedWhileExclusive || !s[flag: fields.exGntd]
            else { return false }
            grant(Cmd.gntS, to: i, s)
        case .sendGntE(let i):
            guard s[fields.curCmd] == Cmd.reqE, s[fields.curPtr] == i + 1, s[fields.client[i].chan2Cmd] == Cmd.empty,
                !s[flag: fields.exGntd], bug == .grantExclusiveWithoutAcks || noSharers(s)
            else { return false }
            grant(Cmd.gntE, to: i, s)
            s[flag: fields.exGntd] = true
        case .recvGntS(let i):
            guard s[fields.client[i].chan2Cmd] == Cmd.gntS else { return false }
            s[fields.client[i].cacheState] = CacheState.shared
            if withData { s[fields.client[i].cacheData] = s[fields.client[i].chan2Data] }
            s[fields.client[i].chan2Cmd] = Cmd.empty
        case .recvGntE(let i):
            guard s[fields.client[i].chan2Cmd] == Cmd.gntE else { return false }
            s[fields.client[i].cacheState] = CacheState.exclusive
            if withData { s[fields.client[i].cacheData] = s[fields.client[i].chan2Data] }
            s[fields.client[i].chan2Cmd] = Cmd.empty
        }
        return true
    }

    private func receiveRequest(_ cmd: Int, from i: Int, _ s: PackedState) {
        s[fields.curCmd] = cmd
        s[fields.curPtr] = i + 1
        s[fields.client[i].chan1Cmd] = Cmd.empty
        for j in 0..<clients { s[flag: fields.client[j].invSet] = s[flag: fields.client[j].shrSet] }
    }

    /// The common part of SendGntS and SendGntE.
    private func grant(_ cmd: Int, to i: Int, _ s: PackedState) {
        s[fields.client[i].chan2Cmd] = cmd
        if dataValues != nil { s[fields.client[i].chan2Data] = s[fields.memData] }
        s[flag: fields.client[i].shrSet] = true
        s[fields.curCmd] = Cmd.empty
        // Data-free variant only: the pointer becomes undefined again.
        if dataValues == nil { s[fields.curPtr] = 0 }
    }

    private func noSharers(_ s: PackedState) -> Bool {
        for j in 0..<clients where s[flag: fields.client[j].shrSet] { return false }
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? {
        // Control: an exclusive copy excludes every other valid copy; a shared copy excludes
        // exclusive ones.
        for i in 0..<clients {
            let si = s[fields.client[i].cacheState]
            if si == CacheState.invalid { continue }
            for j in 0..<clients where j != i {
                let sj = s[fields.client[j].cacheState]
                if si == CacheState.exclusive && sj != CacheState.invalid { return 0 }
                if si == CacheState.shared && sj == CacheState.exclusive { return 0 }
            }
        }
        // Data: memory is current unless someone holds the line exclusively, and every valid
        // copy holds the last value written.
        if dataValues != nil {
            let aux = s[fields.auxData]
            if !s[flag: fields.exGntd] && s[fields.memData] != aux { return 1 }
            for i in 0..<clients where s[fields.client[i].cacheState] != CacheState.invalid && s[fields.client[i].cacheData] != aux {
                return 1
            }
        }
        return nil
    }
}
