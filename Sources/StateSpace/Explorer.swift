import CExplorerSupport
import Dispatch

/// Breadth-first, exhaustive exploration of a ``TransitionSystem``.
///
/// The search goes level by level. Each level's frontier (a range of the queue) is cut into
/// rounds small enough that the table cannot overfill, and each round into tasks that worker
/// threads take in turn. A task expands its slice of the frontier in order and offers every
/// successor to the shared table. At the end of a round the tasks' new states are appended to
/// the queue in task order, which is exactly the order a single thread would have found them
/// in; a state found by several tasks keeps the smallest predecessor link (see
/// ``StateStore``). Verdicts, counts and counterexamples are therefore the same for every
/// thread count, and for every cut of a level into rounds: a search stopped by a deadlock
/// counts what one thread had when it reached the deadlocked state.
///
/// The explorer is generic over the model, so the compiler specialises the successor loop
/// for each model; nothing in that loop allocates.
public struct Explorer<Model: TransitionSystem>: Sendable {
    public let model: Model
    public let options: ExplorationOptions

    public init(model: Model, options: ExplorationOptions = ExplorationOptions()) {
        self.model = model
        self.options = options
    }

    /// The default memory budget: three quarters of physical memory.
    public static var defaultMemoryBudget: UInt64 {
        let physical = cc_physical_memory_bytes()
        return physical == 0 ? 8 << 30 : physical / 4 * 3
    }

    /// Explores every reachable state (within the limits) and returns the verdict.
    public func run() -> ExplorationResult {
        let clock = ContinuousClock()
        let start = clock.now
        var search = Search(model: model, options: options)
        var result = search.explore()
        var stats = result.statistics
        stats.seconds = Self.seconds(clock.now - start)
        // End-state reachability is asked for whenever deadlocks are checked and the model has
        // legitimate ends; it needs the exact store's graph.
        let trapCheckWanted = options.checkTraps && options.checkDeadlocks && model.definesLegitimateEnds
        let trapChecked = trapCheckWanted && options.storage == .exact
        if result.verdict == .holds, trapChecked {
            let trapStart = clock.now
            let trap = search.findTrap()
            stats.trapCheckSeconds = Self.seconds(clock.now - trapStart)
            switch trap {
            case .none:
                break
            case .found(let counterexample):
                result = ExplorationResult(
                    verdict: .trap, property: "end-state-reachability", limit: nil, note: nil,
                    statistics: stats, counterexample: counterexample)
            case .outOfMemory:
                result = ExplorationResult(
                    verdict: .incomplete, property: nil, limit: .maxMemory,
                    note: "every state was explored and no deadlock or invariant violation exists, "
                        + "but the trap check did not fit in the memory budget",
                    statistics: stats, counterexample: nil)
            }
        }
        stats.peakMemoryBytes = cc_peak_resident_bytes()
        var note = result.note
        if let p = stats.omissionProbability, result.verdict == .holds {
            note = (p == 0
                ? "fingerprint store: a state is one word and its own fingerprint (the hash is invertible), so none was missed"
                : "fingerprint store: the probability that a state was missed is at most \(ExplorationStatistics.describeProbability(p))")
                + (trapCheckWanted ? "; no trap check (it needs the exact store)" : "")
                + (stats.linkFileInMemory
                    ? "; the predecessor links (\(stats.linkFileBytes ?? 0) bytes) went to a file on tmpfs, which is memory: point TMPDIR at a disk"
                    : "")
        }
        var final = ExplorationResult(
            verdict: result.verdict, property: result.property, limit: result.limit, note: note,
            statistics: stats, counterexample: result.counterexample)
        final.checkedProperties = model.invariantNames
        if options.checkDeadlocks { final.checkedProperties.append("deadlock-freedom") }
        if trapChecked { final.checkedProperties.append("end-state-reachability") }
        return final
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// The mutable part of one exploration.
struct Search<Model: TransitionSystem> {
    let model: Model
    let options: ExplorationOptions
    let threads: Int
    let ruleCount: Int
    let wordCount: Int
    let memoryBudget: UInt64
    /// The agents to canonicalise over, when symmetry reduction is on and the model has any.
    let symmetry: AgentSymmetry?
    var store: StateStore!
    var pool: WorkerPool!
    /// The initial states as stored, in queue order (a fingerprint store replays from them).
    var initialStates: [StateWords] = []
    var fingerprint: Bool { options.storage == .fingerprint }
    var statistics = ExplorationStatistics()
    /// Segments of the table (see ``StateStore/segmentBits``): with several threads and states
    /// inline, each round first expands its states, routing every successor to the segment its
    /// hash picks, then stores each segment's successors on one thread, in link order. One
    /// thread then owns each slot it writes (no compare-and-swap, no ids beside the slots), and
    /// the first offer of a state is its smallest link, the parent one thread records: no
    /// parent is ever lowered.
    var segments = 1
    /// States stored per segment.
    var segmentCounts: [Int] = [0]
    /// Where the last round's new states go in the queue, while they are not written there
    /// yet (see ``appendSegmentOutputs(expanded:sawViolation:full:)``).
    var pendingMerge: UnsafeMutablePointer<UInt32>?
    /// With segments: arena ids below this have had their pages faulted in
    /// (see ``prefaultRange(for:)``).
    var prefaulted = 0
    /// With segments: new states per expanded state in the last round.
    var newPerExpanded = 1.0
    /// The most arena ids a round faults in ahead per state it expands (see
    /// ``prefaultRange(for:)``). The last round's rate can be far above what the next one
    /// finds: a root with 40,000 successors would have the round of its 40,000 leaves fault
    /// in the pages of 2.4 billion states, the whole arena the budget allows.
    static var maxPrefaultPerExpanded: Double { 4 }
    /// The most states a round expands with segments (see ``prepareRound(remaining:)``).
    /// Fewer rounds mean fewer waits at the phases' ends: on German data-free N=5 two threads
    /// took 0.82× the time of rounds sized by the table's room for every rule's successor
    /// (830 rounds). In paired runs there, 2^16 states took 1.03× the time of 2^17, and 2^18
    /// 0.99× but 17 MB more for the lists (then 16 bytes per routed successor, now 12).
    static var segmentRoundStates: Int { 1 << 17 }
    /// With segments: the bits below a routed link's position in its round, enough for every
    /// rule (``RoutedSuccessors``).
    var routeRuleBits: Int { Int.bitWidth - (max(ruleCount, 2) - 1).leadingZeroBitCount }
    let started = ContinuousClock.now
    var lastProgress = 0.0

    init(model: Model, options: ExplorationOptions) {
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
    private func result(
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
        if let linkFile = store?.linkFile {
            stats.linkFileBytes = linkFile.bytes
            stats.linkFileInMemory = linkFile.inMemory
        }
        return ExplorationResult(
            verdict: verdict, property: property, limit: limit, note: note, statistics: stats,
            counterexample: trace)
    }

    mutating func explore() -> ExplorationResult {
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
        var linkFile: LinkFile?
        if fingerprint {
            do { linkFile = try LinkFile() } catch { return result(.incomplete, note: error.description) }
        }
        let maxTasks = threads == 1 ? 1 : threads * 16 + 2
        guard
            let store = StateStore(
                wordCount: wordCount, arenaCapacity: capacity, initialTableLog2: initialLog2, linkFile: linkFile,
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
                store.view.insert(p.baseAddress!, hash: hash, link: Encoding.noParent, concurrent: false, ids: &ids)
            }
            switch outcome {
            case .inserted(let id):
                initialStates.append(state)
                var root = Encoding.noParent
                do { try linkFile?.append(&root, count: 1) } catch { return result(.incomplete, note: error.description) }
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
                if round.deadlock >= 0 || round.full || round.linkError != nil { finishMerge() }
                if let linkError = round.linkError { return result(.incomplete, note: linkError.description) }
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

    private mutating func reportProgress(depth: Int, queued: Int) {
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

    private func limitForFullArena() -> Limit {
        if let maxStates = options.maxStates, store.count >= maxStates { return .maxStates }
        return .maxMemory
    }

    /// The table segment a state with hash `hash` belongs to.
    func segment(ofHash hash: UInt64) -> Int {
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
    private mutating func prepareRound(remaining: Int) -> Int? {
        let perState = max(1, ruleCount)
        if UInt64(store.bytesInUse) > memoryBudget { return nil }
        if segments > 1 {
            // A routed successor's word and its 32-bit link; the link's position in the round
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
    private mutating func grow(toLog2 log2: Int) -> Bool {
        let newBytes = UInt64((1 << log2) * store.bytesPerSlot)
        if log2 > 32 || newBytes + UInt64(store.bytesInUse) > memoryBudget { return false }
        return store.grow(toLog2: log2, team: pool.team)
    }

    /// With segments, between the two phases of a round: grows the table until every segment
    /// can take all the successors routed to it within its load limit (the round was sized for
    /// the table as a whole; a segment can get more than its share). False when that breaks the
    /// memory budget and some segment could not even hold them all.
    private mutating func makeRoomInSegments(taskCount: Int) -> Bool {
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
    private mutating func runRound(
        _ range: Range<Int>, levelStart: Int
    ) -> (deadlock: Int, sawViolation: Bool, full: Bool, linkError: LinkFileError?) {
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
        // With segments, then each segment's successors are stored, task after task: in link
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
            // entry whose link survived (the smallest) keeps it. Checking means one cache miss
            // per new state, so the tasks' lists are compacted in parallel too.
            pool.nextTask.pointee = 0
            let filter = FilterContext(pool: pool, view: store.view, taskCount: taskCount)
            pool.team.perform { _ in filter.work() }
        }
        var deadlock = -1
        var sawViolation = false
        var full = roomless
        var linkError: LinkFileError?
        for t in 0..<taskCount {
            let out = pool.output(t).pointee
            if deadlock < 0 && out.deadlock >= 0 { deadlock = out.deadlock }
            sawViolation = sawViolation || out.sawViolation
            full = full || out.full
            statistics.rulesFired += out.rulesFired
            store.count += out.inserted
            (store.queue + store.queueCount).update(from: out.ids, count: out.count)
            store.queueCount += out.count
            // The links of a fingerprint store follow the queue, one word per position.
            if linkError == nil, let linkFile = store.linkFile {
                do { try linkFile.append(out.links, count: out.count) } catch { linkError = error }
            }
        }
        if segments > 1 && !roomless { appendSegmentOutputs(expanded: range.count, sawViolation: &sawViolation, full: &full) }
        // Ids are handed out afresh every round so that a worker never carries a block from
        // one level into the next.
        for w in 0..<pool.workerCount { pool.worker(w).pointee.ids.reset() }
        return (deadlock, sawViolation, full, linkError)
    }

    /// With segments: the arena ids whose pages a round expanding `count` states should fault
    /// in while its successors are routed. Storing them is one thread per segment, and a new
    /// page faulted in there (zeroed by the kernel; slowly, on a virtual machine, when the host
    /// backs it for the first time too) stalls that thread alone while the other waits at the
    /// phase's end: up to a millisecond a round on German data-free N=5. Routing balances its
    /// tasks between the threads, so a page faulted in there costs both the same. The range
    /// is one and a half times what the last round's rate of new states predicts, at most
    /// ``maxPrefaultPerExpanded`` a state: a round that finds more faults the rest in while
    /// storing, as before.
    mutating func prefaultRange(for count: Int) -> Range<Int> {
        let first = max(Int(store.nextID.pointee), prefaulted)
        let rate = min(newPerExpanded * 1.5, Self.maxPrefaultPerExpanded)
        let wanted = Int(store.nextID.pointee) + Int(Double(count) * rate) + 1024
        prefaulted = max(prefaulted, min(wanted, store.arenaCapacity))
        return first..<max(first, prefaulted)
    }

    /// Appends the states the segments stored this round to the queue in the order one thread
    /// would have stored them: each segment's are in link order, so a merge by link restores it.
    /// The queue's count grows now; the ids are written by the next round's first phase,
    /// beside its tasks (``RoundContext/pendingMerge``), or by ``finishMerge()`` before anything
    /// reads them: a serial merge left the second thread idle for 3–4% of a run.
    private mutating func appendSegmentOutputs(expanded: Int, sawViolation: inout Bool, full: inout Bool) {
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
    mutating func finishMerge() {
        if let pendingMerge { _ = mergeByLink(pool, into: pendingMerge) }
        pendingMerge = nil
    }

    /// The states and rule firings a breadth-first search has when it reaches the deadlocked
    /// state at queue position `deadlock`: every state before it in the queue, and the
    /// successors of those (the first in the queue to have found each). That is where one
    /// thread expanding the queue in order stops, and it does not depend on how the level
    /// was cut into rounds or tasks, nor on the table's size: the round went on past
    /// `deadlock`, and what it found there is left out.
    ///
    /// The queue from `levelEnd` on is in the order of the parents' positions, so the states
    /// counted end where the first parent at or past `deadlock` begins; the rule firings are
    /// those before the round plus those of the states the round expanded before `deadlock`,
    /// counted again here through the model's successor loop, as the round counted them.
    private func reachedCounts(
        atDeadlock deadlock: Int, roundStart: Int, levelEnd: Int, firedBefore: Int
    ) -> (states: Int, rulesFired: Int) {
        var low = levelEnd
        var high = store.queueCount
        while low < high {
            let middle = (low + high) / 2
            if parentPosition(ofQueuePosition: middle) < deadlock { low = middle + 1 } else { high = middle }
        }
        var counter = FiringCounter()
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount) { successor in
            for q in roundStart..<deadlock {
                let state = store.entry(Int(store.queue[q]))
                copyWords(successor.baseAddress!, from: state, count: wordCount)
                model.forEachSuccessor(
                    of: PackedState(words: state), into: PackedState(words: successor.baseAddress!), sink: &counter)
            }
        }
        return (low, firedBefore + counter.fired)
    }

    /// The queue position of the parent of the state at queue position `position` (not an
    /// initial state).
    private func parentPosition(ofQueuePosition position: Int) -> Int {
        guard let linkFile = store.linkFile else { return store.parent(ofQueuePosition: position) ?? -1 }
        do { return Int(try linkFile.link(at: position) >> Encoding.ruleBits) } catch {
            // The file was written moments ago; failing to read it back is not recoverable.
            preconditionFailure("\(error)")
        }
    }

    /// The queue position of the first state within `range` that breaks an invariant, and
    /// the invariant.
    func firstViolation(in range: Range<Int>) -> (Int, Int)? {
        for q in range {
            if let invariant = model.violatedInvariant(in: PackedState(words: store.entry(Int(store.queue[q])))) {
                return (q, invariant)
            }
        }
        return nil
    }

    /// Rebuilds the path to the state at queue position `position` by following predecessor
    /// links.
    func counterexample(toQueuePosition position: Int) -> Counterexample {
        if fingerprint { return replayedCounterexample(toQueuePosition: position) }
        var states: [StateWords] = []
        var current: Int? = position
        while let q = current {
            states.append(store.state(Int(store.queue[q])))
            current = store.parent(ofQueuePosition: q)
        }
        // Links hold no rule: each step's is the first that leads to the next state, the one
        // the search recorded first.
        return concretePath(through: states.reversed())
    }

    /// The counterexample along `states` (one more than `rules`): as stored, or under symmetry
    /// reduction replayed on the concrete model.
    private func path(through states: [StateWords], rules: [Int]) -> Counterexample {
        if symmetry != nil { return concretePath(through: states) }
        let steps = rules.indices.map {
            Counterexample.Step(rule: rules[$0], ruleName: model.ruleName(rules[$0]), state: states[$0 + 1])
        }
        return Counterexample(initialState: states[0], steps: steps, cycleStart: nil)
    }

    /// A fingerprint store keeps only links for states behind the frontier: the path to queue
    /// position `position` is rebuilt by firing the linked rules again from the initial state
    /// at its root.
    func replayedCounterexample(toQueuePosition position: Int) -> Counterexample {
        var rules: [Int] = []
        var current = position
        while true {
            let link: UInt64
            do { link = try store.linkFile!.link(at: current) } catch {
                // The file was written moments ago; failing to read it back is not recoverable.
                preconditionFailure("\(error)")
            }
            if link == Encoding.noParent { break }
            rules.append(Int(link & Encoding.ruleMask))
            current = Int(link >> Encoding.ruleBits)
        }
        // Initial states are queued first, so the root's queue position is its index.
        var state = initialStates[current]
        var states = [state]
        for rule in rules.reversed() {
            let fired = state.withUnsafeMutableBufferPointer { model.apply(rule, to: PackedState(words: $0.baseAddress!)) }
            precondition(fired, "a linked rule is not enabled on replay: the model is not deterministic")
            state = canonical(state)
            states.append(state)
        }
        let id = position >= store.discardedQueue ? Int(store.queue[position]) : -1
        precondition(id < store.discardedIDs || store.state(id) == state, "the replayed path does not reach the state")
        return path(through: states, rules: rules.reversed())
    }

    /// `state` rewritten into its class representative (itself without symmetry reduction).
    func canonical(_ state: StateWords) -> StateWords {
        guard let symmetry else { return state }
        var copy = state
        var scratch = state
        copy.withUnsafeMutableBufferPointer { c in
            scratch.withUnsafeMutableBufferPointer { t in
                symmetry.canonicalize(PackedState(words: c.baseAddress!), scratch: t.baseAddress!, wordCount: wordCount)
            }
        }
        return copy
    }

    /// A path through `classes` on the concrete model: an initial state of the first class,
    /// then at each step the first rule whose successor falls in the next class. Under
    /// symmetry reduction the stored path runs through class representatives, where a step's
    /// rule may have fired on a renamed copy; without it every class is one state, and this
    /// finds the rule of each step of a stored path, the one the search recorded first.
    private func concretePath(through classes: [StateWords]) -> Counterexample {
        guard var current = model.initialStates().first(where: { canonical($0) == classes[0] }) else {
            preconditionFailure("no initial state represents the first state of the path")
        }
        let initial = current
        var steps: [Counterexample.Step] = []
        for target in classes.dropFirst() {
            var found = false
            for rule in 0..<ruleCount {
                var next = current
                let fired = next.withUnsafeMutableBufferPointer { model.apply(rule, to: PackedState(words: $0.baseAddress!)) }
                if fired && canonical(next) == target {
                    steps.append(Counterexample.Step(rule: rule, ruleName: model.ruleName(rule), state: next))
                    current = next
                    found = true
                    break
                }
            }
            precondition(found, "no rule leads into the next state or class of the path: the model is not deterministic, or not symmetric")
        }
        return Counterexample(initialState: initial, steps: steps, cycleStart: nil)
    }
}

/// Compacts every task's list to the entries whose link survived.
struct FilterContext: @unchecked Sendable {
    let pool: WorkerPool
    let view: TableView
    let taskCount: Int

    func work() {
        while true {
            let task = Int(cc_fetch_add(pool.nextTask, 1))
            if task >= taskCount { return }
            let out = pool.output(task)
            var kept = 0
            for k in 0..<out.pointee.count {
                let id = Int(out.pointee.ids[k])
                let link = out.pointee.links[k]
                if view.parents[id] == Encoding.parentPosition(link) {
                    out.pointee.ids[kept] = UInt32(truncatingIfNeeded: id)
                    kept &+= 1
                }
            }
            out.pointee.count = kept
        }
    }
}

/// Counts the rules a model fires (see ``Search/reachedCounts(atDeadlock:roundStart:levelEnd:firedBefore:)``).
struct FiringCounter: SuccessorSink {
    var fired = 0
    mutating func emit(_ rule: Int) { fired += 1 }
    mutating func emit(
        oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int, successor: PackedState
    ) { fired += count }
}

/// Everything a worker needs for one round, shared read-only between workers.
struct RoundContext<Model: TransitionSystem>: @unchecked Sendable {
    let model: Model
    let view: TableView
    let queue: UnsafeMutablePointer<UInt32>
    let pool: WorkerPool
    let range: Range<Int>
    let taskCount: Int
    let wordCount: Int
    let concurrent: Bool
    let checkDeadlocks: Bool
    let symmetry: AgentSymmetry?
    /// The first arena id this round hands out.
    let roundFirstID: Int
    /// With segments (see ``Search/segments``): how far a hash is shifted down to its segment;
    /// 0 when successors are stored as they come.
    let segmentShift: UInt64
    /// With segments: the bits of a routed link below the position (``RoutedSuccessors``).
    let routeRuleBits: Int
    /// With segments: where the previous round's new states go in the queue, written by the
    /// first worker to get here while the others take tasks (the segments' outputs are not
    /// touched again before this round stores; the round's tasks read only positions before).
    let pendingMerge: UnsafeMutablePointer<UInt32>?
    /// With segments: the arena ids whose pages the first worker to get here faults in (see
    /// ``Search/prefaultRange(for:)``).
    let prefault: Range<Int>

    func work(worker: Int) {
        if pendingMerge != nil || !prefault.isEmpty, cc_fetch_add(pool.mergeClaim, 1) == 0 {
            if let pendingMerge { _ = mergeByLink(pool, into: pendingMerge) }
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
    private func route(
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
            sink.parentLink = UInt32(truncatingIfNeeded: q &- range.lowerBound) &<< UInt32(routeRuleBits)
            let firedBefore = sink.fired
            model.forEachSuccessor(of: sourceView, into: successorView, sink: &sink)
            if sink.fired == firedBefore { noteStuck(q, sourceView, out) }
        }
        out.pointee.rulesFired = sink.fired
    }

    /// Expands queue positions `positions` in order. The hot loop of the whole tool.
    @inline(__always)
    private func expand(
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
            // Links name the parent's queue position, so they order like breadth-first discovery.
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
    private func noteStuck(_ q: Int, _ state: PackedState, _ out: UnsafeMutablePointer<TaskOutput>) {
        if checkDeadlocks && out.pointee.deadlock < 0 && !model.isLegitimateEnd(state) { out.pointee.deadlock = q }
    }

    /// Checks the invariants on the states `out` lists from position `checked` on (stored in
    /// this task, or re-listed with a smaller parent, which checks them twice, harmlessly).
    @inline(__always)
    private func checkInvariants(of out: UnsafeMutablePointer<TaskOutput>, from checked: inout Int) {
        while checked < out.pointee.count {
            let state = PackedState(words: view.entry(Int(out.pointee.ids[checked])))
            if model.violatedInvariant(in: state) != nil { out.pointee.sawViolation = true }
            checked &+= 1
        }
    }
}

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
    @usableFromInline let links: UnsafeMutablePointer<UInt64>
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
        links = scratch.pointee.links
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
        links[k] = (UInt64(position) &<< Encoding.ruleBits) | UInt64(rule)
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
        let links = self.links
        let view = self.view
        let parent = UInt64(truncatingIfNeeded: position) &<< Encoding.ruleBits
        var k = batchCount
        for j in 0..<count {
            let word = words[j]
            let h = hashOneWord(word)
            batch[k] = word
            hashes[k] = h
            view.prefetch(h)
            links[k] = parent | UInt64(truncatingIfNeeded: rules[j])
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
            let link = links[k]
            record(view.insert(state, hash: hashes[k], link: link, concurrent: concurrent, ids: &scratch.pointee.ids), links + k)
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
        let links = self.links
        for k in 0..<batchCount {
            record(
                view.insertInline(
                    batch + k, hash: hashes[k], parent: Encoding.parentPosition(links[k]), sharedIDs: false,
                    segmented: false,
                    ids: &scratch.pointee.ids),
                links + k)
        }
    }

    /// Notes what became of a successor offered with the link at `link` (read only for a state
    /// stored or found, not for the many seen before).
    @inlinable @inline(__always)
    mutating func record(_ outcome: InsertOutcome, _ linkPointer: UnsafePointer<UInt64>) {
        switch outcome {
        case .inserted(let id):
            out.pointee.append(id, linkPointer.pointee)
            out.pointee.inserted &+= 1
        case .seen:
            break
        case .found(let id):
            // Reading the parent is a cache miss; skip it where it cannot be lowered.
            guard concurrent, id >= roundFirstID else { break }
            // Parents only: the same parent cannot be offered by two tasks, and one task
            // offers its states' successors in rule order.
            let link = linkPointer.pointee
            let parentPointer = view.parents + id
            let parent = Encoding.parentPosition(link)
            let current = cc_load_acquire32(parentPointer)
            if current != Encoding.noParentPosition && parent < current && cc_fetch_min32(parentPointer, parent) {
                out.pointee.append(id, link)
            }
        case .full:
            out.pointee.full = true
        }
    }
}
