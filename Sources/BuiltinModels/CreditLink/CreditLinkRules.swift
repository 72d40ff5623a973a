import StateSpace

extension CreditLink {
    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let (kind, a) = rules[rule]
        return variant == .shared ? applyShared(kind, a, s) : applySplit(kind, a, s)
    }

    private func applyShared(_ kind: CreditLinkRule, _ a: Int, _ s: PackedState) -> Bool {
        let f = fields
        let p = 1 - a
        switch kind {
        case .issueReq:
            guard s[f.outs[a]] < maxOutstanding, s[f.cred[a]] > 0 else { return false }
            s[f.cred[a]] -= 1
            s[f.outs[a]] += 1
            push(Slot.req, into: p, s)
        case .serveReq:
            guard s[f.qlen[a]] > 0, s[f.q[a][0]] == Slot.req, s[f.cred[a]] > 0 else { return false }
            pop(a, s)
            s[f.ret[a]] += 1
            s[f.cred[a]] -= 1
            push(Slot.rsp, into: p, s)
        case .sinkRsp:
            guard s[f.qlen[a]] > 0, s[f.q[a][0]] == Slot.rsp else { return false }
            pop(a, s)
            s[f.ret[a]] += 1
            s[f.outs[a]] -= 1
        case .returnCredits:
            guard s[f.ret[a]] > 0 else { return false }
            s[f.cred[p]] += s[f.ret[a]]
            s[f.ret[a]] = 0
        }
        return true
    }

    private func push(_ message: Int, into b: Int, _ s: PackedState) {
        let n = s[fields.qlen[b]]
        s[fields.q[b][n]] = message
        s[fields.qlen[b]] = n + 1
    }

    private func pop(_ b: Int, _ s: PackedState) {
        let q = fields.q[b]
        for i in 0..<(slots - 1) { s[q[i]] = s[q[i + 1]] }
        s[q[slots - 1]] = Slot.none
        s[fields.qlen[b]] -= 1
    }

    private func applySplit(_ kind: CreditLinkRule, _ a: Int, _ s: PackedState) -> Bool {
        let f = fields
        let p = 1 - a
        switch kind {
        case .issueReq:
            guard s[f.outs[a]] < maxOutstanding, s[f.credQ[a]] > 0 else { return false }
            s[f.credQ[a]] -= 1
            s[f.outs[a]] += 1
            s[f.rq[p]] += 1
        case .serveReq:
            guard s[f.rq[a]] > 0, s[f.credS[a]] > 0 else { return false }
            s[f.rq[a]] -= 1
            s[f.retQ[a]] += 1
            s[f.credS[a]] -= 1
            s[f.rs[p]] += 1
        case .sinkRsp:
            guard s[f.rs[a]] > 0 else { return false }
            s[f.rs[a]] -= 1
            s[f.retS[a]] += 1
            s[f.outs[a]] -= 1
        case .returnCredits:
            guard s[f.retQ[a]] + s[f.retS[a]] > 0 else { return false }
            s[f.credQ[p]] += s[f.retQ[a]]
            s[f.credS[p]] += s[f.retS[a]]
            s[f.retQ[a]] = 0
            s[f.retS[a]] = 0
        }
        return true
    }
}
