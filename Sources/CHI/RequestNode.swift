/// Where one RN-F stands with one line's transaction.
public enum RequestPhase: Equatable, Sendable, CustomStringConvertible {
    /// No transaction outstanding.
    case idle
    /// The request is on its way or waiting at the home.
    case outstanding(RequestOpcode)
    /// RetryAck received, PCrdGrant not yet [CHI B2.9].
    case retried(RequestOpcode)
    /// PCrdGrant received, RetryAck not yet (the grant may overtake the RetryAck).
    case granted(RequestOpcode)
    /// Both received: the request must be sent again with AllowRetry = 0.
    case resendDue(RequestOpcode)
    /// Completion received; CompAck still to send [CHI B2.6].
    case compAckDue
    /// CompDBIDResp received; CopyBackWriteData still to send [CHI B4.11.1].
    case writeDataDue

    public var description: String {
        switch self {
        case .idle: "idle"
        case .outstanding(let op): "\(op)"
        case .retried(let op): "\(op).RetryAck"
        case .granted(let op): "\(op).PCrdGrant"
        case .resendDue(let op): "\(op).resend"
        case .compAckDue: "CompAck-due"
        case .writeDataDue: "CBWrData-due"
        }
    }
}

/// How an RN-F behaves: which optional states it implements and which seeded defects it has.
public struct RequestNodeBehaviour: Equatable, Sendable {
    /// Implements UCE and upgrades SC/SD with CleanUnique; without it upgrades use ReadUnique
    /// (from SC) and the cache never holds UCE.
    public var uniqueCleanEmpty: Bool
    /// Defect P9a: after a snoop took the line during a WriteBackFull, send the stale data as
    /// CBWrData_UD_PD instead of CBWrData_I.
    public var staleWriteBackData: Bool
    /// Defect P10b: re-send on RetryAck alone, without waiting for PCrdGrant.
    public var resendWithoutGrant: Bool
    /// Defect P9c: a dirty line may be dropped without a writeback.
    public var silentDirtyDrop: Bool

    public init(
        uniqueCleanEmpty: Bool = true, staleWriteBackData: Bool = false, resendWithoutGrant: Bool = false,
        silentDirtyDrop: Bool = false
    ) {
        self.uniqueCleanEmpty = uniqueCleanEmpty
        self.staleWriteBackData = staleWriteBackData
        self.resendWithoutGrant = resendWithoutGrant
        self.silentDirtyDrop = silentDirtyDrop
    }
}

/// What an RN-F did with an inbound response or data message. It never waits: an RN-F must
/// accept every RSP and DAT without progress on any other channel [CHI B13.4.1].
public enum RequestNodeReceipt: Equatable, Sendable {
    case accepted
    /// Accepted, and the requester wrote `value` into the line (MakeUnique's full-line write).
    case wrote(Int)
    case violation(ProtocolViolation)
}

/// One RN-F's view of one line: cache state, data and the outstanding transaction. A value
/// type; every event returns what to send, or `nil`/`false` when it is not allowed now (and
/// then leaves the value untouched).
public struct RequestNodeLine: Equatable, Sendable {
    public var state: CacheState
    /// The line's data; 0 when the cache holds no valid bytes.
    public var data: Int
    public var phase: RequestPhase
    /// The value a MakeUnique in progress will write once it completes.
    public var writeValue: Int

    public init(state: CacheState = .I, data: Int = 0, phase: RequestPhase = .idle, writeValue: Int = 0) {
        self.state = state
        self.data = data
        self.phase = phase
        self.writeValue = writeValue
    }

    /// Whether the requester may start `op` now [CHI Tables B4.37, B4.42, B4.43]. The model
    /// issues each request only from the states below (a subset of the permitted ones).
    public func mayIssue(_ op: RequestOpcode, _ behaviour: RequestNodeBehaviour) -> Bool {
        guard phase == .idle else { return false }
        switch op {
        case .readShared: return state == .I
        case .readUnique: return state == .I || (!behaviour.uniqueCleanEmpty && state == .SC)
        case .cleanUnique: return behaviour.uniqueCleanEmpty && (state == .SC || state == .SD)
        case .makeUnique: return state == .I || state == .SC
        case .writeBackFull: return state == .UD || state == .SD
        case .evict: return state == .UC || state == .SC || state == .UCE
        }
    }

    /// Starts `op` and returns the request to send. Evict drops the line at once: the cache
    /// must already be I when Evict is issued [CHI B4.3].
    public mutating func issue(_ op: RequestOpcode, writing value: Int = 0, _ behaviour: RequestNodeBehaviour)
        -> Message?
    {
        guard mayIssue(op, behaviour) else { return nil }
        phase = .outstanding(op)
        if op == .makeUnique { writeValue = value }
        if op == .evict {
            state = .I
            data = 0
        }
        return .request(op, allowRetry: true)
    }

    /// A full-line store: allowed in a unique state with no transaction outstanding; leaves UD.
    public mutating func store(_ value: Int) -> Bool {
        guard phase == .idle, state.isUnique, state == .UCE || data != value else { return false }
        state = .UD
        data = value
        return true
    }

    /// Defect P9c only: drop a dirty line without writing it back.
    public mutating func silentDrop(_ behaviour: RequestNodeBehaviour) -> Bool {
        guard behaviour.silentDirtyDrop, phase == .idle, state.isDirty else { return false }
        state = .I
        data = 0
        return true
    }

    /// Takes an inbound RSP or DAT message from the home.
    public mutating func receive(_ message: Message, _ behaviour: RequestNodeBehaviour) -> RequestNodeReceipt {
        let unexpected = RequestNodeReceipt.violation(.unexpected(message, state: state))
        switch (message, phase) {
        case (.compData(let s, let d), .outstanding(let op)) where op == .readShared || op == .readUnique:
            state = s
            data = d
            phase = .compAckDue
            return .accepted
        case (.comp(.UC), .outstanding(.cleanUnique)):
            // SC → UC, SD → UD; a copy lost to a snoop meanwhile leaves ownership without data.
            state = state == .SD ? .UD : state == .SC ? .UC : .UCE
            phase = .compAckDue
            return .accepted
        case (.comp(.UC), .outstanding(.makeUnique)):
            state = .UD
            data = writeValue
            writeValue = 0
            phase = .compAckDue
            return .wrote(data)
        case (.comp(.I), .outstanding(.evict)):
            phase = .idle
            return .accepted
        case (.compDBIDResp, .outstanding(.writeBackFull)):
            phase = .writeDataDue
            return .accepted
        case (.retryAck, .outstanding(let op)):
            phase = behaviour.resendWithoutGrant ? .resendDue(op) : .retried(op)
            return .accepted
        case (.retryAck, .granted(let op)):
            phase = .resendDue(op)
            return .accepted
        case (.pCrdGrant, .retried(let op)):
            phase = .resendDue(op)
            return .accepted
        case (.pCrdGrant, .outstanding(let op)):
            phase = .granted(op)
            return .accepted
        default:
            return unexpected
        }
    }

    /// The response to a snoop and the state it leaves [CHI Tables B4.45–B4.48, expected
    /// columns]. A pending request that has received nothing yet does not delay the snoop, and
    /// a pending WriteBackFull answers from the current state [CHI B4.11]: the later
    /// CopyBackWriteData reports the state after the snoop.
    public mutating func snoop(_ op: SnoopOpcode, _ behaviour: RequestNodeBehaviour) -> Message {
        let keepStaleData = behaviour.staleWriteBackData && phase == .outstanding(.writeBackFull)
        switch op {
        case .snpShared:
            switch state {
            case .I: return .snpResp(.I)
            case .UCE:
                state = .I
                return .snpResp(.I)
            case .UC, .SC:
                state = .SC
                return .snpResp(.SC)
            case .UD, .SD:
                state = .SD
                return .snpRespData(.SD, data: data)
            }
        case .snpUnique, .snpCleanInvalid:
            let before = state
            let value = data
            state = .I
            if !keepStaleData { data = 0 }
            return before.isDirty ? .snpRespData(.I, data: value) : .snpResp(.I)
        }
    }

    /// Sends CompAck after the completion.
    public mutating func sendCompAck() -> Message? {
        guard phase == .compAckDue else { return nil }
        phase = .idle
        return .compAck
    }

    /// Sends CopyBackWriteData with the state at this moment, and leaves I [CHI B4.11.1].
    public mutating func sendWriteData(_ behaviour: RequestNodeBehaviour) -> Message? {
        guard phase == .writeDataDue else { return nil }
        let message: Message
        switch state {
        case .UD, .SD: message = .copyBackWriteData(state, data: data)
        default:
            // Snooped away meanwhile: CBWrData_I, no valid bytes. The P9a defect sends the
            // stale copy it kept as if it still owned the line dirty.
            message = behaviour.staleWriteBackData ? .copyBackWriteData(.UD, data: data) : .copyBackWriteData(.I, data: 0)
        }
        state = .I
        data = 0
        phase = .idle
        return message
    }

    /// Re-sends a retried request with AllowRetry = 0, spending the granted protocol credit.
    public mutating func resend() -> Message? {
        guard case .resendDue(let op) = phase else { return nil }
        phase = .outstanding(op)
        return .request(op, allowRetry: false)
    }
}
