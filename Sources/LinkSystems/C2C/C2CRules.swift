import CHI

/// A completion the home sends, for rule names.
enum C2CCompletion: Int, CaseIterable, Sendable {
    case compDataUC, compDataSC, compUC, compI, compDBIDResp

    var name: String {
        switch self {
        case .compDataUC: "CompData_UC"
        case .compDataSC: "CompData_SC"
        case .compUC: "Comp_UC"
        case .compI: "Comp_I"
        case .compDBIDResp: "CompDBIDResp"
        }
    }

    init(_ message: Message) {
        switch message {
        case .compData(.UC, _): self = .compDataUC
        case .compData(_, _): self = .compDataSC
        case .comp(.UC): self = .compUC
        case .comp(_): self = .compI
        default: self = .compDBIDResp
        }
    }
}

/// One rule instance of the C2C system.
enum C2CRule: Sendable {
    // RN-F (requester die)
    case issue(rn: Int, line: Int, RequestOpcode, value: Int)
    case store(rn: Int, line: Int, value: Int)
    case sendCompAck(rn: Int, line: Int)
    case sendWriteData(rn: Int, line: Int)
    case resend(rn: Int, line: Int)
    case silentDrop(rn: Int, line: Int)
    // HN-F (home die)
    case snoop(line: Int, target: Int, SnoopOpcode)
    case complete(rn: Int, line: Int, C2CCompletion)
    case grant(rn: Int, line: Int)
    case resnoop(rn: Int, line: Int)
    // Link layer
    case raiseRequest(C2CDirection)
    case raiseAcknowledge(C2CDirection)
    case dropRequest(C2CDirection)
    case dropAcknowledge(C2CDirection)
    case grantCredit(channel: Int)
    case returnCredit(channel: Int)
    /// The receiver takes the flit `code` at the head of `channel`.
    case deliver(channel: Int, code: Int)

    /// Every rule instance the configuration needs, in a fixed order.
    static func all(_ c: C2CConfiguration, channels: [C2CChannelFields], alphabets: [C2CFlitAlphabet]) -> [C2CRule] {
        var rules: [C2CRule] = []
        let n = c.requestNodes
        for r in 0..<n {
            for l in 0..<c.lines {
                for op in RequestOpcode.allCases where op != .makeUnique && (op != .cleanUnique || c.uniqueCleanEmpty) {
                    rules.append(.issue(rn: r, line: l, op, value: 0))
                }
                for v in 0..<c.values { rules.append(.issue(rn: r, line: l, .makeUnique, value: v)) }
                for v in 0..<c.values { rules.append(.store(rn: r, line: l, value: v)) }
                rules.append(.sendCompAck(rn: r, line: l))
                rules.append(.sendWriteData(rn: r, line: l))
                if c.retryEnabled { rules.append(.resend(rn: r, line: l)) }
                if c.bug == .p9c { rules.append(.silentDrop(rn: r, line: l)) }
            }
        }
        for l in 0..<c.lines {
            for t in 0..<n {
                for op in SnoopOpcode.allCases where op != .snpCleanInvalid || c.uniqueCleanEmpty {
                    rules.append(.snoop(line: l, target: t, op))
                }
            }
            for r in 0..<n {
                for k in C2CCompletion.allCases { rules.append(.complete(rn: r, line: l, k)) }
                if c.retryEnabled { rules.append(.grant(rn: r, line: l)) }
                if c.bug == .p10d { rules.append(.resnoop(rn: r, line: l)) }
            }
        }
        for (i, channel) in channels.enumerated() {
            let alphabet = alphabets[channel.direction.rawValue]
            for code in 1..<alphabet.count {
                switch alphabet.decode(code) {
                case .creditReturn: rules.append(.deliver(channel: i, code: code))
                case .message(let m, _, _):
                    if C2CSystem.channelKind(for: m, direction: channel.direction, bug: c.bug) == channel.kind {
                        rules.append(.deliver(channel: i, code: code))
                    }
                case .empty: break
                }
            }
        }
        for d in C2CDirection.allCases {
            rules += [.raiseRequest(d), .raiseAcknowledge(d)]
            if c.deactivation { rules += [.dropRequest(d), .dropAcknowledge(d)] }
        }
        for i in channels.indices { rules.append(.grantCredit(channel: i)) }
        if c.deactivation { for i in channels.indices { rules.append(.returnCredit(channel: i)) } }
        return rules
    }

    func name(channels: [C2CChannelFields], alphabets: [C2CFlitAlphabet], values: Int) -> String {
        switch self {
        case .issue(let r, let l, .makeUnique, let v): return "rn\(r).MakeUnique(line\(l), write \(v))"
        case .issue(let r, let l, let op, _): return "rn\(r).\(op)(line\(l))"
        case .store(let r, let l, let v): return "rn\(r).Store(line\(l), \(v))"
        case .sendCompAck(let r, let l): return "rn\(r).CompAck(line\(l))"
        case .sendWriteData(let r, let l): return "rn\(r).CBWrData(line\(l))"
        case .resend(let r, let l): return "rn\(r).Resend(line\(l))"
        case .silentDrop(let r, let l): return "rn\(r).SilentDrop(line\(l))"
        case .snoop(let l, let t, let op): return "hn.\(op)(rn\(t), line\(l))"
        case .complete(let r, let l, let k): return "hn.\(k.name)(rn\(r), line\(l))"
        case .grant(let r, let l): return "hn.PCrdGrant(rn\(r), line\(l))"
        case .resnoop(let r, let l): return "hn.Resnoop(for rn\(r), line\(l))"
        case .raiseRequest(let d): return "link.\(d.name).TXLINKACTIVEREQ↑"
        case .raiseAcknowledge(let d): return "link.\(d.name).RXLINKACTIVEACK↑"
        case .dropRequest(let d): return "link.\(d.name).TXLINKACTIVEREQ↓"
        case .dropAcknowledge(let d): return "link.\(d.name).RXLINKACTIVEACK↓"
        case .grantCredit(let i): return "\(channels[i].name).LCRDV"
        case .returnCredit(let i): return "\(channels[i].name).LCrdReturn"
        case .deliver(let i, let code):
            let channel = channels[i]
            let alphabet = alphabets[channel.direction.rawValue]
            switch alphabet.decode(code) {
            case .message(let m, let r, let l):
                return channel.direction == .up ? "hn ← \(m)(rn\(r), line\(l))" : "rn\(r) ← \(m)(line\(l))"
            default:
                return "\(channel.name) ← LCrdReturn"
            }
        }
    }
}
