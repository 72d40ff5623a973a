import CExplorerSupport

extension StateStore {
    /// Doubles the table (or more, to `log2`) and moves every slot; returns false when the
    /// allocation fails.
    ///
    /// With several threads each moves a slice of the old table, claiming slots of the new
    /// one by compare-and-swap: any insertion order gives a valid linear-probing table, and
    /// the new table's pages are then also zeroed by the kernel on every core at once.
    @inlinable func grow(toLog2 log2: Int, team: WorkerTeam? = nil) -> Bool {
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
}

/// Moves slots from one table into a larger one (see ``StateStore/grow(toLog2:team:)``).
@usableFromInline struct SlotMover: @unchecked Sendable {
    @usableFromInline let from: UnsafeMutablePointer<UInt64>
    @usableFromInline let to: UnsafeMutablePointer<UInt64>
    @usableFromInline let newMask: Int
    /// Probes wrap around within a segment (see ``StateStore/segmentBits``).
    @usableFromInline let segmentMask: Int
    @usableFromInline let shift: UInt64
    /// Both kinds of slot keep the top bits of the hash in their top bits, and those pick the slot.
    @usableFromInline let topBits: UInt64
    /// States inline: the slot holds the state shifted up by this, and its slot is found by
    /// hashing it again.
    @usableFromInline let inlineShift: UInt64

    /// Slots moved between two give-backs of the old table's pages: 2 MiB, one huge page.
    @usableFromInline static let chunk = 1 << 18

    /// Moves the slots of `range`, giving the old table's pages back as it goes: the new table
    /// is filled about as fast as the old one is emptied, so growing costs little more memory
    /// than the new table itself.
    @inlinable func move(_ range: Range<Int>, concurrent: Bool) {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + Self.chunk, range.upperBound)
            moveSlots(start..<end, concurrent: concurrent)
            cc_discard(from + start, (end - start) * 8)
            start = end
        }
    }

    @inlinable func moveSlots(_ range: Range<Int>, concurrent: Bool) {
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

    @inlinable
    init(from: UnsafeMutablePointer<UInt64>, to: UnsafeMutablePointer<UInt64>, newMask: Int, segmentMask: Int, shift: UInt64, topBits: UInt64, inlineShift: UInt64) {
        self.from = from
        self.to = to
        self.newMask = newMask
        self.segmentMask = segmentMask
        self.shift = shift
        self.topBits = topBits
        self.inlineShift = inlineShift
    }
}
