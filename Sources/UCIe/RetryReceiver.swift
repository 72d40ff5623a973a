/// The receive half of UCIe go-back-N retry (UCIe 3.0 §3.8; digest §1.5 "abstract receiver"),
/// as a sans-IO value: it decides, per received flit, whether to deliver, discard or Nak, and
/// what the next outgoing Ack/Nak slot must carry.
///
/// The Ack/Nak field of a received header is for the co-located ``RetryTransmitter``; the
/// caller forwards it there. This type only looks at the flit's own sequence number.
///
/// Modelling choices (ours, **[MODEL]**):
/// * A payload flit whose header carries an Ack/Nak has the implicit number "last payload seen
///   + 1"; an explicit-sequence NOP tells the number of the last payload transmitted. When that
///   is unknown (after a CRC error) such flits are discarded.
/// * A number up to ``SequenceSpace/halfRange`` behind NEXT_EXPECTED is a duplicate (discarded,
///   and acknowledged again); anything else that is not NEXT_EXPECTED is a gap (Nak).
/// * While a Nak is scheduled every flit is discarded until the payload NEXT_EXPECTED arrives
///   with an explicit number, or an explicit NOP shows that nothing was lost after all.
/// * A scheduled Nak is never withdrawn (R6) and is sent once; if it is lost the transmitter's
///   replay timer recovers.
public struct RetryReceiver: Hashable, Sendable {
    /// What happened to a received flit.
    public enum Action: Hashable, Sendable {
        /// Deliver the payload flit with this number to the protocol layer (FDI).
        case deliver(UInt8)
        /// A payload flit already delivered earlier (a replay overlap): drop it.
        case discardDuplicate(UInt8)
        /// Drop the flit (NOP, or received while waiting for a replay).
        case discard
        /// The flit is dropped and a Nak is now owed.
        case nakScheduled(NakCause)
        /// A protocol violation (Uncorrectable Internal Error, R11).
        case violation(RetryViolation)
    }

    /// Why a Nak was scheduled.
    public enum NakCause: Hashable, Sendable {
        /// The flit failed its CRC.
        case crcError
        /// The flit's number shows that earlier payload flits were lost.
        case sequenceGap
    }

    /// Whether a received flit is payload (it consumes a sequence number) or a NOP (it does not).
    public enum FlitKind: Hashable, Sendable {
        case payload
        case nop
    }

    /// The static parameters (only the sequence space is used).
    public let configuration: RetryConfiguration
    /// `NEXT_EXPECTED_RX_FLIT_SEQ_NUM`.
    public private(set) var nextExpected: UInt8
    /// `TX_ACKNAK_FLIT_SEQ_NUM`: the number the next Ack/Nak carries.
    public private(set) var ackNakSequence: UInt8
    /// The number of the last payload flit seen (for implicit numbers).
    public private(set) var lastSeen: UInt8
    private var flags: UInt8

    private static let nakScheduledFlag: UInt8 = 1 << 0
    private static let nakOwedFlag: UInt8 = 1 << 1
    private static let ackOwedFlag: UInt8 = 1 << 2
    private static let sequenceKnownFlag: UInt8 = 1 << 3

    /// The state after Reset: NEXT_EXPECTED = 1, TX_ACKNAK = 255.
    public init(configuration: RetryConfiguration) {
        self.configuration = configuration
        let space = configuration.sequenceSpace
        nextExpected = 1
        ackNakSequence = space.predecessor(1)
        lastSeen = space.predecessor(1)
        flags = Self.sequenceKnownFlag
    }

    /// `NAK_SCHEDULED`: waiting for a replay.
    public var isNakScheduled: Bool { flags & Self.nakScheduledFlag != 0 }

    /// What the next outgoing header's Ack/Nak slot should carry, if anything.
    public var pendingAckNak: AckNakReport? {
        if flags & Self.nakOwedFlag != 0 { return .nak(ackNakSequence) }
        if flags & Self.ackOwedFlag != 0 { return .ack(ackNakSequence) }
        return nil
    }

    /// The transmitter put ``pendingAckNak`` into a header.
    public mutating func ackNakTransmitted() {
        flags &= ~(Self.nakOwedFlag | Self.ackOwedFlag)
    }

    private var space: SequenceSpace { configuration.sequenceSpace }

    /// A flit failed its CRC: drop it and schedule a Nak unless one is already scheduled.
    public mutating func crcErrorDetected() -> Action {
        flags &= ~Self.sequenceKnownFlag
        return isNakScheduled ? .discard : scheduleNak(.crcError)
    }

    /// A flit passed its CRC. `field` is its header's sequence field.
    public mutating func flitReceived(_ kind: FlitKind, field: SequenceField) -> Action {
        let sequence: UInt8
        switch field {
        case let .explicit(number):
            guard space.contains(number) else {
                return kind == .payload ? .violation(.invalidPayloadSequence(number)) : .discard
            }
            sequence = number
        case .ackNak:
            // Only a payload flit has an (implicit) number, and only if the previous is known.
            guard kind == .payload, flags & Self.sequenceKnownFlag != 0, !isNakScheduled else {
                return .discard
            }
            sequence = space.successor(lastSeen)
        }
        let lastDelivered = space.predecessor(nextExpected)
        if isNakScheduled {
            if kind == .payload && sequence == nextExpected {
                flags &= ~Self.nakScheduledFlag
                return deliver(sequence)
            }
            if kind == .nop && sequence == lastDelivered {
                flags &= ~Self.nakScheduledFlag
                flags |= Self.sequenceKnownFlag
                lastSeen = sequence
            }
            return .discard
        }
        switch kind {
        case .payload:
            if sequence == nextExpected { return deliver(sequence) }
            let behind = space.distance(from: sequence, to: nextExpected)
            guard behind <= space.halfRange else { return scheduleNak(.sequenceGap) }
            lastSeen = sequence
            flags |= Self.ackOwedFlag | Self.sequenceKnownFlag
            return .discardDuplicate(sequence)
        case .nop:
            let ahead = space.distance(from: lastDelivered, to: sequence)
            if ahead != 0 && ahead <= space.halfRange { return scheduleNak(.sequenceGap) }
            lastSeen = sequence
            flags |= Self.sequenceKnownFlag
            return .discard
        }
    }

    private mutating func deliver(_ sequence: UInt8) -> Action {
        nextExpected = space.successor(sequence)
        ackNakSequence = sequence
        lastSeen = sequence
        flags |= Self.ackOwedFlag | Self.sequenceKnownFlag
        return .deliver(sequence)
    }

    private mutating func scheduleNak(_ cause: NakCause) -> Action {
        ackNakSequence = space.predecessor(nextExpected)
        flags |= Self.nakScheduledFlag | Self.nakOwedFlag
        flags &= ~(Self.ackOwedFlag | Self.sequenceKnownFlag)
        return .nakScheduled(cause)
    }
}

// MARK: Registers

extension RetryReceiver {
    /// The receiver's variables as plain values, so a caller that packs state can store them
    /// and rebuild the receiver later.
    public struct Registers: Hashable, Sendable {
        public var nextExpected: UInt8
        public var ackNakSequence: UInt8
        /// Meaningful only while ``sequenceKnown``.
        public var lastSeen: UInt8
        public var nakScheduled: Bool
        public var nakOwed: Bool
        public var ackOwed: Bool
        /// The number of the last payload flit seen is known (implicit numbers can be derived).
        public var sequenceKnown: Bool

        public init(
            nextExpected: UInt8, ackNakSequence: UInt8, lastSeen: UInt8, nakScheduled: Bool, nakOwed: Bool,
            ackOwed: Bool, sequenceKnown: Bool
        ) {
            self.nextExpected = nextExpected
            self.ackNakSequence = ackNakSequence
            self.lastSeen = lastSeen
            self.nakScheduled = nakScheduled
            self.nakOwed = nakOwed
            self.ackOwed = ackOwed
            self.sequenceKnown = sequenceKnown
        }
    }

    /// A receiver with the given variables.
    public init(configuration: RetryConfiguration, registers r: Registers) {
        self.init(configuration: configuration)
        nextExpected = r.nextExpected
        ackNakSequence = r.ackNakSequence
        lastSeen = r.lastSeen
        flags = (r.nakScheduled ? Self.nakScheduledFlag : 0) | (r.nakOwed ? Self.nakOwedFlag : 0)
            | (r.ackOwed ? Self.ackOwedFlag : 0) | (r.sequenceKnown ? Self.sequenceKnownFlag : 0)
    }

    /// The variables a caller stores to rebuild this receiver with ``init(configuration:registers:)``.
    public var registers: Registers {
        Registers(
            nextExpected: nextExpected, ackNakSequence: ackNakSequence, lastSeen: lastSeen,
            nakScheduled: isNakScheduled, nakOwed: flags & Self.nakOwedFlag != 0,
            ackOwed: flags & Self.ackOwedFlag != 0, sequenceKnown: flags & Self.sequenceKnownFlag != 0)
    }
}
