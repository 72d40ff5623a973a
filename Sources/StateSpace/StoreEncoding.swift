/// How table slots and predecessors are encoded.
///
/// A state's *predecessor* is the one word that leads back to it: the queue position of its
/// parent (the state it was first found from) above the rule that led there,
/// `(parent queue position << ruleBits) | rule`. (Named so, not "link", because a link in this
/// project is the die-to-die kind.) An exact store keeps only the parent's position
/// (``parentPosition(_:)``); a fingerprint store writes the whole word to its
/// ``PredecessorFile``.
@usableFromInline
enum Encoding {
    /// A free table slot.
    @usableFromInline static let emptySlot: UInt64 = 0
    /// A slot another thread has claimed and is writing.
    @usableFromInline static let busySlot: UInt64 = .max
    /// The predecessor of an initial state.
    @usableFromInline static let noParent: UInt64 = .max
    /// An exact store's parent entry for an initial state.
    @usableFromInline static let noParentPosition: UInt32 = .max
    /// The low bit of every occupied slot of a store whose states are inline (under the state).
    @usableFromInline static let inlineMark: UInt64 = 1

    /// The parent's queue position a predecessor names, as an exact store keeps it.
    @inlinable @inline(__always)
    static func parentPosition(_ predecessor: UInt64) -> UInt32 {
        predecessor == noParent ? noParentPosition : UInt32(truncatingIfNeeded: predecessor &>> ruleBits)
    }
    /// A predecessor is `(parent queue position << ruleBits) | rule`.
    @usableFromInline static let ruleBits: UInt64 = 24
    @usableFromInline static let ruleMask: UInt64 = (1 << 24) - 1
}

/// The outcome of offering a state to the table.
@usableFromInline
enum InsertOutcome {
    case inserted(Int)
    case found(Int)
    /// Already stored, under an id a fingerprint store does not keep.
    case seen
    case full
}

/// Hands out arena ids: one at a time for a single thread (so ids follow breadth-first order
/// exactly and none is wasted), in blocks for several threads (so they do not fight over one
/// counter for every new state).
@usableFromInline
struct IDAllocator {
    @usableFromInline var next: UInt64 = 0
    @usableFromInline var end: UInt64 = 0
    @usableFromInline let block: UInt64

    @inlinable init(block: UInt64) { self.block = block }

    /// Drops the rest of the current block (at a level's end ids must start afresh).
    @inlinable mutating func reset() { next = 0; end = 0 }
}
