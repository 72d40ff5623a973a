import CExplorerSupport

/// The mutable part of one exploration.
@usableFromInline struct Search<Model: TransitionSystem> {
    @usableFromInline let model: Model
    @usableFromInline let options: ExplorationOptions
    @usableFromInline let threads: Int
    @usableFromInline let ruleCount: Int
    @usableFromInline let wordCount: Int
    @usableFromInline let memoryBudget: UInt64
    /// The agents to canonicalise over, when symmetry reduction is on and the model has any.
    @usableFromInline let symmetry: AgentSymmetry?
    @usableFromInline var store: StateStore!
    @usableFromInline var pool: WorkerPool!
    /// The initial states as stored, in queue order (a fingerprint store replays from them).
    @usableFromInline var initialStates: [StateWords] = []
    @inlinable var fingerprint: Bool { options.storage == .fingerprint }
    @usableFromInline var statistics = ExplorationStatistics()
    /// Segments of the table (see ``StateStore/segmentBits``): with several threads and states
    /// inline, each round first expands its states, routing every successor to the segment its
    /// hash picks, then stores each segment's successors on one thread, in predecessor order. One
    /// thread then owns each slot it writes (no compare-and-swap, no ids beside the slots), and
    /// the first offer of a state is its smallest predecessor, the parent one thread records: no
    /// parent is ever lowered.
    @usableFromInline var segments = 1
    /// States stored per segment.
    @usableFromInline var segmentCounts: [Int] = [0]
    /// Where the last round's new states go in the queue, while they are not written there
    /// yet (see ``appendSegmentOutputs(expanded:sawViolation:full:)``).
    @usableFromInline var pendingMerge: UnsafeMutablePointer<UInt32>?
    /// With segments: arena ids below this have had their pages faulted in
    /// (see ``prefaultRange(for:)``).
    @usableFromInline var prefaulted = 0
    /// With segments: new states per expanded state in the last round.
    @usableFromInline var newPerExpanded = 1.0
    /// The most arena ids a round faults in ahead per state it expands (see
    /// ``prefaultRange(for:)``). The last round's rate can be far above what the next one
    /// finds: a root with 40,000 successors would have the round of its 40,000 leaves fault
    /// in the pages of 2.4 billion states, the whole arena the budget allows.
    @inlinable static var maxPrefaultPerExpanded: Double { 4 }
    /// The most states a round expands with segments (see ``prepareRound(remaining:)``).
    /// Fewer rounds mean fewer waits at the phases' ends; larger rounds cost memory for the
    /// routed lists and gained nothing measurable (the figures are in
    /// `Documentation/Internals/Measurements.md`).
    @inlinable static var segmentRoundStates: Int { 1 << 17 }
    /// With segments: the bits below a routed predecessor's position in its round, enough for every
    /// rule (``RoutedSuccessors``).
    @inlinable var routeRuleBits: Int { Int.bitWidth - (max(ruleCount, 2) - 1).leadingZeroBitCount }
    @usableFromInline let started = ContinuousClock.now
    @usableFromInline var lastProgress = 0.0

    @inlinable init(model: Model, options: ExplorationOptions) {
        self.model = model
        self.options = options
        threads = max(1, options.threads ?? Int(cc_online_processors()))
        ruleCount = model.ruleCount
        wordCount = model.layout.wordCount
        memoryBudget = options.maxMemoryBytes ?? Explorer<Model>.defaultMemoryBudget
        symmetry = options.symmetryReduction ? model.symmetry : nil
        precondition(UInt64(ruleCount) <= Encoding.ruleMask, "a model may have at most 2^24 - 1 rules")
    }

    /// `states`, when given, is the count to report instead of the states stored (see
    /// ``reachedCounts(atDeadlock:roundStart:levelEnd:firedBefore:)``).
    @inlinable func result(
        _ verdict: Verdict, property: String? = nil, limit: Limit? = nil, note: String? = nil,
        trace: Counterexample? = nil, states: Int? = nil
    ) -> ExplorationResult {
        var stats = statistics
        stats.states = states ?? store?.count ?? 0
        stats.threads = threads
        stats.stateWords = wordCount
        if let store, store.count > 0 {
            stats.bytesPerState = Double(store.bytesInUse) / Double(store.count)
        }
        if fingerprint {
            stats.omissionProbability = ExplorationStatistics.fingerprintOmissionBound(
                states: stats.states, stateWords: wordCount)
        }
        if let predecessorFile = store?.predecessorFile {
            stats.predecessorFileBytes = predecessorFile.bytes
            stats.predecessorFileInMemory = predecessorFile.inMemory
        }
        return ExplorationResult(
            verdict: verdict, property: property, limit: limit, note: note, statistics: stats,
            counterexample: trace)
    }

    @inlinable mutating func explore() -> ExplorationResult {
        // An exact store's state costs its entry, its parent, a queue slot and (at 3/4 load)
        // 11 bytes of table; a fingerprint store's (at 9/10 load) 9 bytes of table, and a queue
        // slot and an entry while it is in the frontier.
        // A one-word state whose fields leave a bit free is kept inline (see ``StateStore``);
        // several threads then own segments of the table.
        let stateBits = model.layout.bitsInLastWord
        let inline = StateStore.inlineShift(wordCount: wordCount, stateBits: stateBits, fingerprint: fingerprint) != 0
        if inline && threads > 1 {
            segments = 1 << (Int.bitWidth - (threads - 1).leadingZeroBitCount)
            segmentCounts = [Int](repeating: 0, count: segments)
        }
        let perState = UInt64(fingerprint ? 9 + 4 : wordCount * 8 + 4 + 4 + 11)
        var capacity = Int(min(memoryBudget / perState, UInt64(StateStore.maxEntries)))
        // Under --max-states ids are handed out one by one even with several threads, so the
        // arena holds exactly the limit and the count reported is exact.
        let idBlock: UInt64 = threads == 1 || options.maxStates != nil ? 1 : 64
        if let maxStates = options.maxStates { capacity = min(capacity, maxStates) }
        capacity = max(capacity, 1)
        // The first table (12 bytes a slot at most) takes at most a quarter of the budget.
        var initialLog2 = max(10, Int.bitWidth - (max(options.initialTableSlots, 2) - 1).leadingZeroBitCount)
        while initialLog2 > 10, UInt64(12 << initialLog2) * 4 > memoryBudget { initialLog2 -= 1 }
        var predecessorFile: PredecessorFile?
        if fingerprint {
            do { predecessorFile = try PredecessorFile() } catch { return result(.incomplete, note: error.description) }
        }
        let maxTasks = threads == 1 ? 1 : threads * 16 + 2
        guard
            let store = StateStore(
                wordCount: wordCount, arenaCapacity: capacity, initialTableLog2: initialLog2, predecessorFile: predecessorFile,
                stateBits: stateBits, segments: segments)
        else {
            return result(.incomplete, limit: .maxMemory, note: "could not reserve memory for the state store")
        }
        self.store = store
        pool = WorkerPool(
            workerCount: threads, maxTasks: maxTasks, wordCount: wordCount, idBlock: idBlock, segments: segments)

        // Depth 0: the initial states, in the model's order.
        var ids = IDAllocator(block: 1)
        for initial in model.initialStates() {
            precondition(initial.count == wordCount, "an initial state has the wrong number of words")
            let state = canonical(initial)
            let hash = state.withUnsafeBufferPointer { hashState($0.baseAddress!, count: wordCount) }
            let outcome = state.withUnsafeBufferPointer { p in
                store.view.insert(p.baseAddress!, hash: hash, predecessor: Encoding.noParent, concurrent: false, ids: &ids)
            }
            switch outcome {
            case .inserted(let id):
                initialStates.append(state)
                var root = Encoding.noParent
                do { try predecessorFile?.append(&root, count: 1) } catch { return result(.incomplete, note: error.description) }
                store.queue[store.queueCount] = UInt32(id)
                store.queueCount += 1
                store.count += 1
                segmentCounts[segment(ofHash: hash)] += 1
            case .found, .seen:
                continue
            case .full:
                return result(.incomplete, limit: limitForFullArena(), note: "the initial states do not fit")
            }
        }
        if let (q, invariant) = firstViolation(in: 0..<store.queueCount) {
            return result(.violation, property: model.invariantNames[invariant], trace: counterexample(toQueuePosition: q))
        }

        var levelStart = 0
        var levelEnd = store.queueCount
        var depth = 0
        while levelStart < levelEnd {
            statistics.depth = depth
            if let maxDepth = options.maxDepth, depth >= maxDepth {
                return result(
                    .incomplete, limit: .maxDepth,
                    note: "\(levelEnd - levelStart) states at depth \(depth) were not expanded")
            }
            var position = levelStart
            var sawViolation = false
            while position < levelEnd {
                guard let roundLength = prepareRound(remaining: levelEnd - position) else {
                    finishMerge()
                    return result(
                        .incomplete, limit: .maxMemory,
                        note: "the state table would outgrow the memory budget of \(memoryBudget) bytes")
                }
                let roundStart = position
                let firedBefore = statistics.rulesFired
                let round = runRound(position..<(position + roundLength), levelStart: levelStart)
                // A search that stops here reads the queue (a counterexample, the first violation).
                if round.deadlock >= 0 || round.full || round.predecessorError != nil { finishMerge() }
                if let predecessorError = round.predecessorError { return result(.incomplete, note: predecessorError.description) }
                position += roundLength
                reportProgress(depth: depth, queued: store.queueCount - position)
                sawViolation = sawViolation || round.sawViolation
                if round.deadlock >= 0 {
                    let reached = reachedCounts(
                        atDeadlock: round.deadlock, roundStart: roundStart, levelEnd: levelEnd, firedBefore: firedBefore)
                    statistics.rulesFired = reached.rulesFired
                    return result(
                        .deadlock, property: "deadlock-freedom", trace: counterexample(toQueuePosition: round.deadlock),
                        states: reached.states)
                }
                if round.full {
                    if sawViolation, let (q, invariant) = firstViolation(in: levelEnd..<store.queueCount) {
                        return result(
                            .violation, property: model.invariantNames[invariant],
                            trace: counterexample(toQueuePosition: q))
                    }
                    statistics.depth = depth + 1
                    return result(
                        .incomplete, limit: limitForFullArena(),
                        note: "stopped at depth \(depth + 1) after storing \(store.count) states")
                }
            }
            // The next level's rounds read the states just appended.
            finishMerge()
            if sawViolation, let (q, invariant) = firstViolation(in: levelEnd..<store.queueCount) {
                statistics.depth = depth + 1
                return result(
                    .violation, property: model.invariantNames[invariant], trace: counterexample(toQueuePosition: q))
            }
            levelStart = levelEnd
            levelEnd = store.queueCount
            if levelEnd > levelStart { depth += 1 }
            if fingerprint {
                // Nothing before the new frontier will be read again.
                var lowest = Int(store.nextID.pointee)
                for q in levelStart..<levelEnd { lowest = min(lowest, Int(store.queue[q])) }
                store.discard(below: lowest, queueBelow: levelStart)
            }
        }
        statistics.depth = depth
        return result(.holds)
    }
}
