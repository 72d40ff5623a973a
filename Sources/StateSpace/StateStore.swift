import CExplorerSupport
import Dispatch

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
/// * **parents** holds each state's predecessor link: its parent's queue position. Parents
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
/// and the links, which a counterexample is replayed along from an initial state, go to a
/// ``LinkFile`` on disk in queue order. Per state that leaves the table slot in memory,
/// whatever the state's size; the table may fill to 9/10 (``maxLoadSlots``) because a slot
/// is compared without reading the arena. For states of one word the hash is invertible, so
/// distinct states have distinct fingerprints and nothing can be missed: the hash 0, which
/// marks an empty slot, is kept in a flag of its own (``TableView/zeroHashSeen``) rather than
/// folded onto another hash.
final class StateStore: @unchecked Sendable {
    /// Ids are 32-bit; the all-ones `id + 1` is the busy marker.
    static let maxEntries = Int(UInt32.max) - 2

    let wordCount: Int
    /// An exact store's parent links, by id (one placeholder entry in a fingerprint store).
    let parents: UnsafeMutablePointer<UInt32>
    let parentsBytes: Int
    let fingerprint: Bool
    /// The links of a fingerprint store, by queue position (nil for the exact store).
    let linkFile: LinkFile?
    /// In a fingerprint store, arena entries below this id have been given back.
    private(set) var discardedIDs = 0
    /// In a fingerprint store, queue entries below this position have been given back.
    private(set) var discardedQueue = 0
    let arena: UnsafeMutablePointer<UInt64>
    let arenaBytes: Int
    let arenaCapacity: Int
    let queue: UnsafeMutablePointer<UInt32>
    let queueBytes: Int
    /// Next free arena id (atomic).
    let nextID: UnsafeMutablePointer<UInt64>
    /// Fingerprint store: whether the state whose hash is 0 has been stored (atomic).
    let zeroHashSeen: UnsafeMutablePointer<UInt64>

    private(set) var table: UnsafeMutablePointer<UInt64>
    private(set) var tableLog2: Int
    private(set) var tableBytes: Int
    /// States inline: how far a state is shifted up in its slot, over its mark (0: not inline).
    let inlineShift: UInt64
    /// States inline: per table slot, the id of the state in it, once ``provideSlotIDs()`` has
    /// laid them out.
    private(set) var slotIDs: UnsafeMutablePointer<UInt32>?
    /// States inline with several threads: the table is cut into `1 << segmentBits` segments by
    /// the top bits of a state's hash, and a probe wraps around within its state's segment, so
    /// that one thread at a time can own a segment and store into it without atomic
    /// operations (see ``TableView/nextSlot(_:)``).
    let segmentBits: Int
    /// States stored (updated between rounds).
    var count = 0
    /// Entries appended to the queue.
    var queueCount = 0

    /// A fingerprint store when given a link file, an exact store otherwise; nil when memory
    /// cannot be reserved. `stateBits` is how many low bits of a state's words its fields use
    /// (nil: unknown); an exact store of one-word states that leave a bit free keeps them inline.
    /// `segments` (a power of two) cuts the table into segments (see ``segmentBits``).
    init?(
        wordCount: Int, arenaCapacity: Int, initialTableLog2: Int, linkFile: LinkFile? = nil, stateBits: Int? = nil,
        segments: Int = 1
    ) {
        precondition(segments > 0 && segments & (segments - 1) == 0, "segments come in powers of two")
        segmentBits = segments.trailingZeroBitCount
        self.wordCount = wordCount
        self.linkFile = linkFile
        let fingerprint = linkFile != nil
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
    static func inlineShift(wordCount: Int, stateBits: Int?, fingerprint: Bool) -> UInt64 {
        guard !fingerprint, wordCount == 1, let bits = stateBits, bits <= 62 else { return 0 }
        return UInt64(63 - bits)
    }

    /// Bytes ``provideSlotIDs()`` would take.
    var missingSlotIDBytes: Int { inlineShift != 0 && slotIDs == nil ? tableBytes / 2 : 0 }

    /// Makes ``TableView/find(_:hash:)`` work on a store whose states are inline (their ids are
    /// not kept while exploring): finds every stored state's slot and writes its id beside it.
    /// Returns false when the memory cannot be had.
    func provideSlotIDs() -> Bool {
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

    var tableSlots: Int { 1 << tableLog2 }

    /// Bytes per table slot: the slot, and with states inline the id beside it.
    var bytesPerSlot: Int { slotIDs == nil ? 8 : 12 }

    /// How many slots may be filled before the table grows: 3/4 for an exact store, whose
    /// probes read the arena entry of every slot whose tag matches; 9/10 for a fingerprint
    /// store, whose probes compare the slot alone, so that even a long linear probe stays in
    /// one or two cache lines.
    var maxLoadSlots: Int { maxLoadSlots(log2: tableLog2) }

    /// ``maxLoadSlots`` for a table of `1 << log2` slots.
    func maxLoadSlots(log2: Int) -> Int { fingerprint ? (1 << log2) / 10 * 9 : (1 << log2) / 4 * 3 }

    /// Bytes the stores occupy for the states stored so far.
    var bytesInUse: Int {
        guard fingerprint else { return count * (wordCount * 8 + 4 + 4) + tableSlots * bytesPerSlot }
        let live = Int(min(nextID.pointee, UInt64(arenaCapacity))) - discardedIDs
        return max(0, live) * wordCount * 8 + (queueCount - discardedQueue) * 4 + tableBytes
    }

    /// Gives back the arena entries of ids below `id` and the queue below `position` (a
    /// fingerprint store only). Ids grow with depth, so once a level is expanded every entry
    /// below its successors' smallest id is dead, and the queue behind the frontier is only
    /// read through the links, which are on disk.
    func discard(below id: Int, queueBelow position: Int) {
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
    var view: TableView {
        TableView(
            arena: arena, wordCount: wordCount, table: table,
            mask: (1 << tableLog2) - 1, indexShift: UInt64(64 - tableLog2), nextID: nextID,
            capacity: UInt64(arenaCapacity), fingerprint: fingerprint, parents: parents, zeroHashSeen: zeroHashSeen,
            inlineShift: inlineShift, slotIDs: slotIDs, segmentMask: ((1 << tableLog2) - 1) >> segmentBits)
    }

    /// Doubles the table (or more, to `log2`) and moves every slot; returns false when the
    /// allocation fails.
    ///
    /// With several threads each moves a slice of the old table, claiming slots of the new
    /// one by compare-and-swap: any insertion order gives a valid linear-probing table, and
    /// the new table's pages are then also zeroed by the kernel on every core at once.
    func grow(toLog2 log2: Int, team: WorkerTeam? = nil) -> Bool {
        let newLog2 = min(log2, 32)
        guard newLog2 > tableLog2 else { return false }
        let newBytes = (1 << newLog2) * 8
        guard let raw = cc_reserve_zeroed(newBytes) else { return false }
        let newTable = raw.bindMemory(to: UInt64.self, capacity: 1 << newLog2)
        // Ids are laid out beside the slots only after the exploration, which is over by then.
        precondition(slotIDs == nil, "the table grows only while exploring")
        let move = SlotMover(
            from: table, to: newTable, newMask: (1 << newLog2) - 1, segmentMask: ((1 << newLog2) - 1) >> segmentBits,
            shift: UInt64(64 - newLog2),
            topBits: fingerprint ? .max : 0xFFFF_FFFF_0000_0000, inlineShift: inlineShift)
        let oldSlots = 1 << tableLog2
        let threads = team?.threads ?? 1
        let slices = threads > 1 && oldSlots >= 1 << 16 ? threads * 4 : 1
        if let team, slices > 1 {
            let sliceSize = oldSlots / slices
            team.forEach(slices) { k in
                // The last slice also takes the remainder (slices need not divide the table).
                move.move((k * sliceSize)..<(k == slices - 1 ? oldSlots : (k + 1) * sliceSize), concurrent: true)
            }
        } else {
            move.move(0..<oldSlots, concurrent: false)
        }
        cc_release(table, tableBytes)
        table = newTable
        tableLog2 = newLog2
        tableBytes = newBytes
        return true
    }

    @inline(__always)
    func entry(_ id: Int) -> UnsafeMutablePointer<UInt64> { arena + (id &* wordCount) }

    /// The queue position of the parent of the state at queue position `position` in an
    /// exact store (nil for an initial state).
    func parent(ofQueuePosition position: Int) -> Int? {
        let parent = parents[Int(queue[position])]
        return parent == Encoding.noParentPosition ? nil : Int(parent)
    }

    /// The state with arena id `id`; in a fingerprint store only while it has not been discarded.
    func state(_ id: Int) -> StateWords {
        precondition(id >= discardedIDs, "the state was discarded from the fingerprint store")
        return Array(UnsafeBufferPointer(start: entry(id), count: wordCount))
    }
}

/// Moves slots from one table into a larger one (see ``StateStore/grow(toLog2:team:)``).
private struct SlotMover: @unchecked Sendable {
    let from: UnsafeMutablePointer<UInt64>
    let to: UnsafeMutablePointer<UInt64>
    let newMask: Int
    /// Probes wrap around within a segment (see ``StateStore/segmentBits``).
    let segmentMask: Int
    let shift: UInt64
    /// Both kinds of slot keep the top bits of the hash in their top bits, and those pick the slot.
    let topBits: UInt64
    /// States inline: the slot holds the state shifted up by this, and its slot is found by
    /// hashing it again.
    let inlineShift: UInt64

    /// Slots moved between two give-backs of the old table's pages: 2 MiB, one huge page.
    static let chunk = 1 << 18

    /// Moves the slots of `range`, giving the old table's pages back as it goes: the new table
    /// is filled about as fast as the old one is emptied, so growing costs little more memory
    /// than the new table itself.
    func move(_ range: Range<Int>, concurrent: Bool) {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + Self.chunk, range.upperBound)
            moveSlots(start..<end, concurrent: concurrent)
            cc_discard(from + start, (end - start) * 8)
            start = end
        }
    }

    private func moveSlots(_ range: Range<Int>, concurrent: Bool) {
        for i in range {
            let slot = from[i]
            if slot == Encoding.emptySlot { continue }
            var j =
                inlineShift != 0
                ? Int(truncatingIfNeeded: hashOneWord(slot &>> inlineShift) &>> shift)
                : Int(truncatingIfNeeded: (slot & topBits) &>> shift)
            while true {
                if concurrent {
                    var expected = Encoding.emptySlot
                    if cc_cas(to + j, &expected, slot) { break }
                } else if to[j] == Encoding.emptySlot {
                    to[j] = slot
                    break
                }
                j = TableView.nextSlot(j, segmentMask: segmentMask)
            }
        }
    }
}

/// How table slots and predecessor links are encoded.
@usableFromInline
enum Encoding {
    /// A free table slot.
    @usableFromInline static let emptySlot: UInt64 = 0
    /// A slot another thread has claimed and is writing.
    @usableFromInline static let busySlot: UInt64 = .max
    /// The link of an initial state.
    @usableFromInline static let noParent: UInt64 = .max
    /// An exact store's parent entry for an initial state.
    @usableFromInline static let noParentPosition: UInt32 = .max
    /// The low bit of every occupied slot of a store whose states are inline (under the state).
    @usableFromInline static let inlineMark: UInt64 = 1

    /// The parent's queue position a link names, as an exact store keeps it.
    @inlinable @inline(__always)
    static func parentPosition(_ link: UInt64) -> UInt32 {
        link == noParent ? noParentPosition : UInt32(truncatingIfNeeded: link &>> ruleBits)
    }
    /// Links are `(parent queue index << ruleBits) | rule`.
    @usableFromInline static let ruleBits: UInt64 = 24
    static let ruleMask: UInt64 = (1 << 24) - 1
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

    init(block: UInt64) { self.block = block }

    /// Drops the rest of the current block (at a level's end ids must start afresh).
    mutating func reset() { next = 0; end = 0 }
}

/// The hot-loop view of the store: plain pointers and constants, copied into each worker.
@usableFromInline
struct TableView: @unchecked Sendable {
    @usableFromInline let arena: UnsafeMutablePointer<UInt64>
    @usableFromInline let wordCount: Int
    @usableFromInline let table: UnsafeMutablePointer<UInt64>
    @usableFromInline let mask: Int
    @usableFromInline let indexShift: UInt64
    @usableFromInline let nextID: UnsafeMutablePointer<UInt64>
    @usableFromInline let capacity: UInt64
    @usableFromInline let fingerprint: Bool
    @usableFromInline let parents: UnsafeMutablePointer<UInt32>
    /// Fingerprint store: the state whose hash is 0 was stored (0 marks an empty slot).
    @usableFromInline let zeroHashSeen: UnsafeMutablePointer<UInt64>
    /// States inline (see ``StateStore``): the state's shift in its slot, 0 when not inline.
    @usableFromInline let inlineShift: UInt64
    @usableFromInline let slotIDs: UnsafeMutablePointer<UInt32>?
    /// The slot bits within a segment (``StateStore/segmentBits``); `mask` with one segment.
    @usableFromInline let segmentMask: Int

    /// The bits of an inline slot under the state: its mark, and zeros.
    @inlinable var markMask: UInt64 { (1 &<< inlineShift) &- 1 }

    /// Writes a zero into every page of the arena and of the parents that states `ids` will
    /// occupy, so that the kernel backs them now, on this thread. No state has those ids yet
    /// (they are at or past ``nextID``), so the zeros change nothing; a page already backed
    /// costs one store.
    func prefault(ids: Range<Int>) {
        let ids = ids.clamped(to: 0..<Int(capacity))
        guard !ids.isEmpty else { return }
        Self.prefault(UnsafeMutableRawPointer(entry(ids.lowerBound)), UnsafeMutableRawPointer(entry(ids.upperBound)))
        if !fingerprint {
            Self.prefault(UnsafeMutableRawPointer(parents + ids.lowerBound), UnsafeMutableRawPointer(parents + ids.upperBound))
        }
    }

    /// Writes a zero byte at the first byte of every page that starts in `[start, end)`, and at
    /// `start`.
    private static func prefault(_ start: UnsafeMutableRawPointer, _ end: UnsafeMutableRawPointer) {
        let page = 4096
        var p = start
        while p < end {
            p.storeBytes(of: 0, as: UInt8.self)
            p = UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: p) & ~(page - 1)) &+ page)!
        }
    }

    /// The arena entry of state `id`.
    @inlinable @inline(__always)
    func entry(_ id: Int) -> UnsafeMutablePointer<UInt64> { arena + (id &* wordCount) }

    @inlinable @inline(__always)
    func slotIndex(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash &>> indexShift) }

    /// The slot a probe tries after `i`: the next one, wrapping around within `i`'s segment.
    @inlinable @inline(__always)
    func nextSlot(_ i: Int) -> Int { Self.nextSlot(i, segmentMask: segmentMask) }

    /// ``nextSlot(_:)`` in a table whose segments have `segmentMask + 1` slots.
    @inlinable @inline(__always)
    static func nextSlot(_ i: Int, segmentMask: Int) -> Int { (i & ~segmentMask) | ((i &+ 1) & segmentMask) }

    /// ``nextSlot(_:)``, or with `segmented` false (only for a table of one segment, where
    /// both agree) the plain wrap-around, which leaves the hot loop a register.
    @inlinable @inline(__always)
    func nextSlot(_ i: Int, segmented: Bool) -> Int { segmented ? nextSlot(i) : (i &+ 1) & mask }

    @inlinable @inline(__always)
    func prefetch(_ hash: UInt64) { cc_prefetch_write(table + slotIndex(hash)) }

    /// The next arena id. A single thread takes it without an atomic operation: a locked
    /// instruction per stored state waits for the memory operations before it, which showed as
    /// a third of the insert time.
    @inlinable @inline(__always)
    func allocate(_ ids: inout IDAllocator, concurrent: Bool) -> Int? {
        if !concurrent {
            let id = nextID.pointee
            guard id < capacity else { return nil }
            nextID.pointee = id &+ 1
            return Int(truncatingIfNeeded: id)
        }
        if ids.next == ids.end {
            let start = cc_fetch_add(nextID, ids.block)
            guard start < capacity else { return nil }
            ids.next = start
            ids.end = min(start + ids.block, capacity)
        }
        defer { ids.next &+= 1 }
        return Int(truncatingIfNeeded: ids.next)
    }

    /// The fingerprint-store insert: the slot holds the hash itself (0 is the empty slot, so a
    /// hash of 0 has a flag of its own instead). A thread claims an empty slot (or the flag) by
    /// compare-and-swap; nobody reads the arena through the table, so the entry can be written
    /// after the claim.
    @inlinable @inline(__always)
    func insertFingerprint(
        _ state: UnsafePointer<UInt64>, hash: UInt64, concurrent: Bool, ids: inout IDAllocator
    ) -> InsertOutcome {
        if hash == Encoding.emptySlot {
            if concurrent {
                var expected: UInt64 = 0
                if !cc_cas(zeroHashSeen, &expected, 1) { return .seen }
            } else {
                if zeroHashSeen.pointee != 0 { return .seen }
                zeroHashSeen.pointee = 1
            }
            guard let id = allocate(&ids, concurrent: concurrent) else { return .full }
            copyWords(entry(id), from: state, count: wordCount)
            return .inserted(id)
        }
        var i = slotIndex(hash)
        while true {
            let slotPointer = table + i
            let slot = concurrent ? cc_load_acquire(slotPointer) : slotPointer.pointee
            if slot == hash { return .seen }
            if slot == Encoding.emptySlot {
                if concurrent {
                    var expected = Encoding.emptySlot
                    if !cc_cas(slotPointer, &expected, hash) { continue }
                } else {
                    slotPointer.pointee = hash
                }
                // When the arena is full the run ends `incomplete`, so a claimed slot without
                // an entry can hide nothing.
                guard let id = allocate(&ids, concurrent: concurrent) else { return .full }
                copyWords(entry(id), from: state, count: wordCount)
                return .inserted(id)
            }
            i = (i &+ 1) & mask
        }
    }

    @inlinable @inline(__always)
    func write(_ state: UnsafePointer<UInt64>, link: UInt64, at id: Int) {
        copyWords(entry(id), from: state, count: wordCount)
        parents[id] = Encoding.parentPosition(link)
    }

    /// Claims the empty slot at `slotPointer` for a new state: with several threads by marking
    /// it busy with a compare-and-swap, which fails when another thread was first (the caller
    /// then looks at the slot again).
    @inlinable @inline(__always)
    func claim(_ slotPointer: UnsafeMutablePointer<UInt64>, concurrent: Bool) -> Bool {
        guard concurrent else { return true }
        var expected = Encoding.emptySlot
        return cc_cas(slotPointer, &expected, Encoding.busySlot)
    }

    /// Writes a claimed slot's final value (or gives it back with the empty value), with
    /// release ordering when other threads may read it.
    @inlinable @inline(__always)
    func publish(_ slotPointer: UnsafeMutablePointer<UInt64>, _ value: UInt64, concurrent: Bool) {
        if concurrent { cc_store_release(slotPointer, value) } else { slotPointer.pointee = value }
    }

    /// The slot's value once the thread writing it (if any) has published it.
    @inlinable @inline(__always)
    func settled(_ slotPointer: UnsafeMutablePointer<UInt64>, _ seen: UInt64) -> UInt64 {
        var slot = seen
        while slot == Encoding.busySlot {
            cc_pause()
            slot = cc_load_acquire(slotPointer)
        }
        return slot
    }

    /// Finds `state` or stores it with predecessor link `link`.
    ///
    /// With `concurrent` the slot is claimed by compare-and-swap and published with release
    /// ordering; a thread that meets a slot being written waits for it (a few stores).
    /// Without it, plain loads and stores are used.
    @inlinable @inline(__always)
    func insert(
        _ state: UnsafePointer<UInt64>, hash: UInt64, link: UInt64, concurrent: Bool, ids: inout IDAllocator
    ) -> InsertOutcome {
        // A fingerprint store's links go to the link file, in queue order, after the round.
        if fingerprint { return insertFingerprint(state, hash: hash, concurrent: concurrent, ids: &ids) }
        if inlineShift != 0 {
            // Inline states are stored by one thread per segment, never concurrently.
            return insertInline(state, hash: hash, parent: Encoding.parentPosition(link), sharedIDs: concurrent, ids: &ids)
        }
        let tag = hash &>> 32
        var i = slotIndex(hash)
        while true {
            let slotPointer = table + i
            var slot = concurrent ? cc_load_acquire(slotPointer) : slotPointer.pointee
            if slot == Encoding.emptySlot {
                if !claim(slotPointer, concurrent: concurrent) { continue }
                guard let id = allocate(&ids, concurrent: concurrent) else {
                    publish(slotPointer, Encoding.emptySlot, concurrent: concurrent)
                    return .full
                }
                write(state, link: link, at: id)
                let published = (tag &<< 32) | UInt64(id &+ 1)
                publish(slotPointer, published, concurrent: concurrent)
                return .inserted(id)
            }
            if concurrent {
                slot = settled(slotPointer, slot)
                if slot == Encoding.emptySlot { continue }  // the writer gave the slot back
            }
            if slot &>> 32 == tag {
                let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                if wordsEqual(entry(id), state, count: wordCount) { return .found(id) }
            }
            i = (i &+ 1) & mask
        }
    }

    /// The insert of a store whose states are inline: the slot is compared with the state
    /// itself, so a state seen before costs its slot alone. The slot is this thread's (a single
    /// thread, or the owner of its segment): plain loads and stores. With `sharedIDs`, other
    /// threads take arena ids at the same time. The parent's queue position is worked out only
    /// when the state is stored (most successors were seen before). `segmented`: see
    /// ``nextSlot(_:segmented:)``.
    @inlinable @inline(__always)
    func insertInline(
        _ state: UnsafePointer<UInt64>, hash: UInt64, parent: @autoclosure () -> UInt32, sharedIDs: Bool,
        segmented: Bool = true, ids: inout IDAllocator
    ) -> InsertOutcome {
        let word = state.pointee
        let key = word &<< inlineShift
        let markMask = self.markMask
        var i = slotIndex(hash)
        while true {
            let slot = table[i]
            if slot == Encoding.emptySlot {
                // A model that set a bit outside its fields would lose it here, and its states
                // would never be found again: stop rather than count them wrong.
                precondition(key &>> inlineShift == word, "a state has bits set outside its layout's fields")
                guard let id = allocate(&ids, concurrent: sharedIDs) else { return .full }
                // One word: stored as such, not through `write`'s copy of `wordCount` words
                // (a call to `memcpy` where the count is not a constant).
                arena[id] = word
                parents[id] = parent()
                table[i] = key | Encoding.inlineMark
                return .inserted(id)
            }
            if slot & ~markMask == key { return .seen }
            i = nextSlot(i, segmented: segmented)
        }
    }

    /// Looks `state` up without inserting (for passes after the exploration; with states
    /// inline, after ``StateStore/provideSlotIDs()``).
    @inline(__always)
    func find(_ state: UnsafePointer<UInt64>, hash: UInt64) -> Int? {
        if inlineShift != 0 {
            let key = state.pointee &<< inlineShift
            let markMask = self.markMask
            var i = slotIndex(hash)
            while true {
                let slot = table[i]
                if slot == Encoding.emptySlot { return nil }
                if slot & ~markMask == key { return Int(truncatingIfNeeded: slotIDs.unsafelyUnwrapped[i]) }
                i = nextSlot(i)
            }
        }
        let tag = hash &>> 32
        var i = slotIndex(hash)
        while true {
            let slot = table[i]
            if slot == Encoding.emptySlot { return nil }
            if slot &>> 32 == tag {
                let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                if wordsEqual(entry(id), state, count: wordCount) { return id }
            }
            i = (i &+ 1) & mask
        }
    }
}
