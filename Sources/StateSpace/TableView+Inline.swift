import CExplorerSupport

extension TableView {
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
}
