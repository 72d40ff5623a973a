import CExplorerSupport

// The two phases of a round when the table is cut into segments (one-word states inline,
// several threads; see ``Search/segments``): the tasks route their successors to segments
// (``Router``), then each segment's are stored by one thread (``SegmentContext``).

/// Receives a task's successors when the table is cut into segments (one-word states inline,
/// several threads; see ``Search/segments``): hashes each one and appends it, with its predecessor, to
/// the task's list for the segment the hash picks. Nothing touches the table here; each
/// segment's lists are stored afterwards by the one thread that owns the segment.
///
/// Generic over the model for the same reason as ``Expander``: specialised beside the model's
/// successor loop, `emit` is inlined there.
@usableFromInline
struct Router<Model: TransitionSystem>: SuccessorSink {
    /// The task's row of ``RoutedSuccessors``, one per segment, `routeStride` bytes apart.
    @usableFromInline let routes: UnsafeMutableRawPointer
    @usableFromInline let routeStride: Int
    @usableFromInline let segmentShift: UInt64
    @usableFromInline let symmetry: AgentSymmetry?
    @usableFromInline let successor: UnsafeMutablePointer<UInt64>
    @usableFromInline let symmetryScratch: UnsafeMutablePointer<UInt64>
    /// The task's recently routed successors (``WorkerScratch/recent``).
    @usableFromInline let recent: UnsafeMutablePointer<UInt64>
    /// The state being expanded, as a predecessor relative to the round: its position in the round
    /// shifted above the rule (``RoutedSuccessors``).
    @usableFromInline var parentInRound: UInt32 = 0
    @usableFromInline var fired = 0

    /// A router serves one task. It empties the worker's cache of recent successors first, so
    /// that what a task routes depends on its own states alone, not on which tasks the worker
    /// ran before: the lists, and the table's growth sized from them
    /// (``Search/makeRoomInSegments(taskCount:)``), are the same on every run.
    @usableFromInline
    init(
        routes: UnsafeMutableRawPointer, routeStride: Int, segmentShift: UInt64, symmetry: AgentSymmetry?,
        successor: UnsafeMutablePointer<UInt64>, symmetryScratch: UnsafeMutablePointer<UInt64>,
        recent: UnsafeMutablePointer<UInt64>
    ) {
        recent.update(repeating: 0, count: Int(WorkerScratch.recentMask) + 1)
        self.recent = recent
        self.routes = routes
        self.routeStride = routeStride
        self.segmentShift = segmentShift
        self.symmetry = symmetry
        self.successor = successor
        self.symmetryScratch = symmetryScratch
    }

    /// Appends `word` and its predecessor to the list of the segment its hash picks, unless this
    /// task routed the same word a moment ago: that offer came first, with a smaller predecessor (a
    /// task expands its states in queue order), so this one would only be found seen when
    /// stored. Where a model's rules commute (German's clients), many successors end here, and
    /// each is one table probe and twelve bytes written and read again saved.
    @inlinable @inline(__always)
    func route(_ word: UInt64, predecessor: UInt32) {
        let hash = hashOneWord(word)
        let recent = self.recent + Int(truncatingIfNeeded: hash & WorkerScratch.recentMask)
        let tag = (word &<< 1) | 1
        if recent.pointee == tag { return }
        recent.pointee = tag
        let segment = Int(truncatingIfNeeded: hash &>> segmentShift)
        (routes + segment &* routeStride).assumingMemoryBound(to: RoutedSuccessors.self).pointee.append(word, predecessor)
    }

    @inlinable @inline(__always)
    mutating func emit(_ rule: Int) {
        fired &+= 1
        var word = successor.pointee
        if let symmetry {
            // Canonicalised in a copy: the model restores the successor buffer from the source.
            var copy = word
            withUnsafeMutablePointer(to: &copy) {
                symmetry.canonicalize(PackedState(words: $0), scratch: symmetryScratch, wordCount: 1)
            }
            word = copy
        }
        route(word, predecessor: parentInRound | UInt32(truncatingIfNeeded: rule))
    }

    @inlinable @inline(__always)
    mutating func emit(
        oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int, successor: PackedState
    ) {
        if symmetry != nil {
            emitOneByOne(oneWordSuccessors: words, rules: rules, count: count, successor: successor)
            return
        }
        fired &+= count
        let parent = parentInRound
        for k in 0..<count { route(words[k], predecessor: parent | UInt32(truncatingIfNeeded: rules[k])) }
    }
}

/// Stores each segment's routed successors (see ``Search/segments``): one worker per segment,
/// the tasks' successors in task order, so in predecessor order; the first offer of a state is the
/// one that stores it, with the smallest predecessor, and nothing is ever lowered.
@usableFromInline struct SegmentContext<Model: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let model: Model
    @usableFromInline let view: TableView
    @usableFromInline let pool: WorkerPool
    @usableFromInline let taskCount: Int
    /// The round's first queue position and the bits of a routed predecessor below the position in
    /// it (``RoutedSuccessors``).
    @usableFromInline let roundStart: Int
    @usableFromInline let routeRuleBits: Int

    @inlinable func work(worker: Int) {
        let scratch = pool.worker(worker)
        while true {
            let segment = Int(cc_fetch_add(pool.nextTask, 1))
            if segment >= pool.segments { return }
            let out = pool.segmentOutput(segment)
            out.pointee.reset()
            store(segment, scratch: scratch, out: out)
        }
    }

    @inlinable func store(_ segment: Int, scratch: UnsafeMutablePointer<WorkerScratch>, out: UnsafeMutablePointer<TaskOutput>) {
        // A ring of the hashes of the next `ahead` successors, whose slots are being fetched
        // while the one `ahead` places back is stored: the misses overlap, and each slot has
        // had the time of `ahead` stores to arrive.
        let ring = scratch.pointee.hashes
        let ahead = WorkerScratch.batchSize
        let ruleMask = (UInt32(1) &<< UInt32(routeRuleBits)) &- 1
        let rulesShift = UInt32(routeRuleBits)
        // A routed predecessor in the queue's terms: the parent's position, and the rule. Worked out
        // only for the states stored.
        func parent(_ relative: UInt32) -> Int { roundStart &+ Int(truncatingIfNeeded: relative &>> rulesShift) }
        for task in 0..<taskCount {
            let routed = pool.routes(task: task, segment: segment).pointee
            let words = routed.words
            let count = routed.count
            for k in 0..<min(ahead, count) {
                let h = hashOneWord(words[k])
                ring[k] = h
                view.prefetch(h)
            }
            for k in 0..<count {
                let slot = k & (ahead &- 1)
                let hash = ring[slot]
                if k &+ ahead < count {
                    let h = hashOneWord(words[k &+ ahead])
                    ring[slot] = h
                    view.prefetch(h)
                }
                let relative = routed.predecessors[k]
                let outcome = view.insertInline(
                    words + k, hash: hash, parent: UInt32(truncatingIfNeeded: parent(relative)), sharedIDs: true,
                    ids: &scratch.pointee.ids)
                switch outcome {
                case .inserted(let id):
                    out.pointee.append(
                        id, UInt64(truncatingIfNeeded: parent(relative)) &<< Encoding.ruleBits
                            | UInt64(truncatingIfNeeded: relative & ruleMask))
                    out.pointee.inserted &+= 1
                case .full:
                    out.pointee.full = true
                case .seen, .found:
                    break
                }
            }
        }
        // The new states' invariants, through a local copy of the model: called through
        // `self`, the model was copied to the stack for every call (hundreds of bytes).
        let model = self.model
        for k in 0..<out.pointee.count {
            if model.violatedInvariant(in: PackedState(words: view.entry(Int(out.pointee.ids[k])))) != nil {
                out.pointee.sawViolation = true
                break
            }
        }
    }

    @inlinable
    init(model: Model, view: TableView, pool: WorkerPool, taskCount: Int, roundStart: Int, routeRuleBits: Int) {
        self.model = model
        self.view = view
        self.pool = pool
        self.taskCount = taskCount
        self.roundStart = roundStart
        self.routeRuleBits = routeRuleBits
    }
}

/// Writes the ids of every segment's new states (``WorkerPool/segmentOutput(_:)``) to `queue`
/// in predecessor order, which is the order one thread would have stored them in; returns how many.
/// Each segment's list is in predecessor order already, so this is a merge; predecessors are unique (one
/// parent position and rule each).
@inlinable func mergeByPredecessor(_ pool: WorkerPool, into queue: UnsafeMutablePointer<UInt32>) -> Int {
    if pool.segments == 2 { return mergeTwoByPredecessor(pool.segmentOutput(0), pool.segmentOutput(1), into: queue) }
    var total = 0
    withUnsafeTemporaryAllocation(of: Int.self, capacity: pool.segments) { heads in
        heads.initialize(repeating: 0)
        while true {
            var best = -1
            var bestPredecessor = UInt64.max
            for s in 0..<pool.segments {
                let out = pool.segmentOutput(s)
                if heads[s] < out.pointee.count, out.pointee.predecessors[heads[s]] < bestPredecessor {
                    bestPredecessor = out.pointee.predecessors[heads[s]]
                    best = s
                }
            }
            if best < 0 { return }
            queue[total] = pool.segmentOutput(best).pointee.ids[heads[best]]
            total &+= 1
            heads[best] &+= 1
        }
    }
    return total
}

/// The merge of two segments' lists without a branch per state (which list comes next is as
/// good as random): each list ends in a predecessor no state has, so neither runs out first.
@inlinable func mergeTwoByPredecessor(
    _ a: UnsafeMutablePointer<TaskOutput>, _ b: UnsafeMutablePointer<TaskOutput>, into queue: UnsafeMutablePointer<UInt32>
) -> Int {
    a.pointee.appendSentinel()
    b.pointee.appendSentinel()
    let total = a.pointee.count + b.pointee.count
    let aIDs = a.pointee.ids
    let aPredecessors = a.pointee.predecessors
    let bIDs = b.pointee.ids
    let bPredecessors = b.pointee.predecessors
    var i = 0
    var j = 0
    for k in 0..<total {
        let fromA = aPredecessors[i] < bPredecessors[j]
        queue[k] = fromA ? aIDs[i] : bIDs[j]
        i &+= fromA ? 1 : 0
        j &+= fromA ? 0 : 1
    }
    return total
}
