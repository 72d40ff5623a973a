import StateSpace

/// Steven German's directory cache-coherence protocol, exactly as the project's benchmark
/// definition gives it (`german.md`): a home node serialises `ReqS`/`ReqE` requests from `N`
/// clients over three single-slot channels per client, invalidates sharers, and grants.
///
/// The rules follow the definition to the letter, including what is *not* cleared: channel
/// data survives a command slot going back to `Empty`, an invalidated line keeps its data, and
/// `curPtr` keeps its last value. Fields not yet written hold a distinct *undefined* value
/// (encoded as 0), as in Murphi, so state counts match other checkers on the same protocol.
///
/// ```
///  client i ──chan1 (ReqS/ReqE)──▶ home ──chan2 (Inv/GntS/GntE)──▶ client i
///  client i ──chan3 (InvAck)─────▶ home
/// ```
public struct German: TransitionSystem {
    /// A seeded bug: one rule weakened so that an invariant must fail.
    public enum Bug: String, CaseIterable, Sendable {
        case none
        /// SendGntE no longer waits for every sharer to acknowledge (Control fails).
        case grantExclusiveWithoutAcks = "gnte-without-acks"
        /// SendInvAck never copies the cache's data (Data fails).
        case invAckWithoutData = "invack-without-data"
        /// SendGntS no longer checks `¬exGntd` (Control fails).
        case grantSharedWhileExclusive = "gnts-while-exclusive"
    }

    public let clients: Int
    /// Data values `1...dataValues`; `nil` for the data-free variant.
    public let dataValues: Int?
    public let bug: Bug
    public let layout: StateLayout
    public let invariantNames: [String]
    let fields: GermanFields
    let rules: [GermanRule]
    /// The compiled rules, when the layout allows them; it owns the memory ``ruleLoop`` reads.
    private(set) var ruleTable: GermanRuleTable?
    /// What the successor loop reads of ``ruleTable`` (plain values, copied for free).
    private(set) var ruleLoop: GermanRuleTable.Loop?
    /// Per word, the bit of every cache state stored there that is set for S (1), and the bit
    /// set for E (2): the Control invariant counts them rather than reading each client.
    let sharedBits: [UInt64]
    let exclusiveBits: [UInt64]

    public init(clients: Int, dataValues: Int?, bug: Bug = .none) {
        precondition(clients >= 1, "the German protocol needs at least one client")
        precondition(dataValues.map { $0 >= 1 } ?? true, "the data variant needs at least one data value")
        self.clients = clients
        self.dataValues = dataValues
        self.bug = bug
        var builder = StateLayoutBuilder()
        fields = GermanFields(clients: clients, dataValues: dataValues, builder: &builder)
        layout = builder.build()
        rules = GermanRule.all(clients: clients, dataValues: dataValues)
        var shared = [UInt64](repeating: 0, count: layout.wordCount)
        var exclusive = shared
        for c in fields.client {
            shared[c.cacheState.word] |= UInt64(CacheState.shared) << c.cacheState.shift
            exclusive[c.cacheState.word] |= UInt64(CacheState.exclusive) << c.cacheState.shift
        }
        sharedBits = shared
        exclusiveBits = exclusive
        invariantNames = dataValues == nil ? ["Control"] : ["Control", "Data"]
        ruleTable = GermanRuleTable(model: self)
        ruleLoop = ruleTable?.loop
    }

    public var ruleCount: Int { rules.count }

    public func ruleName(_ rule: Int) -> String { rules[rule].name }

    public func initialStates() -> [StateWords] {
        if let dataValues {
            // One initial state per data value: memory and the ghost both hold it.
            return (1...dataValues).map { d in
                layout.makeState { s in
                    s[fields.memData] = d
                    s[fields.auxData] = d
                }
            }
        }
        // Data-free: one initial state per client h, with curPtr = h.
        return (0..<clients).map { h in layout.makeState { s in s[fields.curPtr] = h + 1 } }
    }

    /// Clients are interchangeable: every rule and invariant treats them alike, and `curPtr`
    /// names one of them (stored as index + 1, 0 = undefined).
    public var symmetry: AgentSymmetry? {
        AgentSymmetry(
            agents: fields.client.map {
                [$0.cacheState, $0.cacheData, $0.chan1Cmd, $0.chan1Data, $0.chan2Cmd, $0.chan2Data, $0.chan3Cmd,
                 $0.chan3Data, $0.invSet, $0.shrSet]
            },
            pointers: [AgentSymmetry.Pointer(field: fields.curPtr, offset: 1)])
    }

    public var definesLegitimateEnds: Bool { true }

    /// Quiescent: no request is being served and every channel is empty.
    public func isLegitimateEnd(_ s: PackedState) -> Bool {
        guard s[fields.curCmd] == Cmd.empty else { return false }
        for c in fields.client
        where s[c.chan1Cmd] != Cmd.empty || s[c.chan2Cmd] != Cmd.empty || s[c.chan3Cmd] != Cmd.empty {
            return false
        }
        return true
    }
}

/// Encodings of the command and cache-state fields.
enum Cmd {
    // chan1 and curCmd
    static let empty = 0
    static let reqS = 1
    static let reqE = 2
    // chan2
    static let inv = 1
    static let gntS = 2
    static let gntE = 3
    // chan3
    static let invAck = 1
}

enum CacheState {
    static let invalid = 0
    static let shared = 1
    static let exclusive = 2
}
