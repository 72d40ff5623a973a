import CExplorerSupport

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
    @inlinable func prefault(ids: Range<Int>) {
        let ids = ids.clamped(to: 0..<Int(capacity))
        guard !ids.isEmpty else { return }
        Self.prefault(UnsafeMutableRawPointer(entry(ids.lowerBound)), UnsafeMutableRawPointer(entry(ids.upperBound)))
        if !fingerprint {
            Self.prefault(UnsafeMutableRawPointer(parents + ids.lowerBound), UnsafeMutableRawPointer(parents + ids.upperBound))
        }
    }

    /// Writes a zero byte at the first byte of every page that starts in `[start, end)`, and at
    /// `start`.
    @inlinable static func prefault(_ start: UnsafeMutableRawPointer, _ end: UnsafeMutableRawPointer) {
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
    /// instruction per stored state waits for the memory operations before it, a large share
    /// of the insert.
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

    /// Looks `state` up without inserting (for passes after the exploration; with states
    /// inline, after ``StateStore/provideSlotIDs()``).
    @inline(__always)
    @inlinable func find(_ state: UnsafePointer<UInt64>, hash: UInt64) -> Int? {
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

    @inlinable
    init(arena: UnsafeMutablePointer<UInt64>, wordCount: Int, table: UnsafeMutablePointer<UInt64>, mask: Int, indexShift: UInt64, nextID: UnsafeMutablePointer<UInt64>, capacity: UInt64, fingerprint: Bool, parents: UnsafeMutablePointer<UInt32>, zeroHashSeen: UnsafeMutablePointer<UInt64>, inlineShift: UInt64, slotIDs: UnsafeMutablePointer<UInt32>?, segmentMask: Int) {
        self.arena = arena
        self.wordCount = wordCount
        self.table = table
        self.mask = mask
        self.indexShift = indexShift
        self.nextID = nextID
        self.capacity = capacity
        self.fingerprint = fingerprint
        self.parents = parents
        self.zeroHashSeen = zeroHashSeen
        self.inlineShift = inlineShift
        self.slotIDs = slotIDs
        self.segmentMask = segmentMask
    }
}
