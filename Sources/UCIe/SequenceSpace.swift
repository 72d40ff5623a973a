/// The ring of retry sequence numbers (UCIe 3.0 §3.8; rule R3 of the reference digest).
///
/// The specification's ring is 1…255: 0 is reserved ("no Ack/Nak carried"), 255 is followed by 1,
/// and arithmetic is modulo 255. Explicit-state models use a smaller ring (`highest` = 7, say)
/// so that wrap-around is reachable.
///
/// `includesZero` exists only to seed pitfall P6 ("modulo-256 arithmetic"): the ring becomes
/// 0…highest, so 255 is followed by the reserved value 0.
public struct SequenceSpace: Hashable, Sendable {
    /// The largest sequence number (255 in the specification).
    public let highest: UInt8
    /// `false` per the specification; `true` seeds the modulo-(highest + 1) bug.
    public let includesZero: Bool

    /// The specification's ring 1…255.
    public static let standard = SequenceSpace(highest: 255)

    /// - Precondition: `highest >= 2`.
    public init(highest: UInt8, includesZero: Bool = false) {
        precondition(highest >= 2, "a sequence space needs at least two numbers")
        self.highest = highest
        self.includesZero = includesZero
    }

    /// Number of values on the ring.
    public var size: Int { includesZero ? Int(highest) + 1 : Int(highest) }

    /// Largest backward distance a receiver still reads as "already seen" rather than "ahead"
    /// (127 for the specification's ring): strictly less than half the ring.
    public var halfRange: Int { (size - 1) / 2 }

    /// Whether `value` is a sequence number (as opposed to reserved or too large).
    public func contains(_ value: UInt8) -> Bool {
        value <= highest && (includesZero || value != 0)
    }

    /// The number after `value`: 255 → 1 on the specification's ring.
    public func successor(_ value: UInt8) -> UInt8 {
        value >= highest ? (includesZero ? 0 : 1) : value + 1
    }

    /// The number before `value`: 1 → 255 on the specification's ring.
    public func predecessor(_ value: UInt8) -> UInt8 {
        let lowest: UInt8 = includesZero ? 0 : 1
        return value <= lowest ? highest : value - 1
    }

    /// Steps forward from `from` to `to`, in 0..<size.
    public func distance(from: UInt8, to: UInt8) -> Int {
        (index(to) - index(from) + size) % size
    }

    private func index(_ value: UInt8) -> Int {
        includesZero ? Int(value) : Int(value) % size
    }
}
