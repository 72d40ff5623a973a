/// What the home's directory knows of one RN-F's copy of a line (a precise directory).
public enum DirectoryState: Int, CaseIterable, Sendable, CustomStringConvertible {
    case I = 0
    /// SC: a clean shared copy.
    case SC
    /// SD: a shared copy responsible for the writeback.
    case SD
    /// UC, UCE or UD: the only copy (may become dirty silently).
    case U

    public var description: String {
        switch self {
        case .I: "I"
        case .SC: "SC"
        case .SD: "SD"
        case .U: "U"
        }
    }

    /// The directory entry that matches a cache state.
    public init(_ state: CacheState) {
        switch state {
        case .I: self = .I
        case .SC: self = .SC
        case .SD: self = .SD
        case .UC, .UCE, .UD: self = .U
        }
    }
}

/// The home's tracker for one requester's transaction on one line.
public enum HomeTracker: Equatable, Sendable, CustomStringConvertible {
    case idle
    /// Accepted; snooping the other holders, then sending the completion.
    case serving(RequestOpcode)
    /// Completion sent; waiting for CompAck. No snoop to the line until then [CHI B2.6].
    case awaitingCompAck
    /// CompDBIDResp sent; waiting for CopyBackWriteData.
    case awaitingWriteData

    public var description: String {
        switch self {
        case .idle: "idle"
        case .serving(let op): "\(op)"
        case .awaitingCompAck: "await-CompAck"
        case .awaitingWriteData: "await-CBWrData"
        }
    }
}

/// A snoop the home owes or awaits, per line and target.
public enum SnoopStatus: Int, CaseIterable, Sendable, CustomStringConvertible {
    case none = 0, toSend, awaitingResponse

    public var description: String {
        switch self {
        case .none: "-"
        case .toSend: "to-send"
        case .awaitingResponse: "awaiting"
        }
    }
}

/// How the HN-F behaves: switches and seeded defects.
public struct HomeBehaviour: Equatable, Sendable {
    /// Answer a request for a busy line with RetryAck and later PCrdGrant [CHI B2.9] instead of
    /// leaving it in the REQ buffer until the line is free.
    public var retry: Bool
    /// Defect P9b: treat a transaction as finished once its completion is sent, and snoop the
    /// line before the CompAck arrives.
    public var snoopBeforeCompAck: Bool
    /// Defect P10d: let a ReadUnique start while other ReadUniques for the line are being
    /// served (no per-line serialisation between them) and resolve the conflict by snooping the
    /// other requester again.
    public var noSerialisation: Bool

    public init(retry: Bool = false, snoopBeforeCompAck: Bool = false, noSerialisation: Bool = false) {
        self.retry = retry
        self.snoopBeforeCompAck = snoopBeforeCompAck
        self.noSerialisation = noSerialisation
    }
}

/// The home's decision on the request at the head of its REQ buffer.
public enum HomeDecision: Equatable, Sendable {
    case accept
    /// Send RetryAck; a PCrdGrant follows when the line is free.
    case retry
    /// Leave the request in the buffer.
    case wait
}

/// The HN-F's state for one line: directory, trackers, snoops, memory and protocol credits,
/// for up to ``HomeLine/maxRequesters`` requesters, in fixed inline storage (no allocation).
public struct HomeLine: Equatable, Sendable {
    public static let maxRequesters = 8
    public let requesters: Int
    private var directoryBits: UInt32 = 0  // 2 bits per requester
    private var snoopBits: UInt32 = 0  // 2 bits per requester
    private var trackerCodes: UInt64 = 0  // 8 bits per requester
    /// The line's value in memory (the home's copy).
    public var memory: Int
    /// Requesters that got RetryAck and wait for a PCrdGrant.
    public var waitingForCredit: UInt8 = 0
    /// The requester a PCrdGrant was sent to, whose re-send the line is reserved for.
    public var reservedFor: Int?

    public init(requesters: Int, memory: Int = 0) {
        precondition((1...Self.maxRequesters).contains(requesters))
        self.requesters = requesters
        self.memory = memory
    }

    // MARK: Storage

    public func directory(_ rn: Int) -> DirectoryState {
        DirectoryState(rawValue: Int((directoryBits >> UInt32(2 * rn)) & 3))!
    }

    public mutating func setDirectory(_ rn: Int, _ value: DirectoryState) {
        directoryBits = directoryBits & ~(3 << UInt32(2 * rn)) | (UInt32(value.rawValue) << UInt32(2 * rn))
    }

    public func snoop(_ rn: Int) -> SnoopStatus { SnoopStatus(rawValue: Int((snoopBits >> UInt32(2 * rn)) & 3))! }

    public mutating func setSnoop(_ rn: Int, _ value: SnoopStatus) {
        snoopBits = snoopBits & ~(3 << UInt32(2 * rn)) | (UInt32(value.rawValue) << UInt32(2 * rn))
    }

    public func tracker(_ rn: Int) -> HomeTracker {
        switch Int((trackerCodes >> UInt64(8 * rn)) & 0xFF) {
        case 0: .idle
        case 1: .awaitingCompAck
        case 2: .awaitingWriteData
        case let c: .serving(RequestOpcode(rawValue: c - 3)!)
        }
    }

    public mutating func setTracker(_ rn: Int, _ value: HomeTracker) {
        let code: UInt64
        switch value {
        case .idle: code = 0
        case .awaitingCompAck: code = 1
        case .awaitingWriteData: code = 2
        case .serving(let op): code = UInt64(3 + op.rawValue)
        }
        trackerCodes = trackerCodes & ~(0xFF << UInt64(8 * rn)) | (code << UInt64(8 * rn))
    }

    // MARK: Queries

    /// Nothing in progress: no tracker, no snoop, no protocol credit owed or reserved.
    public var isQuiescent: Bool {
        trackerCodes == 0 && snoopBits == 0 && waitingForCredit == 0 && reservedFor == nil
    }

    /// Whether a tracker of this line blocks a new transaction (the home serialises per line).
    func isBusy(_ behaviour: HomeBehaviour) -> Bool {
        for r in 0..<requesters {
            switch tracker(r) {
            case .idle: continue
            case .awaitingCompAck where behaviour.snoopBeforeCompAck: continue
            default: return true
            }
        }
        return false
    }

    var snoopsOutstanding: Bool { snoopBits != 0 }

    /// Every open tracker serves a ReadUnique (defect P10d lets another one start then).
    var onlyReadUniquesServed: Bool {
        for r in 0..<requesters {
            let t = tracker(r)
            if t != .idle && t != .serving(.readUnique) { return false }
        }
        return true
    }

    /// The transaction that is snooping, if any.
    func snoopingOpcode() -> SnoopOpcode? {
        for r in 0..<requesters {
            if case .serving(let op) = tracker(r), let snp = op.snoop { return snp }
        }
        return nil
    }

    /// Another requester's transaction is also being served (only without serialisation).
    func conflict(with rn: Int) -> Bool {
        for r in 0..<requesters where r != rn {
            if case .serving(let op) = tracker(r), op.snoop != nil { return true }
        }
        return false
    }

    // MARK: Events

    /// What to do with a request at the head of the REQ buffer.
    public func decide(_ op: RequestOpcode, from rn: Int, allowRetry: Bool, _ behaviour: HomeBehaviour) -> HomeDecision {
        // One transaction per requester and line: a new request waits for the old one's CompAck.
        if tracker(rn) != .idle { return .wait }
        if !allowRetry {
            // A re-send spends the credit granted to this requester; the line is reserved for it.
            return reservedFor == rn ? .accept : .wait
        }
        if behaviour.noSerialisation && op == .readUnique && onlyReadUniquesServed { return .accept }
        let reservedForOther = reservedFor != nil && reservedFor != rn
        if isBusy(behaviour) || reservedForOther { return behaviour.retry ? .retry : .wait }
        return .accept
    }

    /// Accepts a request: opens the tracker and marks the snoops it needs. ReadShared snoops
    /// only a unique or dirty owner; the other requests snoop every other valid copy.
    public mutating func accept(_ op: RequestOpcode, from rn: Int, _ behaviour: HomeBehaviour) {
        if reservedFor == rn { reservedFor = nil }
        setTracker(rn, .serving(op))
        if op == .evict { setDirectory(rn, .I) }
        guard op.snoop != nil else { return }
        for t in 0..<requesters where t != rn && snoop(t) == .none {
            let d = directory(t)
            var needed = op == .readShared ? (d == .U || d == .SD) : d != .I
            if behaviour.noSerialisation, case .serving(let other) = tracker(t), other.snoop != nil { needed = true }
            if needed { setSnoop(t, .toSend) }
        }
    }

    /// Records a RetryAck sent to `rn`.
    public mutating func retried(_ rn: Int) { waitingForCredit |= 1 << UInt8(rn) }

    /// Whether a PCrdGrant may go to `rn` now: it waits, the line is free and not reserved.
    public func mayGrant(_ rn: Int, _ behaviour: HomeBehaviour) -> Bool {
        waitingForCredit & (1 << UInt8(rn)) != 0 && reservedFor == nil && !isBusy(behaviour)
    }

    public mutating func grant(_ rn: Int) {
        waitingForCredit &= ~(1 << UInt8(rn))
        reservedFor = rn
    }

    /// The snoop to send to `target` now, if one is owed. The home does not snoop a line whose
    /// target is between Comp and CompAck, nor while it waits for its write data [CHI B2.6].
    public func snoopToSend(_ target: Int, _ behaviour: HomeBehaviour) -> SnoopOpcode? {
        guard snoop(target) == .toSend else { return nil }
        if !behaviour.snoopBeforeCompAck {
            switch tracker(target) {
            case .awaitingCompAck, .awaitingWriteData: return nil
            default: break
            }
        }
        return snoopingOpcode()
    }

    public mutating func snoopSent(_ target: Int) { setSnoop(target, .awaitingResponse) }

    /// A snoop response: the directory takes the snoopee's final state; data is written to the
    /// home's copy (dirty data passed to the home, or SD data the home keeps a copy of).
    public mutating func receiveSnoopResponse(from rn: Int, state: CacheState, data: Int?) {
        setSnoop(rn, .none)
        setDirectory(rn, DirectoryState(state))
        if let data { memory = data }
    }

    /// The completion for `rn`'s transaction, when every snoop is answered.
    public func completion(for rn: Int, _ behaviour: HomeBehaviour) -> Message? {
        guard case .serving(let op) = tracker(rn), !snoopsOutstanding else { return nil }
        if behaviour.noSerialisation && op.snoop != nil && conflict(with: rn) { return nil }
        switch op {
        case .readShared:
            var othersValid = false
            for t in 0..<requesters where t != rn && directory(t) != .I { othersValid = true }
            return .compData(othersValid ? .SC : .UC, data: memory)
        case .readUnique: return .compData(.UC, data: memory)
        case .cleanUnique, .makeUnique: return .comp(.UC)
        case .writeBackFull: return .compDBIDResp
        case .evict: return .comp(.I)
        }
    }

    /// Records the completion sent to `rn`.
    public mutating func completed(_ rn: Int, with message: Message) {
        switch message {
        case .compData(let s, _): setDirectory(rn, DirectoryState(s))
        case .comp(.UC): setDirectory(rn, .U)
        default: break
        }
        switch message {
        case .compDBIDResp: setTracker(rn, .awaitingWriteData)
        case .comp(.I): setTracker(rn, .idle)
        default: setTracker(rn, .awaitingCompAck)
        }
    }

    /// Defect P10d only: a round of snoops ended while another requester's transaction for the
    /// line is still being served; snoop the conflicting requesters again.
    public mutating func resnoop(for rn: Int, _ behaviour: HomeBehaviour) -> Bool {
        guard behaviour.noSerialisation, case .serving(let op) = tracker(rn), op.snoop != nil,
            !snoopsOutstanding, conflict(with: rn)
        else { return false }
        for t in 0..<requesters where t != rn {
            if case .serving(let other) = tracker(t), other.snoop != nil { setSnoop(t, .toSend) }
        }
        return true
    }

    public mutating func receiveCompAck(from rn: Int) -> Bool {
        guard tracker(rn) == .awaitingCompAck else { return false }
        setTracker(rn, .idle)
        return true
    }

    /// CopyBackWriteData: dirty data updates memory; CBWrData_I carries nothing.
    public mutating func receiveWriteData(from rn: Int, state: CacheState, data: Int) -> Bool {
        guard tracker(rn) == .awaitingWriteData else { return false }
        setTracker(rn, .idle)
        setDirectory(rn, .I)
        if state.isDirty { memory = data }
        return true
    }
}
