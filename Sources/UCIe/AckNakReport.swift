/// What an Ack/Nak slot of an outgoing flit header carries (B1[5:4] = 01 or 10 and S).
public enum AckNakReport: Hashable, Sendable {
    /// Every flit up to and including the number was received.
    case ack(UInt8)
    /// The number is the last good flit; everything after it must be replayed.
    case nak(UInt8)
}
