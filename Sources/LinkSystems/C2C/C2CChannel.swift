import CHI

/// One credited channel of one direction of the link: the six channel instances the model has.
///
/// Each direction carries only the CHI channels its traffic uses [CHI B13.4]: towards the home
/// die (`gpu→cpu`) requests (REQ), CompAck and snoop responses (RSP), write and snoop data
/// (DAT); towards the requester die (`cpu→gpu`) completions, RetryAck and PCrdGrant (RSP),
/// read data (DAT) and snoops (SNP). The L-credits of an instance are granted by its
/// receiver: the home die's for the first three, the requester die's for the last three.
public enum C2CChannel: Int, CaseIterable, Sendable, CustomStringConvertible {
    case reqToHome = 0, rspToHome, datToHome, rspToRequesters, datToRequesters, snpToRequesters

    public var kind: ChannelKind {
        switch self {
        case .reqToHome: .req
        case .rspToHome, .rspToRequesters: .rsp
        case .datToHome, .datToRequesters: .dat
        case .snpToRequesters: .snp
        }
    }

    /// Whether the channel runs from the requester die to the home die.
    public var towardsHome: Bool { rawValue < 3 }

    var direction: C2CDirection { towardsHome ? .up : .down }

    /// The instance of `kind` in `direction`, if the direction carries it.
    init?(_ kind: ChannelKind, _ direction: C2CDirection) {
        guard let found = Self.allCases.first(where: { $0.kind == kind && $0.direction == direction }) else { return nil }
        self = found
    }

    /// `gpu→cpu REQ`: how counterexamples and notes name it.
    public var description: String { "\(direction.name) \(kind)" }

    /// The `--param` that sets this instance's credits. REQ and SNP run one way only, so their
    /// names need no direction.
    public var parameterName: String {
        switch self {
        case .reqToHome: "req-credits"
        case .snpToRequesters: "snp-credits"
        case .rspToHome: "rsp-credits-gpu-cpu"
        case .datToHome: "dat-credits-gpu-cpu"
        case .rspToRequesters: "rsp-credits-cpu-gpu"
        case .datToRequesters: "dat-credits-cpu-gpu"
        }
    }
}
