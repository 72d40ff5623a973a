/// The words of AMBA CHI (Issue F.b) that the coherent-link model speaks.
///
/// Everything here is a small value type with no knowledge of any checker: the model in
/// `LinkSystems` packs these values into state words, a simulator could drive them from a
/// trace. Spec sections are cited as `[CHI B4.1]` etc.

/// A cache line state at an RN-F [CHI B4.1]. UDP is not modelled: the model has no partial
/// writes, so a line is always written whole.
public enum CacheState: Int, CaseIterable, Sendable, CustomStringConvertible {
    case I = 0, UC, UCE, UD, SC, SD

    public var description: String {
        switch self {
        case .I: "I"
        case .UC: "UC"
        case .UCE: "UCE"
        case .UD: "UD"
        case .SC: "SC"
        case .SD: "SD"
        }
    }

    /// Unique states: this cache is the only one that may hold the line.
    public var isUnique: Bool { self == .UC || self == .UCE || self == .UD }
    /// States in which the cache holds valid bytes of the line.
    public var holdsData: Bool { self == .UC || self == .UD || self == .SC || self == .SD }
    /// Dirty states: the cache is responsible for writing the line back [CHI B4.1].
    public var isDirty: Bool { self == .UD || self == .SD }
}

/// The four CHI channel types [CHI B13.4]. The link carries each as an independently credited
/// virtual channel.
public enum ChannelKind: Int, CaseIterable, Sendable, CustomStringConvertible {
    case req = 0, rsp, snp, dat

    public var description: String {
        switch self {
        case .req: "REQ"
        case .rsp: "RSP"
        case .snp: "SNP"
        case .dat: "DAT"
        }
    }
}

/// The request opcodes an RN-F issues in this model [CHI B13.10.18].
public enum RequestOpcode: Int, CaseIterable, Sendable, CustomStringConvertible {
    case readShared = 0, readUnique, cleanUnique, writeBackFull, evict, makeUnique

    public var description: String {
        switch self {
        case .readShared: "ReadShared"
        case .readUnique: "ReadUnique"
        case .cleanUnique: "CleanUnique"
        case .writeBackFull: "WriteBackFull"
        case .evict: "Evict"
        case .makeUnique: "MakeUnique"
        }
    }

    /// Whether the requester sends CompAck after the completion [CHI B2.6]: reads and
    /// dataless requests yes, Evict no; for WriteBackFull the home answers CompDBIDResp and the
    /// requester answers with CopyBackWriteData instead.
    public var expectsCompAck: Bool {
        switch self {
        case .readShared, .readUnique, .cleanUnique, .makeUnique: true
        case .writeBackFull, .evict: false
        }
    }

    /// The snoop the home sends to other holders while serving this request, if any
    /// [CHI B4.7]. MakeUnique would use SnpMakeInvalid in a full implementation; the model
    /// uses SnpUnique, which also collects dirty data (a permitted, more conservative choice).
    public var snoop: SnoopOpcode? {
        switch self {
        case .readShared: .snpShared
        case .readUnique, .makeUnique: .snpUnique
        case .cleanUnique: .snpCleanInvalid
        case .writeBackFull, .evict: nil
        }
    }
}

/// The snoops the home sends [CHI B4.7, Tables B4.45–B4.48].
public enum SnoopOpcode: Int, CaseIterable, Sendable, CustomStringConvertible {
    case snpShared = 0, snpUnique, snpCleanInvalid

    public var description: String {
        switch self {
        case .snpShared: "SnpShared"
        case .snpUnique: "SnpUnique"
        case .snpCleanInvalid: "SnpCleanInvalid"
        }
    }
}

/// One CHI message between an RN-F and the HN-F about one line, without addressing (the
/// link adds source, target and line). Data is an abstract value `0..<values`.
public enum Message: Equatable, Sendable, CustomStringConvertible {
    // RN-F → HN-F
    /// A request; `allowRetry == false` is a re-send that spends a protocol credit [CHI B2.9].
    case request(RequestOpcode, allowRetry: Bool)
    /// SnpResp_I / SnpResp_SC: snoop response without data.
    case snpResp(CacheState)
    /// SnpRespData_SD or SnpRespData_I_PD: snoop response with the line's data; the `_PD`
    /// form (final state I) hands the writeback responsibility to the home.
    case snpRespData(CacheState, data: Int)
    case compAck
    /// CopyBackWriteData with the state at the moment of sending: CBWrData_UD_PD / _SD_PD with
    /// data, or CBWrData_I without valid bytes [CHI B4.11.1].
    case copyBackWriteData(CacheState, data: Int)
    // HN-F → RN-F
    case snoop(SnoopOpcode)
    /// CompData_UC / CompData_SC.
    case compData(CacheState, data: Int)
    /// Comp_UC (CleanUnique, MakeUnique) / Comp_I (Evict).
    case comp(CacheState)
    case compDBIDResp
    case retryAck
    case pCrdGrant

    /// The channel the message travels on [CHI B13.4].
    public var channel: ChannelKind {
        switch self {
        case .request: .req
        case .snpResp, .compAck, .comp, .compDBIDResp, .retryAck, .pCrdGrant: .rsp
        case .snpRespData, .copyBackWriteData, .compData: .dat
        case .snoop: .snp
        }
    }

    /// Responses and data: messages that must always sink at their receiver [CHI B13.4.1].
    public var mustSink: Bool { channel == .rsp || channel == .dat }

    public var description: String {
        switch self {
        case .request(let op, let allowRetry): allowRetry ? "\(op)" : "\(op)[PCrd]"
        case .snpResp(let s): "SnpResp_\(s)"
        case .snpRespData(let s, let d): s == .I ? "SnpRespData_I_PD=\(d)" : "SnpRespData_\(s)=\(d)"
        case .compAck: "CompAck"
        case .copyBackWriteData(let s, let d): s == .I ? "CBWrData_I" : "CBWrData_\(s)_PD=\(d)"
        case .snoop(let op): "\(op)"
        case .compData(let s, let d): "CompData_\(s)=\(d)"
        case .comp(let s): "Comp_\(s)"
        case .compDBIDResp: "CompDBIDResp"
        case .retryAck: "RetryAck"
        case .pCrdGrant: "PCrdGrant"
        }
    }
}

/// A breach of the protocol found by a state machine, returned as a value, never trapped.
public enum ProtocolViolation: Equatable, Sendable, CustomStringConvertible {
    /// A flit was sent on a channel with no L-credit [CHI B14.2].
    case flitWithoutCredit
    /// A protocol flit was sent outside RUN [CHI B14.5].
    case notRunning
    /// A credit grant the receiver does not hold [CHI B14.2].
    case noCreditToGrant
    /// A flit arrived while the receiver was in STOP (it is lost) [CHI B14.5].
    case flitInStop
    /// A message the receiver did not expect in its current state.
    case unexpected(Message, state: CacheState)
    /// A request that spends a protocol credit the home never granted [CHI B2.9].
    case requestWithoutProtocolCredit

    public var description: String {
        switch self {
        case .flitWithoutCredit: "flit sent without an L-credit"
        case .notRunning: "protocol flit sent outside RUN"
        case .noCreditToGrant: "credit granted that the receiver does not hold"
        case .flitInStop: "flit arrived in STOP and was lost"
        case .unexpected(let m, let s): "unexpected \(m) in state \(s)"
        case .requestWithoutProtocolCredit: "re-sent request without a PCrdGrant"
        }
    }
}
