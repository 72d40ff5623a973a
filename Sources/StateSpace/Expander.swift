import CExplorerSupport

/// Receives a worker's successors from the model: batches them, canonicalises them under
/// symmetry reduction, hashes them and prefetches their table slots, then offers each batch to
/// the table in order. A struct passed `inout`, so the model's loop (specialised for it) calls
/// it directly, with nothing copied per successor.
///
/// It holds no model, but is generic over one: `Expander<Model>` is then specialised in the
/// same module as the model's successor loop, which lets `emit` be inlined there (a
/// non-generic expander is reached through its conformance thunk, a call per successor).
@usableFromInline
struct Expander<Model: TransitionSystem>: SuccessorSink {
    @usableFromInline let view: TableView
    @usableFromInline let wordCount: Int
    @usableFromInline let concurrent: Bool
    @usableFromInline let symmetry: AgentSymmetry?
    /// States stored before this round have parents from earlier rounds, smaller than any
    /// parent offered now: only states stored in this round can have their parent lowered.
    @usableFromInline let roundFirstID: Int
    @usableFromInline let scratch: UnsafeMutablePointer<WorkerScratch>
    @usableFromInline let out: UnsafeMutablePointer<TaskOutput>
    @usableFromInline let successor: UnsafeMutablePointer<UInt64>
    @usableFromInline let batch: UnsafeMutablePointer<UInt64>
    @usableFromInline let hashes: UnsafeMutablePointer<UInt64>
    @usableFromInline let predecessors: UnsafeMutablePointer<UInt64>
    /// Queue position of the state being expanded.
    @usableFromInline var position = 0
    @usableFromInline var fired = 0
    @usableFromInline var batchCount = 0

    @usableFromInline
    init(
        view: TableView, wordCount: Int, concurrent: Bool, symmetry: AgentSymmetry?,
        scratch: UnsafeMutablePointer<WorkerScratch>, out: UnsafeMutablePointer<TaskOutput>, roundFirstID: Int
    ) {
        self.roundFirstID = roundFirstID
        self.view = view
        self.wordCount = wordCount
        self.concurrent = concurrent
        self.symmetry = symmetry
        self.scratch = scratch
        self.out = out
        successor = scratch.pointee.successor
        batch = scratch.pointee.batch
        hashes = scratch.pointee.hashes
        predecessors = scratch.pointee.predecessors
    }

    @inlinable @inline(__always)
    mutating func emit(_ rule: Int) {
        fired &+= 1
        let k = batchCount
        let slot = batch + (k &* wordCount)
        copyWords(slot, from: successor, count: wordCount)
        if let symmetry {
            symmetry.canonicalize(PackedState(words: slot), scratch: scratch.pointee.symmetryScratch, wordCount: wordCount)
        }
        let h = hashState(slot, count: wordCount)
        hashes[k] = h
        view.prefetch(h)
        predecessors[k] = (UInt64(position) &<< Encoding.ruleBits) | UInt64(rule)
        batchCount = k &+ 1
        if batchCount == WorkerScratch.batchSize { flush() }
    }

    /// A one-word state's successors in one call: the fields the loop needs are read once into
    /// registers (stores into the batch might otherwise alias them and force a reload per
    /// successor), and there is no buffer to write and restore per rule.
    @inlinable @inline(__always)
    mutating func emit(
        oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int, successor: PackedState
    ) {
        assert(wordCount == 1, "one-word successors from a model whose states are wider")
        if symmetry != nil {
            // Canonicalising goes through the batch slot; the general path does that.
            emitOneByOne(oneWordSuccessors: words, rules: rules, count: count, successor: successor)
            return
        }
        fired &+= count
        let batch = self.batch
        let hashes = self.hashes
        let predecessors = self.predecessors
        let view = self.view
        let parent = UInt64(truncatingIfNeeded: position) &<< Encoding.ruleBits
        var k = batchCount
        for j in 0..<count {
            let word = words[j]
            let h = hashOneWord(word)
            batch[k] = word
            hashes[k] = h
            view.prefetch(h)
            predecessors[k] = parent | UInt64(truncatingIfNeeded: rules[j])
            k &+= 1
            if k == WorkerScratch.batchSize {
                batchCount = k
                flushOutOfLine()
                k = 0
            }
        }
        batchCount = k
    }

    /// ``flush()`` as a call of its own, for loops that fill the batch: inlined there, its
    /// code took the loop's registers and the loop kept its pointers on the stack.
    @usableFromInline @inline(never)
    mutating func flushOutOfLine() { flush() }

    /// Offers the batched successors to the table in the order they were generated.
    @inlinable @inline(__always)
    mutating func flush() {
        if view.inlineShift != 0 {
            flushInline()
            batchCount = 0
            return
        }
        if !view.fingerprint {
            // A second wave of prefetches: most successors were seen before, and confirming
            // that means reading the stored state. The home slots are in cache by now, so
            // fetch the entries they name in one go and let those misses overlap too.
            for k in 0..<batchCount {
                let h = hashes[k]
                let slot = cc_load_relaxed(view.table + view.slotIndex(h))
                if slot &>> 32 == h &>> 32, slot != Encoding.emptySlot, slot != Encoding.busySlot {
                    let id = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                    cc_prefetch_read(view.entry(id))
                }
            }
        }
        for k in 0..<batchCount {
            let state = batch + (k &* wordCount)
            let predecessor = predecessors[k]
            record(view.insert(state, hash: hashes[k], predecessor: predecessor, concurrent: concurrent, ids: &scratch.pointee.ids), predecessors + k)
        }
        batchCount = 0
    }

    /// ``flush()`` for a store whose states are inline (see ``StateStore``), which one thread
    /// explores alone (several route their successors to segments instead, see ``Router``): the
    /// batch is one word per state, and a state seen before is confirmed by its slot alone.
    @inlinable @inline(__always)
    mutating func flushInline() {
        assert(!concurrent && view.segmentMask == view.mask, "inline states are stored by one thread per segment")
        let view = self.view
        let batch = self.batch
        let hashes = self.hashes
        let predecessors = self.predecessors
        for k in 0..<batchCount {
            record(
                view.insertInline(
                    batch + k, hash: hashes[k], parent: Encoding.parentPosition(predecessors[k]), sharedIDs: false,
                    segmented: false,
                    ids: &scratch.pointee.ids),
                predecessors + k)
        }
    }

    /// Notes what became of a successor offered with the predecessor at `predecessor` (read only for a state
    /// stored or found, not for the many seen before).
    @inlinable @inline(__always)
    mutating func record(_ outcome: InsertOutcome, _ predecessorPointer: UnsafePointer<UInt64>) {
        switch outcome {
        case .inserted(let id):
            out.pointee.append(id, predecessorPointer.pointee)
            out.pointee.inserted &+= 1
        case .seen:
            break
        case .found(let id):
            // Reading the parent is a cache miss; skip it where it cannot be lowered.
            guard concurrent, id >= roundFirstID else { break }
            // Parents only: the same parent cannot be offered by two tasks, and one task
            // offers its states' successors in rule order.
            let predecessor = predecessorPointer.pointee
            let parentPointer = view.parents + id
            let parent = Encoding.parentPosition(predecessor)
            let current = cc_load_acquire32(parentPointer)
            if current != Encoding.noParentPosition && parent < current && cc_fetch_min32(parentPointer, parent) {
                out.pointee.append(id, predecessor)
            }
        case .full:
            out.pointee.full = true
        }
    }
}
