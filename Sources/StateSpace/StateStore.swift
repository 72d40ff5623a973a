import CExplorerSupport

/// The explorer's memory: every distinct state, once, in flat storage.
///
/// ```
///  arena (reserved once, never moves)     table (open addressing, grows by rehash)
///  ┌───────── entry id ──────────┐        ┌───────────────────────────┐
///  │ state word 0 … word W-1     │ ◀───── │ hash tag (32) │ id + 1 (32)│
///  └─────────────────────────────┘        └───────────────────────────┘
///  parents: by id, the queue position of the state's parent (32 bits)
///  queue:   ids in breadth-first order (the frontier of every level, one after another)
/// ```
///
/// * The **arena** holds the packed states, `W` words each.
/// * **parents** holds each state's predecessor: its parent's queue position. Parents
///   compare in breadth-first order, which is what lets several threads agree on one
///   deterministic parent per state (the smallest wins, exactly the parent a single-threaded
///   search records first). The rule is not stored: a counterexample finds it again as the
///   first rule that leads from the parent to the state, which is the rule a single thread
///   records first too.
/// * The **table** maps a state to its arena id. A slot holds the top 32 bits of the state's
///   hash and `id + 1` (0 = empty, all ones = being written by another thread). The slot index
///   is taken from the same top bits, so growing the table never rehashes a state.
/// * The **queue** holds arena ids in breadth-first order; a state's queue index is its
///   position in that order.
///
/// There is no Swift object per state and nothing is allocated per state: the arena and queue
/// are reserved as virtual memory up front and backed by the kernel as they fill.
///
/// **States inline** (an exact store of one-word states whose fields leave a bit or more of
/// the word free, ``inlineShift``): a table slot holds the state itself, shifted up over a
/// mark bit (``Encoding/inlineMark``, so that the all-zero state is not an empty slot). A probe
/// then confirms a state without reading the arena, and nothing but the slot is written for a
/// state seen before. The state's id is not kept while exploring: nothing then asks a slot for
/// it. A pass afterwards that does (the trap check) has the ids laid out beside the slots
/// (``provideSlotIDs()``). Several threads store inline states into *segments* of the table,
/// one thread per segment at a time (``segmentBits``): no slot is ever written by two threads
/// at once, so no slot needs an atomic operation.
///
/// **Fingerprint store** (hash compaction, ``StateStorage/fingerprint``): a table slot holds the
/// state's 64-bit hash and nothing else, so two states are taken to be the same when their
/// hashes are. The arena and the queue then hold states only while they may still be expanded
/// (each level's predecessors are given back to the system, see ``discard(below:queueBelow:)``),
/// and the predecessors, which a counterexample is replayed along from an initial state, go to a
/// ``PredecessorFile`` on disk in queue order. Per state that leaves the table slot in memory,
/// whatever the state's size; the table may fill to 9/10 (``maxLoadSlots``) because a slot
/// is compared without reading the arena. For states of one word the hash is invertible, so
/// distinct states have distinct fingerprints and nothing can be missed: the hash 0, which
/// marks an empty slot, is kept in a flag of its own (``TableView/zeroHashSeen``) rather than
/// folded onto another hash.
@usableFromInline final class StateStore: @unchecked Sendable {
    /// Ids are 32-bit; the all-ones `id + 1` is the busy marker.
    @usableFromInline static let maxEntries = Int(UInt32.max) - 2

    @usableFromInline let wordCount: Int
    /// An exact store's parents (each state's parent's queue position), by id (one placeholder entry in a fingerprint store).
    @usableFromInline let parents: UnsafeMutablePointer<UInt32>
    @usableFromInline let parentsBytes: Int
    @usableFromInline let fingerprint: Bool
    /// The predecessors of a fingerprint store, by queue position (nil for the exact store).
    @usableFromInline let predecessorFile: PredecessorFile?
    /// In a fingerprint store, arena entries below this id have been given back.
    @usableFromInline var discardedIDs = 0
    /// In a fingerprint store, queue entries below this position have been given back.
    @usableFromInline var discardedQueue = 0
    @usableFromInline let arena: UnsafeMutablePointer<UInt64>
    @usableFromInline let arenaBytes: Int
    @usableFromInline let arenaCapacity: Int
    @usableFromInline let queue: UnsafeMutablePointer<UInt32>
    @usableFromInline let queueBytes: Int
    /// Next free arena id (atomic).
    @usableFromInline let nextID: UnsafeMutablePointer<UInt64>
    /// Fingerprint store: whether the state whose hash is 0 has been stored (atomic).
    @usableFromInline let zeroHashSeen: UnsafeMutablePointer<UInt64>

    @usableFromInline var table: UnsafeMutablePointer<UInt64>
    @usableFromInline var tableLog2: Int
    @usableFromInline var tableBytes: Int
    /// States inline: how far a state is shifted up in its slot, over its mark (0: not inline).
    @usableFromInline let inlineShift: UInt64
    /// States inline: per table slot, the id of the state in it, once ``provideSlotIDs()`` has
    /// laid them out.
    @usableFromInline var slotIDs: UnsafeMutablePointer<UInt32>?
    /// States inline with several threads: the table is cut into `1 << segmentBits` segments by
    /// the top bits of a state's hash, and a probe wraps around within its state's segment, so
    /// that one thread at a time can own a segment and store into it without atomic
    /// operations (see ``TableView/nextSlot(_:)``).
    @usableFromInline let segmentBits: Int
    /// States stored (updated between rounds).
    @usableFromInline var count = 0
    /// Entries appended to the queue.
    @usableFromInline var queueCount = 0

    /// A fingerprint store when given a predecessor file, an exact store otherwise; nil when memory
    /// cannot be reserved. `stateBits` is how many low bits of a state's words its fields use
    /// (nil: unknown); an exact store of one-word states that leave a bit free keeps them inline.
    /// `segments` (a power of two) cuts the table into segments (see ``segmentBits``).
    @inlinable init?(
        wordCount: Int, arenaCapacity: Int, initialTableLog2: Int, predecessorFile: PredecessorFile? = nil, stateBits: Int? = nil,
        segments: Int = 1
    ) {
        precondition(segments > 0 && segments & (segments - 1) == 0, "segments come in powers of two")
        segmentBits = segments.trailingZeroBitCount
        self.wordCount = wordCount
        self.predecessorFile = predecessorFile
        let fingerprint = predecessorFile != nil
        self.fingerprint = fingerprint
        inlineShift = Self.inlineShift(wordCount: wordCount, stateBits: stateBits, fingerprint: fingerprint)
        self.arenaCapacity = min(arenaCapacity, Self.maxEntries)
        arenaBytes = self.arenaCapacity * wordCount * 8
        queueBytes = self.arenaCapacity * 4
        parentsBytes = fingerprint ? 4 : self.arenaCapacity * 4
        guard let a = cc_reserve_zeroed(arenaBytes), let q = cc_reserve_zeroed(queueBytes),
            let p = cc_reserve_zeroed(parentsBytes)
        else { return nil }
        parents = p.bindMemory(to: UInt32.self, capacity: parentsBytes / 4)
        arena = a.bindMemory(to: UInt64.self, capacity: self.arenaCapacity * wordCount)
        queue = q.bindMemory(to: UInt32.self, capacity: self.arenaCapacity)
        nextID = .allocate(capacity: 1)
        nextID.initialize(to: 0)
        zeroHashSeen = .allocate(capacity: 1)
        zeroHashSeen.initialize(to: 0)
        tableLog2 = min(max(initialTableLog2, 10 + segmentBits), 32)
        tableBytes = (1 << tableLog2) * 8
        guard let t = cc_reserve_zeroed(tableBytes) else { return nil }
        table = t.bindMemory(to: UInt64.self, capacity: 1 << tableLog2)
    }

    /// How far an exact store shifts a one-word state up in its slot to keep it inline (0: it
    /// does not). The slot's top bit stays clear (all ones marks a slot being written), and the
    /// mark needs a bit.
    @inlinable static func inlineShift(wordCount: Int, stateBits: Int?, fingerprint: Bool) -> UInt64 {
        guard !fingerprint, wordCount == 1, let bits = stateBits, bits <= 62 else { return 0 }
        return UInt64(63 - bits)
    }

    /// Bytes ``provideSlotIDs()`` would take.
    @inlinable var missingSlotIDBytes: Int { inlineShift != 0 && slotIDs == nil ? tableBytes / 2 : 0 }

    /// Makes ``TableView/find(_:hash:)`` work on a store whose states are inline (their ids are
    /// not kept while exploring): finds every stored state's slot and writes its id beside it.
    /// Returns false when the memory cannot be had.
    @inlinable func provideSlotIDs() -> Bool {
        guard missingSlotIDBytes != 0 else { return true }
        guard let raw = cc_reserve_zeroed(missingSlotIDBytes) else { return false }
        let ids = raw.bindMemory(to: UInt32.self, capacity: tableSlots)
        let view = self.view
        let markMask = view.markMask
        // Through the queue, not the arena: with several threads the arena has holes (ids are
        // taken in blocks), and a hole would look like the all-zero state.
        for position in 0..<queueCount {
            let id = Int(queue[position])
            let word = arena[id]
            let key = word &<< inlineShift
            var i = view.slotIndex(hashOneWord(word))
            while table[i] & ~markMask != key { i = view.nextSlot(i) }
            ids[i] = UInt32(truncatingIfNeeded: id)
        }
        slotIDs = ids
        return true
    }

    deinit {
        cc_release(arena, arenaBytes)
        cc_release(queue, queueBytes)
        cc_release(parents, parentsBytes)
        cc_release(table, tableBytes)
        if let slotIDs { cc_release(slotIDs, tableBytes / 2) }
        nextID.deallocate()
        zeroHashSeen.deallocate()
    }

    @inlinable var tableSlots: Int { 1 << tableLog2 }

    /// Bytes per table slot: the slot, and with states inline the id beside it.
    @inlinable var bytesPerSlot: Int { slotIDs == nil ? 8 : 12 }

    /// How many slots may be filled before the table grows: 3/4 for an exact store, whose
    /// probes read the arena entry of every slot whose tag matches; 9/10 for a fingerprint
    /// store, whose probes compare the slot alone, so that even a long linear probe stays in
    /// one or two cache lines.
    @inlinable var maxLoadSlots: Int { maxLoadSlots(log2: tableLog2) }

    /// ``maxLoadSlots`` for a table of `1 << log2` slots.
    @inlinable func maxLoadSlots(log2: Int) -> Int { fingerprint ? (1 << log2) / 10 * 9 : (1 << log2) / 4 * 3 }

    /// Bytes the stores occupy for the states stored so far.
    @inlinable var bytesInUse: Int {
        guard fingerprint else { return count * (wordCount * 8 + 4 + 4) + tableSlots * bytesPerSlot }
        let live = Int(min(nextID.pointee, UInt64(arenaCapacity))) - discardedIDs
        return max(0, live) * wordCount * 8 + (queueCount - discardedQueue) * 4 + tableBytes
    }

    /// Gives back the arena entries of ids below `id` and the queue below `position` (a
    /// fingerprint store only). Ids grow with depth, so once a level is expanded every entry
    /// below its successors' smallest id is dead, and the queue behind the frontier is only
    /// read through the predecessors, which are on disk.
    @inlinable func discard(below id: Int, queueBelow position: Int) {
        guard fingerprint else { return }
        if id > discardedIDs {
            cc_discard(entry(discardedIDs), (id - discardedIDs) * wordCount * 8)
            discardedIDs = id
        }
        if position > discardedQueue {
            cc_discard(queue + discardedQueue, (position - discardedQueue) * 4)
            discardedQueue = position
        }
    }

    /// A lightweight copy of the pointers the hot loop needs; no class access there.
    @inlinable var view: TableView {
        TableView(
            arena: arena, wordCount: wordCount, table: table,
            mask: (1 << tableLog2) - 1, indexShift: UInt64(64 - tableLog2), nextID: nextID,
            capacity: UInt64(arenaCapacity), fingerprint: fingerprint, parents: parents, zeroHashSeen: zeroHashSeen,
            inlineShift: inlineShift, slotIDs: slotIDs, segmentMask: ((1 << tableLog2) - 1) >> segmentBits)
    }

    @inline(__always)
    @inlinable func entry(_ id: Int) -> UnsafeMutablePointer<UInt64> { arena + (id &* wordCount) }

    /// The queue position of the parent of the state at queue position `position` in an
    /// exact store (nil for an initial state).
    @inlinable func parent(ofQueuePosition position: Int) -> Int? {
        let parent = parents[Int(queue[position])]
        return parent == Encoding.noParentPosition ? nil : Int(parent)
    }

    /// The state with arena id `id`; in a fingerprint store only while it has not been discarded.
    @inlinable func state(_ id: Int) -> StateWords {
        precondition(id >= discardedIDs, "the state was discarded from the fingerprint store")
        return Array(UnsafeBufferPointer(start: entry(id), count: wordCount))
    }
}
