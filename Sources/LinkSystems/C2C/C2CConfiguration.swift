import CHI

/// A seeded defect of the coherent link (Documentation/Protocols/C2C/README.md, Seeded bugs). Each names the pitfall it plants.
public enum C2CBug: String, CaseIterable, Sendable {
    case none
    /// P1: CompAck and snoop responses ride the REQ channel and its credits.
    case p1
    /// P2a: the receiver drops LINKACTIVE ACK once the transmitter holds no credit, while a
    /// credit-return link flit is still on the wire; the credit is lost.
    case p2a
    /// P9a: a WriteBackFull overtaken by a SnpUnique sends its stale data as CBWrData_UD_PD.
    case p9a
    /// P9b: the home snoops a line between sending Comp/CompData and receiving CompAck.
    case p9b
    /// P9c: an RN-F drops a dirty line without a writeback.
    case p9c
    /// P10b: a retried request is re-sent on RetryAck alone, before PCrdGrant (needs retry).
    case p10b
    /// P10d: the home does not serialise a line; two ReadUniques snoop each other forever.
    case p10d
}

/// Everything that sizes and shapes a C2C system, as plain values, so that a descriptor
/// loader can build one as easily as the command line.
///
/// The request nodes (RN-F) sit on one die (`gpu`), the home (HN-F with its memory) on the
/// other (`cpu`); every message crosses the credited link.
public struct C2CConfiguration: Equatable, Sendable {
    /// RN-F count, 1...4.
    public var requestNodes: Int
    /// Cache lines (addresses), 1...2.
    public var lines: Int
    /// Data values per line, 1...4.
    public var values: Int
    /// L-credits (receiver buffer slots) of each channel instance, 1...15, indexed by
    /// ``C2CChannel/rawValue``: each is what that channel's receiver grants, so the two
    /// directions, and the channels of one direction, may differ.
    public var channelCredits: [Int]
    /// RN-Fs implement UCE and upgrade with CleanUnique (otherwise ReadUnique from SC).
    public var uniqueCleanEmpty: Bool
    /// The home answers requests for a busy line with RetryAck/PCrdGrant [CHI B2.9].
    public var retry: Bool
    /// Links may deactivate (RUN → DEACTIVATE → STOP) whenever the sending die is idle.
    public var deactivation: Bool
    public var bug: C2CBug

    public init(
        requestNodes: Int = 2, lines: Int = 1, values: Int = 2, credits: Int = 1, uniqueCleanEmpty: Bool = true,
        retry: Bool = false, deactivation: Bool = true, bug: C2CBug = .none
    ) {
        self.requestNodes = requestNodes
        self.lines = lines
        self.values = values
        channelCredits = Array(repeating: credits, count: C2CChannel.allCases.count)
        self.uniqueCleanEmpty = uniqueCleanEmpty
        self.retry = retry
        self.deactivation = deactivation
        self.bug = bug
    }

    /// The retry path is on when asked for or when the seeded defect lives on it.
    public var retryEnabled: Bool { retry || bug == .p10b }

    /// The credits `channel`'s receiver grants.
    public func credits(_ channel: C2CChannel) -> Int { channelCredits[channel.rawValue] }

    /// Sets the credits of one channel instance.
    public mutating func setCredits(_ credits: Int, for channel: C2CChannel) { channelCredits[channel.rawValue] = credits }

    /// The most protocol flits that can ever be in `channel` at once (on the wire or in the
    /// receiver's buffer), whatever its credits: the workload bound a credit count is clamped
    /// to (see ``clampedCredits(_:for:)``).
    ///
    /// Every message in a channel belongs to one transaction or snoop of one (RN-F, line) pair,
    /// and each *role* below has at most one message per pair in flight at a time:
    /// * a request: an RN-F issues from idle and stays busy until the home has taken the request
    ///   off the REQ buffer (accepted, or answered with RetryAck); a re-send replaces it;
    /// * a completion (Comp, CompDBIDResp, CompData): the home accepts a pair's next request
    ///   only once its tracker is idle again (`HomeLine.decide`), that is after the CompAck or
    ///   CBWrData that answers the completion has arrived;
    /// * CompAck and CBWrData: one per completion, sent after it arrived;
    /// * RetryAck and PCrdGrant: one per retried request, one per RetryAck (the waiting bit is
    ///   cleared by the grant);
    /// * a snoop and its response (SnpResp or SnpRespData): the snoop status of a pair goes back
    ///   to none only when the response has arrived, and the response is sent when the snoop is
    ///   taken off the SNP buffer.
    /// These hold in every configuration, the seeded defects included (P9b snoops between Comp
    /// and CompAck, so a CompAck and a SnpResp of one pair may share RSP; both are counted).
    /// So the bound is (roles the channel carries) × RN-Fs × lines: REQ 1 (3 with P1, whose
    /// CompAck and SnpResp ride REQ), RSP towards the home 2 (none with P1), DAT towards the
    /// home 2, RSP towards the requesters 1 (3 with the retry path), DAT and SNP 1.
    public func mostFlits(in channel: C2CChannel) -> Int {
        let roles: Int =
            switch channel {
            case .reqToHome: bug == .p1 ? 3 : 1
            case .rspToHome: bug == .p1 ? 0 : 2
            case .datToHome: 2
            case .rspToRequesters: retryEnabled ? 3 : 1
            case .datToRequesters, .snpToRequesters: 1
            }
        return roles * requestNodes * lines
    }

    /// The credits the model gives `channel` when its receiver grants `declared`:
    /// `min(declared, mostFlits(in:) + 1)`.
    ///
    /// **Why the verdict cannot change.** Write B for ``mostFlits(in:)`` and k = B + 1 ≤ c for
    /// the clamped and declared counts. Credits are only moved by the link layer: granted
    /// (LCRDV, in RUN), spent by a protocol flit (in RUN) or returned as a link flit (in
    /// DEACTIVATE, when the sender holds credits), and freed when the receiver takes a flit.
    /// The agents read a channel's credits only through "the sender holds one" (to send) and
    /// the receiver through "every credit is home" (to drop ACK; with P2a "the sender holds
    /// none").
    /// * Every run of the clamped model is a run of the declared one: leave the c − k extra
    ///   credits at the receiver, never granted. The agents see the same values, so every
    ///   violation found with k credits exists with c.
    /// * With k credits a protocol flit never waits for a slot: in RUN the channel holds only
    ///   protocol flits (link flits exist only in DEACTIVATE, and the receiver drops ACK only
    ///   when they are all home), at most B of them, so at least one credit is at the sender or
    ///   can be granted (LCRDV is enabled in RUN while the receiver holds one). A sender that
    ///   holds none waits one grant, as it may with c credits too. The c-credit model can grant
    ///   more credits ahead, but holding two credits enables nothing that holding one does not,
    ///   and the extra credits come back (as link flits) before the direction reaches STOP.
    ///   So every state of the declared model has a clamped counterpart with the same agents,
    ///   the same protocol flits in each channel and the same link states, from which the same
    ///   protocol steps are enabled, and a stuck state (deadlock) or a state with no way to a
    ///   legitimate end (trap) of either is one of the other.
    /// The counts of states differ (the credits can be spread between sender, wire and
    /// receiver in more ways with c), the verdicts do not; a deadlock's shortest trace may be
    /// longer with c by the LCRDV steps that grant the extra credits before nothing else is
    /// enabled. `C2CClampTests` compares both
    /// models on small cases.
    public func clampedCredits(_ declared: Int, for channel: C2CChannel) -> Int {
        min(declared, mostFlits(in: channel) + 1)
    }

    var requestNodeBehaviour: RequestNodeBehaviour {
        RequestNodeBehaviour(
            uniqueCleanEmpty: uniqueCleanEmpty, staleWriteBackData: bug == .p9a, resendWithoutGrant: bug == .p10b,
            silentDirtyDrop: bug == .p9c)
    }

    var homeBehaviour: HomeBehaviour {
        HomeBehaviour(retry: retryEnabled, snoopBeforeCompAck: bug == .p9b, noSerialisation: bug == .p10d)
    }

    /// The named configurations the project checks: the fixed protocol and one per defect.
    public static let named: [(name: String, configuration: C2CConfiguration)] =
        [("fixed", C2CConfiguration())] + C2CBug.allCases.filter { $0 != .none }.map { ($0.rawValue, C2CConfiguration(bug: $0)) }
}
