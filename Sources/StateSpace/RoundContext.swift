import CExplorerSupport

/// Everything a worker needs for one round, shared read-only between workers.
@usableFromInline struct RoundContext<Model: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let model: Model
    @usableFromInline let view: TableView
    @usableFromInline let queue: UnsafeMutablePointer<UInt32>
    @usableFromInline let pool: WorkerPool
    @usableFromInline let range: Range<Int>
    @usableFromInline let taskCount: Int
    @usableFromInline let wordCount: Int
    @usableFromInline let concurrent: Bool
    @usableFromInline let checkDeadlocks: Bool
    @usableFromInline let symmetry: AgentSymmetry?
    /// The first arena id this round hands out.
    @usableFromInline let roundFirstID: Int
    /// With segments (see ``Search/segments``): how far a hash is shifted down to its segment;
    /// 0 when successors are stored as they come.
    @usableFromInline let segmentShift: UInt64
    /// With segments: the bits of a routed predecessor below the position (``RoutedSuccessors``).
    @usableFromInline let routeRuleBits: Int
    /// With segments: where the previous round's new states go in the queue, written by the
    /// first worker to get here while the others take tasks (the segments' outputs are not
    /// touched again before this round stores; the round's tasks read only positions before).
    @usableFromInline let pendingMerge: UnsafeMutablePointer<UInt32>?
    /// With segments: the arena ids whose pages the first worker to get here faults in (see
    /// ``Search/prefaultRange(for:)``).
    @usableFromInline let prefault: Range<Int>

    @inlinable func work(worker: Int) {
        if pendingMerge != nil || !prefault.isEmpty, cc_fetch_add(pool.mergeClaim, 1) == 0 {
            if let pendingMerge { _ = mergeByPredecessor(pool, into: pendingMerge) }
            view.prefault(ids: prefault)
        }
        let scratch = pool.worker(worker)
        while true {
            let task = Int(cc_fetch_add(pool.nextTask, 1))
            if task >= taskCount { return }
            let lower = pool.taskStarts[task]
            let upper = pool.taskStarts[task + 1]
            let out = pool.output(task)
            out.pointee.reset()
            if segmentShift != 0 {
                route(lower..<upper, task: task, scratch: scratch, out: out)
            } else {
                expand(lower..<upper, scratch: scratch, out: out)
            }
        }
    }

    /// Expands queue positions `positions` in order, routing each successor to its segment
    /// (stored afterwards, by ``SegmentContext``).
    @inlinable func route(
        _ positions: Range<Int>, task: Int, scratch: UnsafeMutablePointer<WorkerScratch>,
        out: UnsafeMutablePointer<TaskOutput>
    ) {
        let source = scratch.pointee.source
        let successor = scratch.pointee.successor
        let sourceView = PackedState(words: source)
        let successorView = PackedState(words: successor)
        let row = UnsafeMutableRawPointer(pool.routes(task: task, segment: 0))
        for s in 0..<pool.segments { pool.routes(task: task, segment: s).pointee.count = 0 }
        var sink = Router<Model>(
            routes: row, routeStride: WorkerPool.routeStride, segmentShift: segmentShift, symmetry: symmetry,
            successor: successor, symmetryScratch: scratch.pointee.symmetryScratch, recent: scratch.pointee.recent)
        for q in positions {
            source.pointee = view.entry(Int(queue[q])).pointee
            successor.pointee = source.pointee
            sink.parentInRound = UInt32(truncatingIfNeeded: q &- range.lowerBound) &<< UInt32(routeRuleBits)
            let firedBefore = sink.fired
            model.forEachSuccessor(of: sourceView, into: successorView, sink: &sink)
            if sink.fired == firedBefore { noteStuck(q, sourceView, out) }
        }
        out.pointee.rulesFired = sink.fired
    }

    /// Expands queue positions `positions` in order. The hot loop of the whole tool.
    @inline(__always)
    @inlinable func expand(
        _ positions: Range<Int>, scratch: UnsafeMutablePointer<WorkerScratch>, out: UnsafeMutablePointer<TaskOutput>
    ) {
        let source = scratch.pointee.source
        let successor = scratch.pointee.successor
        let sourceView = PackedState(words: source)
        let successorView = PackedState(words: successor)
        var sink = Expander<Model>(
            view: view, wordCount: wordCount, concurrent: concurrent, symmetry: symmetry,
            scratch: scratch, out: out, roundFirstID: roundFirstID)
        // The states this task stored are checked here, after each expansion, rather than as
        // the expander stores them: a call on the model from the expander's mutating methods
        // copies the model to the stack first (hundreds of bytes per state).
        var checked = 0
        for q in positions {
            let id = Int(queue[q])
            copyWords(source, from: view.entry(id), count: wordCount)
            copyWords(successor, from: source, count: wordCount)
            // Predecessors name the parent's queue position, so they order like breadth-first discovery.
            sink.position = q
            let firedBefore = sink.fired
            model.forEachSuccessor(of: sourceView, into: successorView, sink: &sink)
            assert(wordsEqual(source, successor, count: wordCount), "a rule left the state changed")
            if sink.fired == firedBefore { noteStuck(q, sourceView, out) }
            checkInvariants(of: out, from: &checked)
        }
        sink.flush()
        checkInvariants(of: out, from: &checked)
        out.pointee.rulesFired = sink.fired
    }

    /// Records queue position `q`, whose state `state` has no successor, as the task's
    /// deadlock unless deadlocks are not checked, an earlier one was found, or it may end there.
    @inline(__always)
    @inlinable func noteStuck(_ q: Int, _ state: PackedState, _ out: UnsafeMutablePointer<TaskOutput>) {
        if checkDeadlocks && out.pointee.deadlock < 0 && !model.isLegitimateEnd(state) { out.pointee.deadlock = q }
    }

    /// Checks the invariants on the states `out` lists from position `checked` on (stored in
    /// this task, or re-listed with a smaller parent, which checks them twice, harmlessly).
    @inline(__always)
    @inlinable func checkInvariants(of out: UnsafeMutablePointer<TaskOutput>, from checked: inout Int) {
        while checked < out.pointee.count {
            let state = PackedState(words: view.entry(Int(out.pointee.ids[checked])))
            if model.violatedInvariant(in: state) != nil { out.pointee.sawViolation = true }
            checked &+= 1
        }
    }

    @inlinable
    init(model: Model, view: TableView, queue: UnsafeMutablePointer<UInt32>, pool: WorkerPool, range: Range<Int>, taskCount: Int, wordCount: Int, concurrent: Bool, checkDeadlocks: Bool, symmetry: AgentSymmetry?, roundFirstID: Int, segmentShift: UInt64, routeRuleBits: Int, pendingMerge: UnsafeMutablePointer<UInt32>?, prefault: Range<Int>) {
        self.model = model
        self.view = view
        self.queue = queue
        self.pool = pool
        self.range = range
        self.taskCount = taskCount
        self.wordCount = wordCount
        self.concurrent = concurrent
        self.checkDeadlocks = checkDeadlocks
        self.symmetry = symmetry
        self.roundFirstID = roundFirstID
        self.segmentShift = segmentShift
        self.routeRuleBits = routeRuleBits
        self.pendingMerge = pendingMerge
        self.prefault = prefault
    }
}
