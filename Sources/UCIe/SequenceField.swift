/// The sequence field of a transmitted header: either the flit's own number or an Ack/Nak.
public enum SequenceField: Hashable, Sendable {
    /// B1[5:4] = 00, S = the flit's explicit sequence number.
    case explicit(UInt8)
    /// B1[5:4] = 01/10; a payload flit sent this way has the implicit number "previous + 1".
    case ackNak(AckNakReport)
}
