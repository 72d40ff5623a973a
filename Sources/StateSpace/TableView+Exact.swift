import CExplorerSupport

extension TableView {
    @inlinable @inline(__always)
    func write(_ state: UnsafePointer<UInt64>, predecessor: UInt64, at id: Int) {
        copyWords(entry(id), from: state, count: wordCount)
        parents[id] = Encoding.parentPosition(predecessor)
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

    /// Finds `state` or stores it with predecessor `predecessor`.
    ///
    /// With `concurrent` the slot is claimed by compare-and-swap and published with release
    /// ordering; a thread that meets a slot being written waits for it (a few stores).
    /// Without it, plain loads and stores are used.
    @inlinable @inline(__always)
    func insert(
        _ state: UnsafePointer<UInt64>, hash: UInt64, predecessor: UInt64, concurrent: Bool, ids: inout IDAllocator
    ) -> InsertOutcome {
        // A fingerprint store's predecessors go to the predecessor file, in queue order, after the round.
        if fingerprint { return insertFingerprint(state, hash: hash, concurrent: concurrent, ids: &ids) }
        if inlineShift != 0 {
            // Inline states are stored by one thread per segment, never concurrently.
            return insertInline(state, hash: hash, parent: Encoding.parentPosition(predecessor), sharedIDs: concurrent, ids: &ids)
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
                write(state, predecessor: predecessor, at: id)
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
}
