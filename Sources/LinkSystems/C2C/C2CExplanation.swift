import CHI
import StateSpace

/// Why a C2C state is stuck. Resources: each credited channel's buffer (`link.gpu→cpu.REQ
/// buffer`, the flits sent and not yet taken), its credits (`link.gpu→cpu.REQ credits`) and each
/// line's transaction at the home (`hn line0`).
///
/// Edges: a flit at the head of a buffer waits for what its receiver needs to take it (the home
/// line to finish its transaction, a credit for the snoop's response); a home line waits for the
/// message it expects from a requester, which waits for a credit of the channel it travels on;
/// a transmitter's credits come back only when the receiver takes a flit from that channel's
/// buffer. With the P1 defect (CompAck on the REQ channel) these close a cycle through the REQ
/// channel and the home line.
extension C2CSystem: ExplainsStuckStates {
    public func explainStuck(_ s: PackedState) -> StuckExplanation {
        var e = StuckExplanation()
        let f = fields
        let c = configuration
        func bufferName(_ i: Int) -> String { "\(f.channels[i].name) buffer" }
        func creditName(_ i: Int) -> String { "\(f.channels[i].name) credits" }
        func lineName(_ l: Int) -> String { "hn line\(l)" }
        func flitName(_ code: Int, _ d: C2CDirection) -> String {
            switch alphabets[d.rawValue].decode(code) {
            case .message(let m, let r, let l): "\(m)(rn\(r), line\(l))"
            case .creditReturn: "LCrdReturn"
            case .empty: "-"
            }
        }
        /// Why channel `i` cannot take a protocol flit now (`maySend` is false).
        func sendBlock(_ i: Int) -> String {
            let ch = f.channels[i]
            let state = linkState(s, ch.direction)
            if state != .run { return "needs \(ch.name) in RUN, it is in \(state)" }
            return "needs a \(ch.name) credit: \(s[ch.txCredits]) of \(ch.capacity)"
        }

        for (i, ch) in f.channels.enumerated() {
            let flits = ch.slotRange.map { s[f.slots[$0]] }.filter { $0 != 0 }.map { flitName($0, ch.direction) }
            e.resources.append(
                .init(
                    name: bufferName(i),
                    state: "\(flits.count == ch.capacity ? "full" : "holds") \(flits.count) of \(ch.capacity)"
                        + (flits.isEmpty ? "" : ": \(flits.joined(separator: ", "))")))
            e.resources.append(
                .init(
                    name: creditName(i),
                    state: "\(s[ch.txCredits]) of \(ch.capacity) at the transmitter, \(s[ch.rxCredits]) not yet granted"))
        }
        for l in 0..<c.lines {
            let h = home(s, l)
            let busy = (0..<c.requestNodes).compactMap { r in h.tracker(r) == .idle ? nil : "rn\(r) \(h.tracker(r))" }
            e.resources.append(.init(name: lineName(l), state: busy.isEmpty ? "idle" : busy.joined(separator: ", ")))
        }

        // Receivers that cannot take the flit at the head of a channel.
        for (i, ch) in f.channels.enumerated() {
            let code = s[f.head(ch)]
            guard code != 0, case .message(let message, let r, let l) = alphabets[ch.direction.rawValue].decode(code) else {
                continue
            }
            let flit = flitName(code, ch.direction)
            let receiver = ch.direction == .up ? "hn" : "rn\(r)"
            let action = "take \(flit) from \(ch.name)"
            if linkState(s, ch.direction) == .stop {
                e.blocked.append(.init(party: receiver, action: action, reason: "waits: the link \(ch.direction.name) is in STOP"))
                continue
            }
            if ch.direction == .up {
                let h = home(s, l)
                if case .request(let op, let allowRetry) = message {
                    switch h.decide(op, from: r, allowRetry: allowRetry, homeBehaviour) {
                    case .wait:
                        e.blocked.append(.init(party: receiver, action: action, reason: "waits: line\(l) is busy with another transaction"))
                        e.waits.append(
                            .init(
                                waiter: bufferName(i), holder: lineName(l),
                                reason: "its head request waits until the home finishes line\(l)'s transaction"))
                    case .retry:
                        let j = channel(for: .retryAck, .down)
                        e.blocked.append(.init(party: receiver, action: "answer \(flit) with RetryAck", reason: sendBlock(j)))
                        e.waits.append(
                            .init(waiter: bufferName(i), holder: creditName(j), reason: "its head request leaves with a RetryAck on \(f.channels[j].name)"))
                    case .accept:
                        break
                    }
                } else {
                    e.blocked.append(.init(party: receiver, action: action, reason: "waits: the home does not expect it in line\(l)'s state"))
                }
            } else if case .snoop(let op) = message {
                var rn = requestNode(s, r, l)
                let j = channel(for: rn.snoop(op, rnBehaviour), .up)
                e.blocked.append(.init(party: receiver, action: "answer \(flit)", reason: sendBlock(j)))
                e.waits.append(
                    .init(
                        waiter: bufferName(i), holder: creditName(j),
                        reason: "its head snoop leaves only with its response on \(f.channels[j].name)"))
            } else {
                e.blocked.append(.init(party: receiver, action: action, reason: "waits: rn\(r) does not expect it in its state"))
            }
        }

        // Requesters with a message to send and no way to send it.
        for r in 0..<c.requestNodes {
            for l in 0..<c.lines {
                let rn = requestNode(s, r, l)
                var a = rn
                var b = rn
                var d = rn
                for message in [a.sendCompAck(), b.sendWriteData(rnBehaviour), d.resend()].compactMap({ $0 }) {
                    let j = channel(for: message, .up)
                    guard !maySend(s, j) else { continue }
                    e.blocked.append(.init(party: "rn\(r)", action: "send \(message)(line\(l))", reason: sendBlock(j)))
                    if s[f.tracker[l][r]] != 0 {
                        e.waits.append(
                            .init(
                                waiter: lineName(l), holder: creditName(j),
                                reason: "the home waits for rn\(r)'s \(message), which needs a \(f.channels[j].name) credit"))
                    }
                }
            }
        }

        // The home with a snoop, completion or credit grant to send and no way to send it.
        for l in 0..<c.lines {
            let h = home(s, l)
            for r in 0..<c.requestNodes {
                var pending: [Message] = []
                if h.snoop(r) == .toSend, let op = h.snoopToSend(r, homeBehaviour) { pending.append(.snoop(op)) }
                if s[f.tracker[l][r]] >= 3, let m = h.completion(for: r, homeBehaviour) { pending.append(m) }
                if c.retryEnabled, h.mayGrant(r, homeBehaviour) { pending.append(.pCrdGrant) }
                for message in pending {
                    let j = channel(for: message, .down)
                    guard !maySend(s, j) else { continue }
                    e.blocked.append(.init(party: "hn", action: "send \(message)(rn\(r), line\(l))", reason: sendBlock(j)))
                    e.waits.append(
                        .init(
                            waiter: lineName(l), holder: creditName(j),
                            reason: "line\(l)'s transaction goes on with \(message) to rn\(r), which needs a \(f.channels[j].name) credit"))
                }
            }
        }

        // Where missing credits are: in flits the receiver has not taken.
        for (i, ch) in f.channels.enumerated() where s[ch.txCredits] == 0 && s[ch.rxCredits] == 0 && occupancy(s, i) > 0 {
            e.waits.append(
                .init(
                    waiter: creditName(i), holder: bufferName(i),
                    reason: "its credits come back only when the receiver takes a flit from \(ch.name)"))
        }
        return e
    }

    /// What keeps a state from a legitimate end: transactions in progress at the requesters and
    /// the home, protocol flits on the link, a link direction between STOP and RUN.
    public func unfinishedWork(_ s: PackedState) -> [String] {
        let f = fields
        let c = configuration
        var work: [String] = []
        for r in 0..<c.requestNodes {
            for l in 0..<c.lines where s[f.phase[r][l]] != 0 {
                work.append("rn\(r) line\(l): \(phases.names[s[f.phase[r][l]]]) in progress")
            }
        }
        for l in 0..<c.lines {
            let h = home(s, l)
            guard !h.isQuiescent else { continue }
            var parts: [String] = []
            for r in 0..<c.requestNodes {
                if h.tracker(r) != .idle { parts.append("rn\(r) \(h.tracker(r))") }
                if h.snoop(r) != .none { parts.append("snoop rn\(r) \(h.snoop(r))") }
            }
            if h.waitingForCredit != 0 { parts.append("a requester waits for PCrdGrant") }
            work.append("hn line\(l): " + (parts.isEmpty ? "busy" : parts.joined(separator: ", ")))
        }
        for ch in f.channels {
            let flits = ch.slotRange.filter { s[f.slots[$0]] != 0 }.count
            if flits > 0 { work.append("\(ch.name) carries \(flits) flit\(flits == 1 ? "" : "s")") }
        }
        for d in C2CDirection.allCases {
            let st = linkState(s, d)
            if st != .stop && st != .run { work.append("link \(d.name) in \(st)") }
        }
        return work
    }
}
