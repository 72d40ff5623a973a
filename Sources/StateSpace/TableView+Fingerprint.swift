import CExplorerSupport

extension TableView {
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
}
