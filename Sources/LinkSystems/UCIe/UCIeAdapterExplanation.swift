import StateSpace

/// Why an Adapter state is stuck, in the resources of the message-dependent deadlock (P1):
/// each die's receive buffer of a VC (`die1 VC0 receive buffer` holds what die 0 sent on VC0) and
/// the credits a die holds for its peer's buffer (`die0 VC0 credits`).
///
/// Edges: a request at the head of a buffer leaves only when its die answers it, which takes a
/// credit of the response VC; a die's credits come back only when its peer frees a slot of that
/// VC's buffer, or, when the peer already owes them, when the peer can send the flit that carries
/// them (a message of the VC when credits are only piggy-backed, P3; a credit-return flit that
/// itself spends a credit, P2b).
extension UCIeAdapterSystem: ExplainsStuckStates {
    public func explainStuck(_ s: PackedState) -> StuckExplanation {
        var e = StuckExplanation()
        let f = fields
        func bufferName(_ a: Int, _ v: Int) -> String { "die\(a) VC\(v) receive buffer" }
        func creditName(_ a: Int, _ v: Int) -> String { "die\(a) VC\(v) credits" }
        for a in 0..<2 {
            for v in 0..<vcCount {
                let held = f.buffer[a][v].filter { s[$0] != 0 }.map { MessageClass.name(f.slotClass[a][v][s[$0]]) }
                let depth = bufferDepth[a][v]
                e.resources.append(
                    .init(
                        name: bufferName(a, v),
                        state: "\(held.count == depth ? "full" : "holds") \(held.count) of \(depth)"
                            + (held.isEmpty ? "" : ": \(held.joined(separator: " "))")))
                var creditState = "\(s[f.credits[a][v]]) of \(credits[a][v])"
                let owed = s[f.pendingReturn[1 - a][v]]
                if owed > 0 { creditState += ", \(owed) owed by die\(1 - a)" }
                e.resources.append(.init(name: creditName(a, v), state: creditState))
            }
        }
        for a in 0..<2 {
            let die = "die\(a)"
            let p = 1 - a
            let payloadBlock = payloadBlocked(from: a, s)
            if configuration.requesters.contains(a) && s[f.outstanding[a]] < maxOutstanding {
                let action = "issueRequest(VC\(reqVC))"
                if s[f.credits[a][reqVC]] == 0 {
                    e.blocked.append(.init(party: die, action: action, reason: "needs a VC\(reqVC) credit: 0 of \(credits[a][reqVC])"))
                } else if let payloadBlock {
                    e.blocked.append(.init(party: die, action: action, reason: payloadBlock))
                }
            }
            // Each message that is answered by another: it leaves its buffer only with the
            // answer's credit.
            for step in forwardingSteps where head(die: a, vc: step.from, s) == step.taken {
                let choices = step.to.filter { s[f.credits[a][$0]] == 0 }
                if choices.count == step.to.count {
                    for to in step.to {
                        e.blocked.append(
                            .init(party: die, action: "\(step.action)(VC\(step.from)→VC\(to))", reason: "needs a VC\(to) credit: 0 of \(credits[a][to])"))
                        e.waits.append(
                            .init(
                                waiter: bufferName(a, step.from), holder: creditName(a, to),
                                reason: "its head \(step.noun) leaves only when \(die) answers it on VC\(to), which takes a VC\(to) credit"))
                    }
                } else if let payloadBlock {
                    e.blocked.append(.init(party: die, action: "\(step.action)(VC\(step.from)→VC\(step.to[0]))", reason: payloadBlock))
                }
            }
            for v in drainCheckedVCs {
                let headClass = f.slotClass[a][v][s[f.buffer[a][v][0]]]
                if headClass != MessageClass.none && !MessageClass.isSink(headClass)
                    && f.buffer[a][v].contains(where: { MessageClass.isSink(f.slotClass[a][v][s[$0]]) })
                {
                    e.blocked.append(
                        .init(
                            party: die, action: "sink(VC\(v))",
                            reason: "a completion waits behind a \(MessageClass.name(headClass)) at the head of \(bufferName(a, v))"))
                }
            }
            for v in 0..<vcCount where s[f.pendingReturn[a][v]] > 0 {
                let owed = s[f.pendingReturn[a][v]]
                if !dedicated {
                    var reason = "owes \(owed) credit\(owed == 1 ? "" : "s"): they ride only on a VC\(v) message (piggy-backed)"
                    reason += s[f.credits[a][v]] == 0 ? ", which needs a VC\(v) credit: 0 of \(credits[a][v])" : ", and \(die) sends none"
                    e.blocked.append(.init(party: die, action: "returnCredits(VC\(v))", reason: reason))
                } else if configuration.creditFlitConsumesCredit && s[f.credits[a][v]] == 0 {
                    e.blocked.append(
                        .init(
                            party: die, action: "returnCredits(VC\(v))",
                            reason: "the credit-return flit itself needs a VC\(v) credit: 0 of \(credits[a][v])"))
                } else if let payloadBlock {
                    e.blocked.append(.init(party: die, action: "returnCredits(VC\(v))", reason: payloadBlock))
                }
            }
            // Where this die's missing credits are.
            for v in 0..<vcCount where s[f.credits[a][v]] == 0 {
                let owed = s[f.pendingReturn[p][v]]
                let carrierNeedsCredit = !dedicated || configuration.creditFlitConsumesCredit
                if owed == 0 {
                    e.waits.append(
                        .init(
                            waiter: creditName(a, v), holder: bufferName(p, v),
                            reason: "\(die)'s VC\(v) credits come back only when die\(p) frees a slot of its VC\(v) receive buffer"))
                } else if carrierNeedsCredit && s[f.credits[p][v]] == 0 {
                    e.waits.append(
                        .init(
                            waiter: creditName(a, v), holder: creditName(p, v),
                            reason: "die\(p) owes \(owed) and returns them only on a flit that takes a die\(p) VC\(v) credit"))
                }
            }
        }
        return e
    }

    /// What keeps a state from the quiescent end (``isLegitimateEnd(_:)``, item by item).
    public func unfinishedWork(_ s: PackedState) -> [String] {
        let f = fields
        var work: [String] = []
        for a in 0..<2 {
            let die = "die\(a)"
            let n = s[f.outstanding[a]]
            if n > 0 { work.append("\(die) has \(n) request\(n == 1 ? "" : "s") outstanding") }
            for v in 0..<vcCount {
                let held = bufferedCount(die: a, vc: v, s)
                if held > 0 { work.append("\(die) VC\(v) receive buffer holds \(held)") }
                if s[f.credits[a][v]] != credits[a][v] { work.append("\(die) VC\(v) credits: \(s[f.credits[a][v]]) of \(credits[a][v]) home") }
                if s[f.pendingReturn[a][v]] > 0 { work.append("\(die) owes \(s[f.pendingReturn[a][v]]) VC\(v) credits") }
            }
            if retryOn {
                if s[f.link[a][0]] != 0 { work.append("the link d\(a)→d\(1 - a) carries a flit") }
                let unacknowledged = transmitter(die: a, s).outstanding
                if unacknowledged > 0 { work.append("\(die) has \(unacknowledged) flits unacknowledged") }
            }
        }
        return work
    }

    /// A message that is answered by another, as the rules forward it: the class taken from the
    /// head of VC `from`, the VCs its answer may go on, the rule's name.
    struct ForwardingStep {
        let taken: Int
        let from: Int
        let to: [Int]
        let action: String
        var noun: String { ["", "request", "", "snoop", "snoop response", ""][taken] }
    }

    var forwardingSteps: [ForwardingStep] {
        var steps: [ForwardingStep] = []
        if snpVC >= 0 {
            steps.append(ForwardingStep(taken: MessageClass.request, from: reqVC, to: [snpVC], action: "serveRequest"))
            steps.append(ForwardingStep(taken: MessageClass.snoop, from: snpVC, to: [rspVC], action: "answerSnoop"))
            steps.append(
                ForwardingStep(taken: MessageClass.snoopResponse, from: rspVC, to: [datVC >= 0 ? datVC : rspVC], action: "completeRequest"))
        } else {
            steps.append(ForwardingStep(taken: MessageClass.request, from: reqVC, to: datVC >= 0 ? [rspVC, datVC] : [rspVC], action: "serveRequest"))
        }
        return steps
    }

    /// Why the die's Adapter cannot take a payload flit now, or `nil` when it can.
    func payloadBlocked(from a: Int, _ s: PackedState) -> String? {
        guard retryOn else { return nil }
        if s[fields.link[a][linkSlots - 1]] != 0 { return "waits: the link d\(a)→d\(1 - a) is full" }
        let tx = transmitter(die: a, s)
        if tx.isReplaying { return "waits: die\(a)'s Adapter is replaying" }
        if tx.outstanding >= window[a] { return "waits: die\(a)'s retry window is full: \(tx.outstanding) of \(window[a]) flits unacknowledged" }
        return nil
    }
}
