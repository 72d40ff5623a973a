/// The transmit half of UCIe go-back-N retry (UCIe 3.0 §3.8; digest §1.5, rules R1–R11),
/// as a sans-IO value: events go in, a small ``Action`` comes out, nothing is stored on the heap.
///
/// The transmitter does not hold payloads. It tells the caller in which retry-buffer **slot**
/// (0..<bufferDepth) to store a new flit and from which slot to resend one, so a model can keep
/// its own fixed-size buffer of payload tokens. With a spec-compliant window a slot is never
/// reused while its flit is unacknowledged; with the seeded window `bufferDepth + 1` (pitfall P5)
/// the newest flit lands on the slot of the oldest, which a model detects on replay.
///
/// Modelling choices (ours, **[MODEL]**):
/// * R2 (explicit-sequence and Ack/Nak flits alternate) is applied per transmitted header:
///   the first flit of a replay and the first payload flit after Reset carry an explicit number;
///   otherwise, when the receiver has an Ack/Nak to send and the previous header carried an
///   explicit number, the header carries the Ack/Nak; in every other case it is explicit.
///   Consecutive explicit headers thus happen only when no Ack/Nak is pending (PCIe's `< 3`
///   becomes `< 1`).
/// * An explicit-sequence NOP carries the number of the last payload flit transmitted (new or
///   replayed), so the receiver can infer the implicit number of the next payload flit.
/// * An Ack/Nak whose S is 0 carries nothing (S = 0 is reserved for "no Ack/Nak") and is ignored;
///   any other number outside [ACKD … NEXT_TX−1] is a violation (R11).
/// * A Nak repeating the number of the Nak that started the current replay is ignored (PCIe's
///   `NAK_IGNORE_FLIT_SEQ_NUM`); a lost replay is recovered by the replay timer.
/// * New payload is refused while a replay is in progress (replayed flits go first).
/// * The Correctable Internal Error logged on a replay timeout (R4), PDS insertion before a replay
///   in 68B mode (R14), the two Acks recommended after a Nak (R15) and Retrain/SNH handling
///   (R7, R8) are the caller's business; ``Action/replayScheduled(from:count:)`` is its cue.
public struct RetryTransmitter: Hashable, Sendable {
    /// What the caller must do after an event.
    public enum Action: Hashable, Sendable {
        /// Store the new payload in `slot` and transmit it with header sequence field `field`.
        case sendNew(sequence: UInt8, slot: UInt8, field: SequenceField)
        /// Transmit the payload stored in `slot` again, with header sequence field `field`.
        case resend(sequence: UInt8, slot: UInt8, field: SequenceField)
        /// Transmit a NOP flit (it bypasses the retry buffer) with header sequence field `field`.
        case sendNOP(field: SequenceField)
        /// The payload cannot be taken now (deassert `pl_trdy`).
        case refuse(Refusal)
        /// An Ack (or Nak) released this many retry-buffer entries.
        case purged(count: UInt8)
        /// Go-back-N: `count` flits starting at `from` will be resent through
        /// ``replaySlotAvailable(pendingAckNak:)``.
        case replayScheduled(from: UInt8, count: UInt8)
        /// Too many replays without progress: request Retrain on RDI (R5). The replay stays
        /// scheduled and continues after the caller's retraining.
        case retrainRequested
        /// The event changes nothing.
        case ignored
        /// A protocol violation (Uncorrectable Internal Error, R11).
        case violation(RetryViolation)
    }

    /// Why ``payloadAccepted(pendingAckNak:)`` refused.
    public enum Refusal: Hashable, Sendable {
        /// `MAX_UNACKNOWLEDGED_FLITS` flits are already outstanding (R10).
        case windowFull
        /// Replayed flits go first.
        case replayInProgress
    }

    /// The static parameters.
    public let configuration: RetryConfiguration
    /// `NEXT_TX_FLIT_SEQ_NUM`: the number the next new payload flit gets.
    public private(set) var nextSequence: UInt8
    /// `ACKD_FLIT_SEQ_NUM`: the last number acknowledged by the remote receiver.
    public private(set) var acknowledged: UInt8
    /// The number of the last payload flit transmitted (new or replayed).
    public private(set) var lastTransmitted: UInt8
    /// The next number to resend while ``isReplaying``.
    public private(set) var replayNext: UInt8
    /// `REPLAY_TIMEOUT_FLIT_COUNT`, 9 bits, saturating at 0x1FF (R4).
    public private(set) var replayTimer: UInt16
    /// `FLIT_REPLAY_NUM`: replays since the last forward progress (R5).
    public private(set) var replayCount: UInt8
    /// The retry-buffer slot of the oldest unacknowledged flit.
    public private(set) var bufferHead: UInt8
    /// The Nak number that started the current replay (valid when ``ignoresNak``).
    public private(set) var nakIgnore: UInt8
    private var flags: UInt8

    private static let replayingFlag: UInt8 = 1 << 0
    private static let explicitDueFlag: UInt8 = 1 << 1
    private static let previousExplicitFlag: UInt8 = 1 << 2
    private static let nakIgnoreFlag: UInt8 = 1 << 3

    /// The state after Reset (digest §1.5 initial values: NEXT_TX = 1, ACKD = 255).
    public init(configuration: RetryConfiguration) {
        self.configuration = configuration
        let space = configuration.sequenceSpace
        let first: UInt8 = 1
        nextSequence = first
        acknowledged = space.predecessor(first)
        lastTransmitted = space.predecessor(first)
        replayNext = first
        replayTimer = 0
        replayCount = 0
        bufferHead = 0
        nakIgnore = 0
        flags = Self.explicitDueFlag
    }

    /// Whether a go-back-N replay is in progress.
    public var isReplaying: Bool { flags & Self.replayingFlag != 0 }
    /// Whether a repeated Nak for ``nakIgnore`` would be ignored.
    public var ignoresNak: Bool { flags & Self.nakIgnoreFlag != 0 }
    /// Unacknowledged flits held in the retry buffer.
    public var outstanding: Int {
        configuration.sequenceSpace.distance(from: acknowledged, to: space.predecessor(nextSequence))
    }

    private var space: SequenceSpace { configuration.sequenceSpace }

    // MARK: Transmission

    /// The protocol layer offers a new payload flit.
    public mutating func payloadAccepted(pendingAckNak: AckNakReport?) -> Action {
        if isReplaying { return .refuse(.replayInProgress) }
        let count = outstanding
        guard count < Int(configuration.maxUnacknowledged) else { return .refuse(.windowFull) }
        let sequence = nextSequence
        let slot = UInt8((Int(bufferHead) + count) % Int(configuration.bufferDepth))
        nextSequence = space.successor(sequence)
        return .sendNew(sequence: sequence, slot: slot, field: payloadField(sequence, pendingAckNak))
    }

    /// A flit slot is free while ``isReplaying``: resend the next buffered flit.
    public mutating func replaySlotAvailable(pendingAckNak: AckNakReport?) -> Action {
        guard isReplaying else { return .ignored }
        let sequence = replayNext
        let slot = self.slot(of: sequence)
        replayNext = space.successor(sequence)
        if replayNext == nextSequence { flags &= ~Self.replayingFlag }
        return .resend(sequence: sequence, slot: slot, field: payloadField(sequence, pendingAckNak))
    }

    /// Nothing else to send: transmit a NOP flit, which still obeys the alternation rule.
    public mutating func idleSlotAvailable(pendingAckNak: AckNakReport?) -> Action {
        .sendNOP(field: headerField(explicit: lastTransmitted, pendingAckNak))
    }

    private mutating func payloadField(_ sequence: UInt8, _ pendingAckNak: AckNakReport?) -> SequenceField {
        let field: SequenceField
        if flags & Self.explicitDueFlag != 0 {
            flags &= ~Self.explicitDueFlag
            flags |= Self.previousExplicitFlag
            field = .explicit(sequence)
        } else {
            field = headerField(explicit: sequence, pendingAckNak)
        }
        lastTransmitted = sequence
        return field
    }

    /// R2: an Ack/Nak goes out when one is pending and the previous header was explicit.
    private mutating func headerField(explicit sequence: UInt8, _ pendingAckNak: AckNakReport?) -> SequenceField {
        if let report = pendingAckNak, flags & Self.previousExplicitFlag != 0 {
            flags &= ~Self.previousExplicitFlag
            return .ackNak(report)
        }
        flags |= Self.previousExplicitFlag
        return .explicit(sequence)
    }

    // MARK: Acknowledgement

    /// An Ack arrived in a received header.
    public mutating func ackReceived(_ sequence: UInt8) -> Action {
        guard let purged = purge(through: sequence) else {
            return isNoneCarried(sequence) ? .ignored : .violation(.ackOutsideWindow(sequence))
        }
        return .purged(count: purged)
    }

    /// A Nak arrived: purge through `sequence` and replay everything after it (R1).
    public mutating func nakReceived(_ sequence: UInt8) -> Action {
        guard let purged = purge(through: sequence) else {
            return isNoneCarried(sequence) ? .ignored : .violation(.nakOutsideWindow(sequence))
        }
        if ignoresNak && nakIgnore == sequence { return .ignored }
        if outstanding == 0 {
            flags |= Self.explicitDueFlag
            return .purged(count: purged)
        }
        nakIgnore = sequence
        flags |= Self.nakIgnoreFlag
        return scheduleReplay()
    }

    private func isNoneCarried(_ sequence: UInt8) -> Bool {
        sequence == 0 && !space.includesZero
    }

    /// Releases entries through `sequence`; `nil` if it is neither ACKD nor outstanding.
    private mutating func purge(through sequence: UInt8) -> UInt8? {
        guard space.contains(sequence) else { return nil }
        let step = space.distance(from: acknowledged, to: sequence)
        guard step <= outstanding else { return nil }
        guard step > 0 else { return 0 }
        if isReplaying && space.distance(from: acknowledged, to: replayNext) <= step {
            // The flits about to be resent were acknowledged meanwhile: skip them.
            replayNext = space.successor(sequence)
            flags |= Self.explicitDueFlag
            if replayNext == nextSequence { flags &= ~Self.replayingFlag }
        }
        acknowledged = sequence
        bufferHead = UInt8((Int(bufferHead) + step) % Int(configuration.bufferDepth))
        replayTimer = 0
        replayCount = 0
        flags &= ~Self.nakIgnoreFlag
        return UInt8(step)
    }

    // MARK: Replay timer

    /// One Flit Time passed (R4): the timer advances while flits are unacknowledged and a
    /// replay is scheduled when it reaches ``RetryConfiguration/replayTimeout``.
    public mutating func flitTimeElapsed() -> Action {
        guard outstanding > 0 else {
            replayTimer = 0
            return .ignored
        }
        replayTimer = min(replayTimer + 1, 0x1FF)
        return replayTimer >= configuration.replayTimeout ? replayTimerExpired() : .ignored
    }

    /// The replay timer expired (Replay Schedule Rule 0). Also usable directly as the abstract,
    /// nondeterministic timeout event of a model.
    public mutating func replayTimerExpired() -> Action {
        guard outstanding > 0 else { return .ignored }
        return scheduleReplay()
    }

    private mutating func scheduleReplay() -> Action {
        replayNext = space.successor(acknowledged)
        replayTimer = 0
        flags |= Self.replayingFlag | Self.explicitDueFlag
        guard replayCount < configuration.replayLimit else {
            replayCount = 0
            return .retrainRequested
        }
        replayCount += 1
        return .replayScheduled(from: replayNext, count: UInt8(outstanding))
    }

    /// The retry-buffer slot holding outstanding flit `sequence`.
    public func slot(of sequence: UInt8) -> UInt8 {
        let offset = space.distance(from: space.successor(acknowledged), to: sequence)
        return UInt8((Int(bufferHead) + offset) % Int(configuration.bufferDepth))
    }
}

// MARK: Registers

extension RetryTransmitter {
    /// The transmitter's variables as plain values, so a caller that packs state (a model
    /// checker, a simulator snapshot) can store them and rebuild the transmitter later.
    ///
    /// The replay timer and `FLIT_REPLAY_NUM` are not part of it: a rebuilt transmitter starts
    /// both at 0. **[MODEL]** A caller that fires the timeout as an abstract event
    /// (``RetryTransmitter/replayTimerExpired()``) and does not model Retrain loses nothing.
    public struct Registers: Hashable, Sendable {
        public var nextSequence: UInt8
        public var acknowledged: UInt8
        public var lastTransmitted: UInt8
        /// Meaningful only while ``isReplaying``.
        public var replayNext: UInt8
        public var bufferHead: UInt8
        /// Meaningful only while ``ignoresNak``.
        public var nakIgnore: UInt8
        public var isReplaying: Bool
        /// The next header must carry an explicit sequence number (first flit after Reset or of a replay).
        public var explicitDue: Bool
        /// The previous header carried an explicit sequence number (R2 alternation).
        public var previousExplicit: Bool
        public var ignoresNak: Bool

        public init(
            nextSequence: UInt8, acknowledged: UInt8, lastTransmitted: UInt8, replayNext: UInt8, bufferHead: UInt8,
            nakIgnore: UInt8, isReplaying: Bool, explicitDue: Bool, previousExplicit: Bool, ignoresNak: Bool
        ) {
            self.nextSequence = nextSequence
            self.acknowledged = acknowledged
            self.lastTransmitted = lastTransmitted
            self.replayNext = replayNext
            self.bufferHead = bufferHead
            self.nakIgnore = nakIgnore
            self.isReplaying = isReplaying
            self.explicitDue = explicitDue
            self.previousExplicit = previousExplicit
            self.ignoresNak = ignoresNak
        }
    }

    /// A transmitter with the given variables, its replay timer and replay count at 0.
    public init(configuration: RetryConfiguration, registers r: Registers) {
        self.init(configuration: configuration)
        nextSequence = r.nextSequence
        acknowledged = r.acknowledged
        lastTransmitted = r.lastTransmitted
        replayNext = r.replayNext
        bufferHead = r.bufferHead
        nakIgnore = r.nakIgnore
        flags = (r.isReplaying ? Self.replayingFlag : 0) | (r.explicitDue ? Self.explicitDueFlag : 0)
            | (r.previousExplicit ? Self.previousExplicitFlag : 0) | (r.ignoresNak ? Self.nakIgnoreFlag : 0)
    }

    /// The variables a caller stores to rebuild this transmitter with ``init(configuration:registers:)``.
    public var registers: Registers {
        Registers(
            nextSequence: nextSequence, acknowledged: acknowledged, lastTransmitted: lastTransmitted,
            replayNext: replayNext, bufferHead: bufferHead, nakIgnore: nakIgnore, isReplaying: isReplaying,
            explicitDue: flags & Self.explicitDueFlag != 0, previousExplicit: flags & Self.previousExplicitFlag != 0,
            ignoresNak: ignoresNak)
    }
}
