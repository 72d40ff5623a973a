import StateSpace

/// Where the credit-link variables live. Fields of the other variant are `Field.absent`.
struct CreditLinkFields: Sendable {
    // shared
    let q: [[Field]]
    let qlen: [Field]
    let cred: [Field]
    let ret: [Field]
    // split
    let rq: [Field]
    let rs: [Field]
    let credQ: [Field]
    let credS: [Field]
    let retQ: [Field]
    let retS: [Field]
    // both
    let outs: [Field]

    init(variant: CreditLink.Variant, slots k: Int, maxOutstanding m: Int, builder b: inout StateLayoutBuilder) {
        let absent = [Field.absent, Field.absent]
        var q: [[Field]] = [[], []]
        var qlen: [Field] = []
        var cred: [Field] = []
        var ret: [Field] = []
        var rq: [Field] = []
        var rs: [Field] = []
        var credQ: [Field] = []
        var credS: [Field] = []
        var retQ: [Field] = []
        var retS: [Field] = []
        var outs: [Field] = []
        for a in 0..<2 {
            let die = "die\(a)"
            if variant == .shared {
                for slot in 0..<k {
                    q[a].append(b.add("q[\(a)][\(slot)]", values: 3, names: ["None", "Req", "Rsp"], owner: die))
                }
                qlen.append(b.add("qlen[\(a)]", values: k + 1, owner: die))
                cred.append(b.add("cred[\(a)]", values: k + 1, owner: die))
                ret.append(b.add("ret[\(a)]", values: k + 1, owner: die))
            } else {
                rq.append(b.add("rq[\(a)]", values: k + 1, owner: die))
                rs.append(b.add("rs[\(a)]", values: k + 1, owner: die))
                credQ.append(b.add("credQ[\(a)]", values: k + 1, owner: die))
                credS.append(b.add("credS[\(a)]", values: k + 1, owner: die))
                retQ.append(b.add("retQ[\(a)]", values: k + 1, owner: die))
                retS.append(b.add("retS[\(a)]", values: k + 1, owner: die))
            }
            outs.append(b.add("outs[\(a)]", values: m + 1, owner: die))
        }
        self.q = q
        self.qlen = variant == .shared ? qlen : absent
        self.cred = variant == .shared ? cred : absent
        self.ret = variant == .shared ? ret : absent
        self.rq = variant == .split ? rq : absent
        self.rs = variant == .split ? rs : absent
        self.credQ = variant == .split ? credQ : absent
        self.credS = variant == .split ? credS : absent
        self.retQ = variant == .split ? retQ : absent
        self.retS = variant == .split ? retS : absent
        self.outs = outs
    }
}
