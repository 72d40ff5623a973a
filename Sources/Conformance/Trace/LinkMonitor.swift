import UCIe

/// The static description of the observed link a trace is checked against.
public struct LinkConfiguration: Sendable, Equatable {
    /// Retry-buffer depth of the transmitter (its window, R10).
    public var retryBuffer: Int = 8
    /// Highest sequence number (255 per the specification; smaller rings for small tests).
    public var sequenceHighest: Int = 255
    /// Receiver buffers per virtual channel: the credit limit of each VC.
    public var vcBuffers: [Int] = [4]
    /// Whether the transmitter starts with every credit (`full`) or with none and waits for
    /// `credit_grant` events (`empty`).
    public var creditsStartFull: Bool = true
    /// The link state before the first event: `Active` (traffic may flow at once) or `Reset`
    /// (the trace brings the link up with `state_req`/`state_status`).
    public var initialState: String = "Active"

    public init() {}
}

/// What the monitor concluded about a trace.
public struct TraceJudgement: Sendable, Equatable {
    /// Events replayed.
    public let events: Int
    /// 0-based index of the first event the model cannot explain, `nil` when conforming.
    public let firstBadEvent: Int?
    /// Why that event cannot be explained.
    public let reason: String?

    public var conforming: Bool { firstBadEvent == nil }
}

/// A monitor built from the sans-IO UCIe machines: it replays observed link events through a
/// ``RetryTransmitter``, a ``RetryReceiver`` and one ``CreditCounter`` per virtual channel, and
/// stops at the first event those machines cannot explain.
///
/// What the monitor checks, event by event:
/// * `state_req`/`state_status`: a status must answer the last request, except `LinkError`
///   and `Retrain`, which the link may enter on its own; flits need the status `Active`.
/// * `flit_sent`: a new flit must carry the transmitter's next sequence number, fit in the retry
///   window, wait while a replay is in progress, and spend a credit of its VC; a replayed flit
///   must be the next one the go-back-N replay resends (replays spend no credit).
/// * `flit_received`: the number must have been sent; a delivered flit occupies a receiver buffer
///   of its VC until its credit is returned.
/// * `ack`: only for a flit the receiver delivered, never while a Nak is owed (R6), and inside
///   the transmitter's window (R11).
/// * `nak`: only when the receiver owes one (after a CRC error or a sequence gap), carrying the
///   last good number.
/// * `replay_timeout`: only with flits outstanding.
/// * `credit_grant`: before traffic on the VC; `credit_return`: no more than the receiver holds
///   in its buffers; neither may push the transmitter's credits past the receiver's buffer.
public struct LinkMonitor: Sendable {
    public let configuration: LinkConfiguration
    private var transmitter: RetryTransmitter
    private var receiver: RetryReceiver
    private var credits: [CreditCounter]
    /// Delivered flits per VC whose buffers have not been returned.
    private var occupied: [Int]
    private var trafficStarted: [Bool]
    private var status: String
    private var requested: String?
    private let space: SequenceSpace

    public init(_ configuration: LinkConfiguration) {
        self.configuration = configuration
        space = SequenceSpace(highest: UInt8(clamping: max(2, configuration.sequenceHighest)))
        let retry = RetryConfiguration(
            bufferDepth: UInt8(clamping: max(1, configuration.retryBuffer)), sequenceSpace: space)
        transmitter = RetryTransmitter(configuration: retry)
        receiver = RetryReceiver(configuration: retry)
        credits = configuration.vcBuffers.map {
            let limit = UInt8(clamping: $0)
            return CreditCounter(limit: limit, initial: configuration.creditsStartFull ? limit : 0)
        }
        occupied = configuration.vcBuffers.map { _ in 0 }
        trafficStarted = configuration.vcBuffers.map { _ in false }
        status = configuration.initialState
    }

    /// Checks the static configuration; `nil` when usable.
    public static func problem(with c: LinkConfiguration) -> String? {
        if !(1...127).contains(c.retryBuffer) { return "retry_buffer must be in 1...127" }
        if !(2...255).contains(c.sequenceHighest) { return "sequence_highest must be in 2...255" }
        if c.retryBuffer > (c.sequenceHighest - 1) / 2 { return "retry_buffer must be less than half the sequence ring" }
        if c.vcBuffers.isEmpty || c.vcBuffers.contains(where: { !(1...255).contains($0) }) {
            return "vc_buffers must list at least one buffer count in 1...255"
        }
        if !TraceEvent.linkStates.contains(c.initialState) {
            return "initial_state must be one of \(TraceEvent.linkStates.joined(separator: ", "))"
        }
        return nil
    }

    /// Replays `events` from the reset state of the configuration.
    public static func judge(_ events: [TraceEvent], configuration: LinkConfiguration) -> TraceJudgement {
        var monitor = LinkMonitor(configuration)
        for (index, event) in events.enumerated() {
            if let reason = monitor.observe(event) {
                return TraceJudgement(events: events.count, firstBadEvent: index, reason: reason)
            }
        }
        return TraceJudgement(events: events.count, firstBadEvent: nil, reason: nil)
    }

    /// Feeds one event; returns why it cannot be explained, or `nil`.
    public mutating func observe(_ e: TraceEvent) -> String? {
        switch e.kind {
        case .stateRequest:
            requested = e.state
            return nil
        case .stateStatus:
            let s = e.state ?? "?"
            if s == status || s == requested || s == "LinkError" || s == "Retrain" {
                status = s
                return nil
            }
            return "link status \(s) without a request for it (last request: \(requested ?? "none"), status \(status))"
        case .flitSent: return flitSent(e)
        case .flitReceived: return flitReceived(e)
        case .ack: return ack(e)
        case .nak: return nak(e)
        case .replayTimeout:
            switch transmitter.replayTimerExpired() {
            case .ignored: return "replay timeout with no unacknowledged flit"
            default: return nil
            }
        case .creditGrant, .creditReturn: return creditBack(e)
        }
    }

    private func sequence(_ e: TraceEvent) -> (UInt8?, String?) {
        guard let seq = e.seq, seq <= Int(space.highest), seq >= 1 else {
            return (nil, "sequence number \(e.seq.map(String.init) ?? "?") is outside the ring 1...\(space.highest)")
        }
        return (UInt8(seq), nil)
    }

    private func checkVC(_ e: TraceEvent) -> String? {
        e.vc < credits.count ? nil : "VC\(e.vc) is not configured (the link has \(credits.count) VC\(credits.count == 1 ? "" : "s"))"
    }

    private mutating func flitSent(_ e: TraceEvent) -> String? {
        if status != "Active" { return "flit sent while the link status is \(status) (flits need Active)" }
        if let problem = checkVC(e) { return problem }
        let (number, problem) = sequence(e)
        guard let seq = number else { return problem }
        if e.replay {
            switch transmitter.replaySlotAvailable(pendingAckNak: nil) {
            case let .resend(expected, _, _):
                return expected == seq ? nil : "replayed flit \(seq), but the go-back-N replay must resend \(expected) next"
            default:
                return "replayed flit \(seq) sent but no replay is scheduled"
            }
        }
        let replayingFrom = transmitter.replayNext
        let outstanding = transmitter.outstanding
        switch transmitter.payloadAccepted(pendingAckNak: nil) {
        case let .sendNew(expected, _, _):
            guard expected == seq else {
                return "new flit carries sequence \(seq), but the next new flit must carry \(expected)"
            }
        case .refuse(.windowFull):
            return "new flit \(seq) sent with \(outstanding) flits unacknowledged: the retry buffer of \(configuration.retryBuffer) is full"
        case .refuse(.replayInProgress):
            return "new flit \(seq) sent while a replay is in progress (flit \(replayingFrom) must be resent first)"
        default:
            return "new flit \(seq) cannot be explained by the transmitter"
        }
        trafficStarted[e.vc] = true
        if case let .underflow(_, available)? = credits[e.vc].consume(1) {
            return "flit \(seq) sent on VC\(e.vc) without a credit (\(available) available of the receiver's \(credits[e.vc].limit) buffers)"
        }
        return nil
    }

    private mutating func flitReceived(_ e: TraceEvent) -> String? {
        if status != "Active" { return "flit received while the link status is \(status) (flits need Active)" }
        if let problem = checkVC(e) { return problem }
        if !e.crcOK {
            _ = receiver.crcErrorDetected()
            return nil
        }
        let (number, problem) = sequence(e)
        guard let seq = number else { return problem }
        let behind = space.distance(from: seq, to: transmitter.nextSequence)
        if behind == 0 || behind > space.halfRange {
            return "flit \(seq) received but never sent (the last flit sent is \(space.predecessor(transmitter.nextSequence)))"
        }
        switch receiver.flitReceived(.payload, field: .explicit(seq)) {
        case .deliver:
            occupied[e.vc] += 1
            return nil
        case let .violation(v):
            return "receiver violation: \(v)"
        default:
            return nil
        }
    }

    private mutating func ack(_ e: TraceEvent) -> String? {
        let (number, problem) = sequence(e)
        guard let seq = number else { return problem }
        if case let .nak(owed)? = receiver.pendingAckNak {
            return "Ack \(seq) sent while a Nak (\(owed)) is owed: a scheduled Nak is never withdrawn (R6)"
        }
        let delivered = space.predecessor(receiver.nextExpected)
        let behind = space.distance(from: seq, to: receiver.nextExpected)
        if behind == 0 || behind > space.halfRange {
            return "Ack \(seq) acknowledges a flit the receiver has not delivered (last delivered: \(delivered))"
        }
        switch transmitter.ackReceived(seq) {
        case .violation:
            return "Ack \(seq) is outside the transmitter's window (acknowledged through \(transmitter.acknowledged), next \(transmitter.nextSequence))"
        default:
            if receiver.pendingAckNak == .ack(seq) { receiver.ackNakTransmitted() }
            return nil
        }
    }

    private mutating func nak(_ e: TraceEvent) -> String? {
        let (number, problem) = sequence(e)
        guard let seq = number else { return problem }
        guard case let .nak(owed)? = receiver.pendingAckNak else {
            return "Nak \(seq) without a reason: the receiver saw no CRC error or sequence gap"
        }
        guard owed == seq else { return "Nak \(seq), but the receiver's Nak must carry its last good flit \(owed)" }
        receiver.ackNakTransmitted()
        if case .violation = transmitter.nakReceived(seq) {
            return "Nak \(seq) is outside the transmitter's window (acknowledged through \(transmitter.acknowledged))"
        }
        return nil
    }

    private mutating func creditBack(_ e: TraceEvent) -> String? {
        if let problem = checkVC(e) { return problem }
        let what = e.kind == .creditGrant ? "credit grant" : "credit return"
        if e.count < 1 || e.count > 255 { return "\(what) on VC\(e.vc) of \(e.count) credits (1...255 expected)" }
        if e.kind == .creditGrant && trafficStarted[e.vc] {
            return "credit grant on VC\(e.vc) after traffic started (use credit_return for freed buffers)"
        }
        let held = credits[e.vc].value
        if credits[e.vc].restore(UInt8(e.count)) != nil {
            return "\(what) on VC\(e.vc) would exceed the receiver's buffer of \(credits[e.vc].limit) (\(held) credits already held, \(e.count) returned)"
        }
        if e.kind == .creditReturn {
            guard e.count <= occupied[e.vc] else {
                return "credit return on VC\(e.vc) for \(e.count) buffer(s), but the receiver holds only \(occupied[e.vc]) delivered flit(s) on VC\(e.vc)"
            }
            occupied[e.vc] -= e.count
        }
        return nil
    }
}
