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
