/// What an Ack/Nak slot of an outgoing flit header carries (B1[5:4] = 01 or 10 and S).
public enum AckNakReport: Hashable, Sendable {
    /// Every flit up to and including the number was received.
    case ack(UInt8)
    /// The number is the last good flit; everything after it must be replayed.
    case nak(UInt8)
}

/// The sequence field of a transmitted header: either the flit's own number or an Ack/Nak.
public enum SequenceField: Hashable, Sendable {
    /// B1[5:4] = 00, S = the flit's explicit sequence number.
    case explicit(UInt8)
    /// B1[5:4] = 01/10; a payload flit sent this way has the implicit number "previous + 1".
    case ackNak(AckNakReport)
}

/// A retry protocol violation. Each is an Uncorrectable Internal Error (R11) that the caller
/// turns into the LinkError path; the engines never trap on them.
public enum RetryViolation: Hashable, Sendable {
    /// An Ack whose number is neither the last acknowledged one nor an outstanding flit.
    case ackOutsideWindow(UInt8)
    /// A Nak whose number is neither the last acknowledged one nor an outstanding flit.
    case nakOutsideWindow(UInt8)
    /// A payload flit with explicit sequence number 0 or a number outside the ring.
    case invalidPayloadSequence(UInt8)
}
