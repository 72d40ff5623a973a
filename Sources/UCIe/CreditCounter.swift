/// A link-layer credit counter whose value stays within 0…limit (digest §2.4, §5.1 INV-CRED).
///
/// Taking a credit that is not there, or returning more than the receiver's buffer holds, leaves
/// the counter unchanged and reports a ``Violation`` value instead of trapping, so that a model
/// checker can turn it into a counterexample.
public struct CreditCounter: Hashable, Sendable {
    /// Why a change was refused.
    public enum Violation: Hashable, Sendable {
        /// A message was sent without a credit (`requested` wanted, `available` held).
        case underflow(requested: UInt8, available: UInt8)
        /// More credits came back than the receiver can have buffers for.
        case overflow(returned: UInt8, available: UInt8, limit: UInt8)
    }

    /// Credits currently held by the sender.
    public private(set) var value: UInt8
    /// The receiver's buffer size: the most credits that can ever be held.
    public let limit: UInt8

    /// A counter that starts full (the receiver advertised all its buffers) unless told otherwise.
    ///
    /// - Precondition: `initial <= limit`.
    public init(limit: UInt8, initial: UInt8? = nil) {
        let start = initial ?? limit
        precondition(start <= limit, "a credit counter cannot start above its limit")
        self.limit = limit
        value = start
    }

    /// Whether `count` credits are available now.
    public func canConsume(_ count: UInt8 = 1) -> Bool { count <= value }

    /// Spend `count` credits to send. Returns `nil` on success.
    public mutating func consume(_ count: UInt8 = 1) -> Violation? {
        guard count <= value else { return .underflow(requested: count, available: value) }
        value -= count
        return nil
    }

    /// `count` credits came back from the receiver. Returns `nil` on success.
    public mutating func restore(_ count: UInt8 = 1) -> Violation? {
        guard count <= limit - value else { return .overflow(returned: count, available: value, limit: limit) }
        value += count
        return nil
    }
}
