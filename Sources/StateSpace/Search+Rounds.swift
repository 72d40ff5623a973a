import CExplorerSupport

// How a level is cut into rounds and a round into tasks: sizing a round against the table's
// load limit or the memory budget, running its tasks on the worker team, appending the new
// states to the queue in the order one thread would have found them.

extension Search {
    @inlinable mutating func reportProgress(depth: Int, queued: Int) {
        guard let progress = options.progress else { return }
        let now = ContinuousClock.now
        let elapsed = Explorer<Model>.seconds(now - started)
        guard elapsed - lastProgress >= options.progressInterval else { return }
        lastProgress = elapsed
        progress(
            ProgressReport(
                states: store.count, rulesFired: statistics.rulesFired, depth: depth, queued: queued,
                seconds: elapsed, storeBytes: store.bytesInUse))
    }

    @inlinable func limitForFullArena() -> Limit {
        if let maxStates = options.maxStates, store.count >= maxStates { return .maxStates }
        return .maxMemory
    }

    /// The table segment a state with hash `hash` belongs to.
    @inlinable func segment(ofHash hash: UInt64) -> Int {
        segments == 1 ? 0 : Int(truncatingIfNeeded: hash &>> UInt64(64 - store.segmentBits))
    }

    /// Sizes the next round. Where successors go straight into the table (one thread, or
    /// several sharing it), the round is sized so that even if every rule of every state in it
    /// found a new state, the table stays within its load limit (``StateStore/maxLoadSlots``);
    /// the table grows when that would make the round too small. With segments, successors
    /// are counted before they are stored and the table grows between the two phases
    /// (``makeRoomInSegments(taskCount:)``), so a round is sized by the memory its lists of
    /// routed successors take: at most ``segmentRoundStates`` states, and lists of at most a
    /// sixteenth of the budget. Returns nil when growing would break the memory budget.
    ///
    /// Where rounds cut a level changes no count (see
    /// ``reachedCounts(atDeadlock:roundStart:levelEnd:firedBefore:)``).
    @inlinable mutating func prepareRound(remaining: Int) -> Int? {
        let perState = max(1, ruleCount)
        if UInt64(store.bytesInUse) > memoryBudget { return nil }
        if segments > 1 {
            // A routed successor's word and its 32-bit predecessor; the predecessor's position in the round
            // must fit above its rule.
            let listBytesPerState = UInt64(perState * (MemoryLayout<UInt64>.stride + MemoryLayout<UInt32>.stride))
            let byBudget = Int(min(memoryBudget / 16 / listBytesPerState, UInt64(Self.segmentRoundStates)))
            return min(remaining, max(1, byBudget), 1 << (32 - routeRuleBits))
        }
        let wanted = min(remaining, 1 << 16)
        while true {
            let headroom = store.maxLoadSlots - store.count
            let affordable = max(0, headroom) / perState
            if affordable >= wanted { return wanted }
            if affordable >= min(remaining, 1024) { return affordable }
            if !grow(toLog2: store.tableLog2 + 1) { return nil }
        }
    }

    /// Grows the table to `log2`, when the budget holds the old and the new table at once (the
    /// peak while it grows; the old one is in ``StateStore/bytesInUse``).
    @inlinable mutating func grow(toLog2 log2: Int) -> Bool {
        let newBytes = UInt64((1 << log2) * store.bytesPerSlot)
        if log2 > 32 || newBytes + UInt64(store.bytesInUse) > memoryBudget { return false }
        return store.grow(toLog2: log2, team: pool.team)
    }

    /// With segments, between the two phases of a round: grows the table until every segment
    /// can take all the successors routed to it within its load limit (the round was sized for
    /// the table as a whole; a segment can get more than its share). False when that breaks the
    /// memory budget and some segment could not even hold them all.
    @inlinable mutating func makeRoomInSegments(taskCount: Int) -> Bool {
        var most = 0
        for s in 0..<segments {
            var routed = 0
            for t in 0..<taskCount { routed += pool.routes(task: t, segment: s).pointee.count }
            most = max(most, segmentCounts[s] + routed)
        }
        while most > store.maxLoadSlots / segments {
            if !grow(toLog2: store.tableLog2 + 1) { return most < store.tableSlots / segments }
        }
        return true
    }

    /// Expands queue positions `range` with every worker and appends the new states to the queue.
    @inlinable mutating func runRound(
        _ range: Range<Int>, levelStart: Int
    ) -> (deadlock: Int, sawViolation: Bool, full: Bool, predecessorError: PredecessorFileError?) {
        let concurrent = threads > 1
        let taskCount = pool.cutTasks(range)
        let context = RoundContext(
            model: model, view: store.view, queue: store.queue, pool: pool, range: range,
            taskCount: taskCount, wordCount: wordCount, concurrent: concurrent,
            checkDeadlocks: options.checkDeadlocks, symmetry: symmetry, roundFirstID: Int(store.nextID.pointee),
            segmentShift: segments > 1 ? UInt64(64 - store.segmentBits) : 0, routeRuleBits: routeRuleBits,
            pendingMerge: pendingMerge,
            prefault: segments > 1 ? prefaultRange(for: range.count) : 0..<0)
        pendingMerge = nil
        pool.nextTask.pointee = 0
        pool.mergeClaim.pointee = 0
        if concurrent {
            pool.team.perform { worker in context.work(worker: worker) }
        } else {
            context.work(worker: 0)
        }
        // With segments, then each segment's successors are stored, task after task: in predecessor
        // order. Without room for them the round ends as if the arena were full.
        let roomless = segments > 1 && !makeRoomInSegments(taskCount: taskCount)
        if segments > 1 && !roomless {
            pool.nextTask.pointee = 0
            let storing = SegmentContext(
                model: model, view: store.view, pool: pool, taskCount: taskCount, roundStart: range.lowerBound,
                routeRuleBits: routeRuleBits)
            pool.team.perform { worker in storing.work(worker: worker) }
        }

        if concurrent && !fingerprint && segments == 1 {
            // With several threads a state may have been offered by several tasks; only the
            // entry whose predecessor survived (the smallest) keeps it. Checking means one cache miss
            // per new state, so the tasks' lists are compacted in parallel too.
            pool.nextTask.pointee = 0
            let filter = FilterContext(pool: pool, view: store.view, taskCount: taskCount)
            pool.team.perform { _ in filter.work() }
        }
        var deadlock = -1
        var sawViolation = false
        var full = roomless
        var predecessorError: PredecessorFileError?
        for t in 0..<taskCount {
            let out = pool.output(t).pointee
            if deadlock < 0 && out.deadlock >= 0 { deadlock = out.deadlock }
            sawViolation = sawViolation || out.sawViolation
            full = full || out.full
            statistics.rulesFired += out.rulesFired
            store.count += out.inserted
            (store.queue + store.queueCount).update(from: out.ids, count: out.count)
            store.queueCount += out.count
            // The predecessors of a fingerprint store follow the queue, one word per position.
            if predecessorError == nil, let predecessorFile = store.predecessorFile {
                do { try predecessorFile.append(out.predecessors, count: out.count) } catch { predecessorError = error }
            }
        }
        if segments > 1 && !roomless { appendSegmentOutputs(expanded: range.count, sawViolation: &sawViolation, full: &full) }
        // Ids are handed out afresh every round so that a worker never carries a block from
        // one level into the next.
        for w in 0..<pool.workerCount { pool.worker(w).pointee.ids.reset() }
        return (deadlock, sawViolation, full, predecessorError)
    }

    /// With segments: the arena ids whose pages a round expanding `count` states should fault
    /// in while its successors are routed. Storing them is one thread per segment, and a new
    /// page faulted in there (zeroed by the kernel; slowly, on a virtual machine, when the host
    /// backs it for the first time too) stalls that thread alone while the other waits at the
    /// phase's end. Routing balances its
    /// tasks between the threads, so a page faulted in there costs both the same. The range
    /// is one and a half times what the last round's rate of new states predicts, at most
    /// ``maxPrefaultPerExpanded`` a state: a round that finds more faults the rest in while
    /// storing, as before.
    @inlinable mutating func prefaultRange(for count: Int) -> Range<Int> {
        let first = max(Int(store.nextID.pointee), prefaulted)
        let rate = min(newPerExpanded * 1.5, Self.maxPrefaultPerExpanded)
        let wanted = Int(store.nextID.pointee) + Int(Double(count) * rate) + 1024
        prefaulted = max(prefaulted, min(wanted, store.arenaCapacity))
        return first..<max(first, prefaulted)
    }

    /// Appends the states the segments stored this round to the queue in the order one thread
    /// would have stored them: each segment's are in predecessor order, so a merge by predecessor restores it.
    /// The queue's count grows now; the ids are written by the next round's first phase,
    /// beside its tasks (``RoundContext/pendingMerge``), or by ``finishMerge()`` before anything
    /// reads them: a merge between the phases would leave the second thread idle meanwhile.
    @inlinable mutating func appendSegmentOutputs(expanded: Int, sawViolation: inout Bool, full: inout Bool) {
        var appended = 0
        for s in 0..<segments {
            let out = pool.segmentOutput(s).pointee
            sawViolation = sawViolation || out.sawViolation
            full = full || out.full
            store.count += out.inserted
            segmentCounts[s] += out.inserted
            appended += out.count
        }
        pendingMerge = store.queue + store.queueCount
        store.queueCount += appended
        newPerExpanded = Double(appended) / Double(max(1, expanded))
    }

    /// Writes the last round's new states to the queue if the next round's tasks have not.
    @inlinable mutating func finishMerge() {
        if let pendingMerge { _ = mergeByPredecessor(pool, into: pendingMerge) }
        pendingMerge = nil
    }
}

/// Compacts every task's list to the entries whose predecessor survived.
@usableFromInline struct FilterContext: @unchecked Sendable {
    @usableFromInline let pool: WorkerPool
    @usableFromInline let view: TableView
    @usableFromInline let taskCount: Int

    @inlinable func work() {
        while true {
            let task = Int(cc_fetch_add(pool.nextTask, 1))
            if task >= taskCount { return }
            let out = pool.output(task)
            var kept = 0
            for k in 0..<out.pointee.count {
                let id = Int(out.pointee.ids[k])
                let predecessor = out.pointee.predecessors[k]
                if view.parents[id] == Encoding.parentPosition(predecessor) {
                    out.pointee.ids[kept] = UInt32(truncatingIfNeeded: id)
                    kept &+= 1
                }
            }
            out.pointee.count = kept
        }
    }

    @inlinable
    init(pool: WorkerPool, view: TableView, taskCount: Int) {
        self.pool = pool
        self.view = view
        self.taskCount = taskCount
    }
}
