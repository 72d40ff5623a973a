import StateSpace

/// The credit-link benchmark (`credit-link.md`): two dies joined by a credited link, each
/// issuing requests that need a response from the other. The smallest message-dependent credit
/// deadlock.
///
/// ```
///        cred[0] ──IssueReq/ServeReq──▶ q[1] (K slots)
///  die 0                                              die 1
///        q[0] (K slots) ◀──IssueReq/ServeReq── cred[1]
///        ret[a]: freed slots of q[a] not yet handed back as credits
/// ```
///
/// In the `shared` variant requests and responses share one FIFO per direction: with `K ≤ M`
/// both FIFOs can fill with requests while neither side holds a credit to answer, and nothing
/// moves (a deadlock after 2K steps). The `split` variant gives responses their own FIFO and
/// credits, and never deadlocks.
public struct CreditLink: TransitionSystem {
    public enum Variant: String, CaseIterable, Sendable {
        case shared
        case split
    }

    public let variant: Variant
    /// FIFO slots (and credits) per channel.
    public let slots: Int
    /// Outstanding requests per agent.
    public let maxOutstanding: Int
    public let layout: StateLayout
    public let invariantNames = ["CreditConservation"]
    let fields: CreditLinkFields
    let rules: [(kind: CreditLinkRule, agent: Int)]

    public init(variant: Variant, slots k: Int, maxOutstanding m: Int) {
        precondition(k >= 1 && m >= 1, "credit-link needs K >= 1 and M >= 1")
        self.variant = variant
        slots = k
        maxOutstanding = m
        var builder = StateLayoutBuilder()
        fields = CreditLinkFields(variant: variant, slots: k, maxOutstanding: m, builder: &builder)
        layout = builder.build()
        rules = CreditLinkRule.allCases.flatMap { kind in (0..<2).map { (kind, $0) } }
    }

    public var ruleCount: Int { rules.count }

    public func ruleName(_ rule: Int) -> String {
        let (kind, agent) = rules[rule]
        return "\(kind.rawValue)(die \(agent))"
    }

    public func initialStates() -> [StateWords] {
        [
            layout.makeState { s in
                for a in 0..<2 {
                    if variant == .shared {
                        s[fields.cred[a]] = slots
                    } else {
                        s[fields.credQ[a]] = slots
                        s[fields.credS[a]] = slots
                    }
                }
            }
        ]
    }

    /// Quiescent: no request outstanding, every FIFO empty and every credit home.
    public var definesLegitimateEnds: Bool { true }

    public func isLegitimateEnd(_ s: PackedState) -> Bool {
        for a in 0..<2 where s[fields.outs[a]] != 0 { return false }
        if variant == .shared {
            for a in 0..<2 where s[fields.qlen[a]] != 0 || s[fields.ret[a]] != 0 { return false }
        } else {
            for a in 0..<2 where s[fields.rq[a]] + s[fields.rs[a]] + s[fields.retQ[a]] + s[fields.retS[a]] != 0 {
                return false
            }
        }
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? {
        let f = fields
        for a in 0..<2 {
            let p = 1 - a
            if variant == .shared {
                if s[f.cred[a]] + s[f.qlen[p]] + s[f.ret[p]] != slots { return 0 }
            } else {
                if s[f.credQ[a]] + s[f.rq[p]] + s[f.retQ[p]] != slots { return 0 }
                if s[f.credS[a]] + s[f.rs[p]] + s[f.retS[p]] != slots { return 0 }
            }
        }
        return nil
    }
}

enum CreditLinkRule: String, CaseIterable, Sendable {
    case issueReq = "IssueReq"
    case serveReq = "ServeReq"
    case sinkRsp = "SinkRsp"
    case returnCredits = "ReturnCredits"
}

/// Message kinds in a shared FIFO slot.
enum Slot {
    static let none = 0
    static let req = 1
    static let rsp = 2
}
