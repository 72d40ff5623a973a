@_spi(UnsafeSuccessors) import StateSpace

/// One rule instance of the German protocol.
enum GermanRule: Sendable {
    case store(client: Int, data: Int)
    case perClient(GermanRuleFamily, Int)

    /// Every instance: Store per client and value, then each family of the definition's table
    /// in order, one instance per client.
    static func all(clients n: Int, dataValues: Int?) -> [GermanRule] {
        var rules: [GermanRule] = []
        if let d = dataValues {
            for i in 0..<n { for v in 1...d { rules.append(.store(client: i, data: v)) } }
        }
        for family in GermanRuleFamily.allCases { for i in 0..<n { rules.append(.perClient(family, i)) } }
        return rules
    }

    var name: String {
        switch self {
        case .store(let i, let d): "Store(client \(i + 1), data \(d))"
        case .perClient(let family, let i): "\(family.name)(client \(i + 1))"
        }
    }
}

/// The rules that exist once per client, in the order of the definition's table; the raw
/// value is the family's position there.
enum GermanRuleFamily: Int, CaseIterable, Sendable {
    case sendReqS, sendReqE, recvReqS, recvReqE, sendInv, sendInvAck, recvInvAck, sendGntS, sendGntE, recvGntS,
        recvGntE

    /// The rule's name in the definition.
    var name: String {
        switch self {
        case .sendReqS: "SendReqS"
        case .sendReqE: "SendReqE"
        case .recvReqS: "RecvReqS"
        case .recvReqE: "RecvReqE"
        case .sendInv: "SendInv"
        case .sendInvAck: "SendInvAck"
        case .recvInvAck: "RecvInvAck"
        case .sendGntS: "SendGntS"
        case .sendGntE: "SendGntE"
        case .recvGntS: "RecvGntS"
        case .recvGntE: "RecvGntE"
        }
    }
}

extension German {
    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        switch rules[rule] {
        case .store(let i, let d): store(i, d, s, s)
        case .perClient(let family, let i): fire(family, i, s, s)
        }
    }

    /// Every enabled rule in rule order, one loop per family: no dispatch per rule instance.
    public func forEachSuccessor<Sink: SuccessorSink>(of source: PackedState, into successor: PackedState, sink: inout Sink) {
        if let ruleLoop {
            compiledSuccessors(ruleLoop, of: source, into: successor, sink: &sink)
            return
        }
        let words = layout.wordCount
        var rule = 0
        if let d = dataValues {
            for i in 0..<clients {
                for v in 1...d {
                    if store(i, v, source, successor) {
                        sink.emit(rule)
                        copyWords(successor.words, from: source.words, count: words)
                    }
                    rule &+= 1
                }
            }
        }
        for family in GermanRuleFamily.allCases {
            for i in 0..<clients {
                if fire(family, i, source, successor) {
                    sink.emit(rule)
                    copyWords(successor.words, from: source.words, count: words)
                }
                rule &+= 1
            }
        }
    }

    /// The successor loop over the compiled rules (see ``GermanRuleTable``): one table lookup
    /// per client gives its enabled families, spread into a mask in rule order, and each enabled
    /// rule's successor is its effect on the state's one word. Rule order is family by family,
    /// client by client, as in the plain loop (the data-free variant has no Store rules before
    /// them). The successors go to the sink in one call.
    @inline(__always)
    private func compiledSuccessors<Sink: SuccessorSink>(
        _ table: GermanRuleTable.Loop, of source: PackedState, into successor: PackedState, sink: inout Sink
    ) {
        let n = clients
        let w = source.words[0]
        // A client's key: its control bits, exGntd and curCmd as they lie in the word, whether
        // curPtr names it, whether another client is a sharer.
        let globals = Int(truncatingIfNeeded: (w &>> table.globalsShift) & 7) &<< GermanRuleTable.localBits
        let pointerBits = w & (UInt64(fields.curPtr.mask) &<< table.pointerShift)
        let pointer = Int(truncatingIfNeeded: pointerBits &>> table.pointerShift)
        let sharers = w & table.shrSetMask
        let entries = table.entries
        let spread = table.spread
        let ruleBits = table.ruleBits
        // Scratch on the stack (each allocation small enough to stay there): each client's row
        // of entries and each successor's rule, then each successor's word.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: GermanRuleTable.maxClients &+ GermanRuleTable.maxRules) {
            scratch in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: GermanRuleTable.maxRules) { successors in
            let rows = scratch.baseAddress.unsafelyUnwrapped
            let rules = rows + GermanRuleTable.maxClients
            let words = successors.baseAddress.unsafelyUnwrapped
            // Bit f * n + i of `low` (f < 6) and (f - 6) * n + i of `high`: family f is enabled
            // for client i.
            var low: UInt64 = 0
            var high: UInt64 = 0
            var controls = w &>> table.firstShift
            var ownShare = UInt64(1) &<< (table.firstShift &+ UInt64(GermanRuleTable.shrSetBit))
            for i in 0..<n {
                let local = Int(truncatingIfNeeded: controls & GermanRuleTable.localMask)
                controls &>>= UInt64(GermanRuleTable.localBits)
                let key = GermanRuleTable.key(
                    local: local, globals: globals, pointsHere: pointer == i &+ 1,
                    othersShare: sharers & ~ownShare != 0)
                ownShare &<<= UInt64(GermanRuleTable.localBits)
                let row = key &* GermanRuleTable.entriesPerKey
                rows[i] = row
                let enabled = Int(truncatingIfNeeded: entries[row &+ GermanRuleTable.enabledSlot])
                low |= spread[enabled & GermanRuleTable.lowFamilyMask] &<< UInt64(truncatingIfNeeded: i)
                high |= spread[GermanRuleTable.highSpreadOffset &+ (enabled &>> GermanRuleTable.lowFamilies)]
                    &<< UInt64(truncatingIfNeeded: i)
            }
            var count = 0
            var left = low
            var firstRule = 0
            for pass in 0..<2 {
                if pass == 1 {
                    left = high
                    firstRule = GermanRuleTable.lowFamilies &* n
                }
                while left != 0 {
                    let rule = firstRule &+ left.trailingZeroBitCount
                    left &= left &- 1
                    let code = Int(truncatingIfNeeded: ruleBits[rule])
                    let i = code & GermanRuleTable.clientCodeMask
                    let f = code &>> GermanRuleTable.familyCodeShift
                    words[count] = table.successor(
                        of: w, effect: entries[rows[i] &+ f], client: i, pointerBits: pointerBits)
                    rules[count] = rule
                    count &+= 1
                }
            }
            sink.emit(oneWordSuccessors: words, rules: rules, count: count, successor: successor)
            }
        }
    }

    /// Guards read `g`, actions write `s`; `s` holds the same state as `g` when the guard is
    /// evaluated (they may be the same buffer). Fields are reached as `fields.client[i].x`
    /// rather than through a local copy of the client's fields: the copy would move 240 bytes
    /// for every rule tried.
    @inline(__always)
    private func store(_ i: Int, _ d: Int, _ g: PackedState, _ s: PackedState) -> Bool {
        guard g[fields.client[i].cacheState] == CacheState.exclusive else { return false }
        s[fields.client[i].cacheData] = d
        s[fields.auxData] = d
        return true
    }

    /// Guards and actions, row by row as in the definition's rule table.
    @inline(__always)
    func fire(_ family: GermanRuleFamily, _ i: Int, _ g: PackedState, _ s: PackedState) -> Bool {
        let withData = dataValues != nil
        switch family {
        case .sendReqS:
            guard g[fields.client[i].chan1Cmd] == Cmd.empty, g[fields.client[i].cacheState] == CacheState.invalid else { return false }
            s[fields.client[i].chan1Cmd] = Cmd.reqS
        case .sendReqE:
            guard g[fields.client[i].chan1Cmd] == Cmd.empty, g[fields.client[i].cacheState] != CacheState.exclusive else { return false }
            s[fields.client[i].chan1Cmd] = Cmd.reqE
        case .recvReqS:
            guard g[fields.curCmd] == Cmd.empty, g[fields.client[i].chan1Cmd] == Cmd.reqS else { return false }
            receiveRequest(Cmd.reqS, from: i, s)
        case .recvReqE:
            guard g[fields.curCmd] == Cmd.empty, g[fields.client[i].chan1Cmd] == Cmd.reqE else { return false }
            receiveRequest(Cmd.reqE, from: i, s)
        case .sendInv:
            let cmd = g[fields.curCmd]
            guard g[fields.client[i].chan2Cmd] == Cmd.empty, g[flag: fields.client[i].invSet],
                cmd == Cmd.reqE || (cmd == Cmd.reqS && g[flag: fields.exGntd])
            else { return false }
            s[fields.client[i].chan2Cmd] = Cmd.inv
            s[flag: fields.client[i].invSet] = false
        case .sendInvAck:
            guard g[fields.client[i].chan2Cmd] == Cmd.inv, g[fields.client[i].chan3Cmd] == Cmd.empty else { return false }
            s[fields.client[i].chan2Cmd] = Cmd.empty
            s[fields.client[i].chan3Cmd] = Cmd.invAck
            if withData, bug != .invAckWithoutData, g[fields.client[i].cacheState] == CacheState.exclusive {
                s[fields.client[i].chan3Data] = g[fields.client[i].cacheData]
            }
            s[fields.client[i].cacheState] = CacheState.invalid
        case .recvInvAck:
            guard g[fields.client[i].chan3Cmd] == Cmd.invAck, g[fields.curCmd] != Cmd.empty else { return false }
            s[fields.client[i].chan3Cmd] = Cmd.empty
            s[flag: fields.client[i].shrSet] = false
            if g[flag: fields.exGntd] {
                s[flag: fields.exGntd] = false
                if withData { s[fields.memData] = g[fields.client[i].chan3Data] }
            }
        case .sendGntS:
            guard g[fields.curCmd] == Cmd.reqS, g[fields.curPtr] == i + 1, g[fields.client[i].chan2Cmd] == Cmd.empty,
                bug == .grantSharedWhileExclusive || !g[flag: fields.exGntd]
            else { return false }
            grant(Cmd.gntS, to: i, s)
        case .sendGntE:
            guard g[fields.curCmd] == Cmd.reqE, g[fields.curPtr] == i + 1, g[fields.client[i].chan2Cmd] == Cmd.empty,
                !g[flag: fields.exGntd], bug == .grantExclusiveWithoutAcks || noSharers(g)
            else { return false }
            grant(Cmd.gntE, to: i, s)
            s[flag: fields.exGntd] = true
        case .recvGntS:
            guard g[fields.client[i].chan2Cmd] == Cmd.gntS else { return false }
            s[fields.client[i].cacheState] = CacheState.shared
            if withData { s[fields.client[i].cacheData] = g[fields.client[i].chan2Data] }
            s[fields.client[i].chan2Cmd] = Cmd.empty
        case .recvGntE:
            guard g[fields.client[i].chan2Cmd] == Cmd.gntE else { return false }
            s[fields.client[i].cacheState] = CacheState.exclusive
            if withData { s[fields.client[i].cacheData] = g[fields.client[i].chan2Data] }
            s[fields.client[i].chan2Cmd] = Cmd.empty
        }
        return true
    }

    private func receiveRequest(_ cmd: Int, from i: Int, _ s: PackedState) {
        s[fields.curCmd] = cmd
        s[fields.curPtr] = i + 1
        s[fields.client[i].chan1Cmd] = Cmd.empty
        for c in fields.client { s[flag: c.invSet] = s[flag: c.shrSet] }
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
        for c in fields.client where s[flag: c.shrSet] { return false }
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? {
        // Control: an exclusive copy excludes every other valid copy; a shared copy excludes
        // exclusive ones. Pairwise that fails exactly when some client is exclusive and
        // another holds a valid copy. A cache state is I (0), S (1) or E (2), never 3, so a
        // client's copy is valid when its S bit or (shifted down onto it) its E bit is set.
        var exclusive = false
        var valid = 0
        for k in 0..<layout.wordCount {
            let w = s.words[k]
            let e = w & exclusiveBits[k]
            let copies = (e &>> 1) | (w & sharedBits[k])
            exclusive = exclusive || e != 0
            // No copy, one copy, or several (more than one bit set).
            valid &+= copies == 0 ? 0 : copies & (copies &- 1) == 0 ? 1 : 2
        }
        if exclusive && valid > 1 { return 0 }
        // Data: memory is current unless someone holds the line exclusively, and every valid
        // copy holds the last value written.
        if dataValues != nil {
            let aux = s[fields.auxData]
            if !s[flag: fields.exGntd] && s[fields.memData] != aux { return 1 }
            for c in fields.client where s[c.cacheState] != CacheState.invalid && s[c.cacheData] != aux {
                return 1
            }
        }
        return nil
    }
}
