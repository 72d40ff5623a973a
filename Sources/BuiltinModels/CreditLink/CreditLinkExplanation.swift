import StateSpace

/// Why a credit-link state is stuck. Resources: each die's incoming FIFO (`die1 FIFO` holds what
/// die 0 sent) and the credits each die holds for the other's FIFO.
///
/// A request at the head of a FIFO leaves only when its die serves it, which sends a response
/// and so needs a credit; a die's credits come back only when the other die frees a slot of its
/// FIFO. With both FIFOs full of requests and no credits left, these edges close a cycle.
extension CreditLink: ExplainsStuckStates {
    public func explainStuck(_ s: PackedState) -> StuckExplanation {
        var e = StuckExplanation()
        let f = fields
        for a in 0..<2 {
            let die = "die\(a)"
            let p = 1 - a
            if variant == .shared {
                let queued = s[f.qlen[a]]
                let head = queued > 0 ? s[f.q[a][0]] : Slot.none
                let credits = s[f.cred[a]]
                let fifo = "\(die) FIFO"
                let heldCredits = "\(die) credits"
                let contents = (0..<queued).map { s[f.q[a][$0]] == Slot.req ? "Req" : "Rsp" }
                e.resources.append(
                    StuckExplanation.Resource(
                        name: fifo,
                        state: "\(queued == slots ? "full" : "holds") \(queued) of \(slots)"
                            + (contents.isEmpty ? "" : ": \(contents.joined(separator: " "))")))
                e.resources.append(StuckExplanation.Resource(name: heldCredits, state: "\(credits) of \(slots)"))
                if s[f.outs[a]] < maxOutstanding && credits == 0 {
                    e.blocked.append(.init(party: die, action: "IssueReq", reason: "needs a credit: 0 of \(slots)"))
                }
                if head == Slot.req && credits == 0 {
                    e.blocked.append(
                        .init(party: die, action: "ServeReq", reason: "needs a credit for the response: 0 of \(slots)"))
                    e.waits.append(
                        .init(
                            waiter: fifo, holder: heldCredits,
                            reason: "its head request leaves only when \(die) answers it, which takes a credit"))
                }
                if credits == 0 {
                    e.waits.append(
                        .init(
                            waiter: heldCredits, holder: "die\(p) FIFO",
                            reason: "\(die)'s credits come back only when die\(p) frees a slot of its FIFO"))
                }
            } else {
                let requests = "\(die) request FIFO"
                let requestCredits = "\(die) request credits"
                let responseCredits = "\(die) response credits"
                e.resources += [
                    .init(name: requests, state: "holds \(s[f.rq[a]]) of \(slots)"),
                    .init(name: "\(die) response FIFO", state: "holds \(s[f.rs[a]]) of \(slots)"),
                    .init(name: requestCredits, state: "\(s[f.credQ[a]]) of \(slots)"),
                    .init(name: responseCredits, state: "\(s[f.credS[a]]) of \(slots)"),
                ]
                if s[f.outs[a]] < maxOutstanding && s[f.credQ[a]] == 0 {
                    e.blocked.append(.init(party: die, action: "IssueReq", reason: "needs a request credit: 0 of \(slots)"))
                }
                if s[f.rq[a]] > 0 && s[f.credS[a]] == 0 {
                    e.blocked.append(.init(party: die, action: "ServeReq", reason: "needs a response credit: 0 of \(slots)"))
                    e.waits.append(
                        .init(
                            waiter: requests, holder: responseCredits,
                            reason: "a request leaves only when \(die) answers it, which takes a response credit"))
                }
                if s[f.credQ[a]] == 0 {
                    e.waits.append(
                        .init(
                            waiter: requestCredits, holder: "die\(p) request FIFO",
                            reason: "they come back only when die\(p) frees a slot of its request FIFO"))
                }
                if s[f.credS[a]] == 0 {
                    e.waits.append(
                        .init(
                            waiter: responseCredits, holder: "die\(p) response FIFO",
                            reason: "they come back only when die\(p) frees a slot of its response FIFO"))
                }
            }
        }
        return e
    }

    /// What keeps a state from the quiescent end: outstanding requests, queued messages, credits
    /// not yet handed back.
    public func unfinishedWork(_ s: PackedState) -> [String] {
        let f = fields
        var work: [String] = []
        for a in 0..<2 {
            let die = "die\(a)"
            if s[f.outs[a]] > 0 { work.append("\(die) has \(s[f.outs[a]]) request\(s[f.outs[a]] == 1 ? "" : "s") outstanding") }
            if variant == .shared {
                if s[f.qlen[a]] > 0 { work.append("\(die) FIFO holds \(s[f.qlen[a]])") }
                if s[f.ret[a]] > 0 { work.append("\(die) owes \(s[f.ret[a]]) credits") }
            } else {
                if s[f.rq[a]] + s[f.rs[a]] > 0 { work.append("\(die) FIFOs hold \(s[f.rq[a]] + s[f.rs[a]])") }
                if s[f.retQ[a]] + s[f.retS[a]] > 0 { work.append("\(die) owes \(s[f.retQ[a]] + s[f.retS[a]]) credits") }
            }
        }
        return work
    }
}
