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
    /// L-credits (receiver buffer slots) per channel, 1...15, the same for both directions.
    public var reqCredits: Int
    public var rspCredits: Int
    public var snpCredits: Int
    public var datCredits: Int
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
        reqCredits = credits
        rspCredits = credits
        snpCredits = credits
        datCredits = credits
        self.uniqueCleanEmpty = uniqueCleanEmpty
        self.retry = retry
        self.deactivation = deactivation
        self.bug = bug
    }

    /// The retry path is on when asked for or when the seeded defect lives on it.
    public var retryEnabled: Bool { retry || bug == .p10b }

    public func credits(_ kind: ChannelKind) -> Int {
        switch kind {
        case .req: reqCredits
        case .rsp: rspCredits
        case .snp: snpCredits
        case .dat: datCredits
        }
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
