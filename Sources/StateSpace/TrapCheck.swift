import CExplorerSupport
import Dispatch

/// The outcome of the trap check.
@usableFromInline enum TrapOutcome {
    case none
    case found(Counterexample)
    case outOfMemory
}

extension Search {
    /// Finds the first state in breadth-first order from which no legitimate end state is
    /// reachable, after a complete exploration that found no deadlock.
    ///
    /// Backward reachability: mark every legitimate end, then everything that has an edge into a
    /// marked state, over the reversed transition graph held in compressed form (one 32-bit
    /// source per edge, grouped by target). Unmarked states are trapped. Every successor of a
    /// trapped state is trapped too, and trapped states all have successors (a stuck one would
    /// have been a deadlock), so following first successors from the entry state must run into
    /// a cycle inside the trap; that cycle is reported after the shortest path into the trap.
    @inlinable func findTrap() -> TrapOutcome {
        let n = store.queueCount
        // Arena ids may have holes (id blocks of several threads), so edges are kept in queue
        // positions, which are dense.
        let arenaHigh = Int(min(store.nextID.pointee, UInt64(store.arenaCapacity)))
        let edgeCount = statistics.rulesFired
        // At the peak: positions (4 per id); forward and start offsets (8 + 8 per position); fill,
        // reaches and the work list (8 + 1 + 4 per position); and either the chunk lists (up to
        // twice their 4 bytes per edge, as arrays grow) while they are laid into `targets`, or
        // `targets` and `sources`: 12 bytes per edge.
        // States kept inline also need their ids laid out beside the table (none are kept while
        // exploring).
        let needed =
            UInt64(arenaHigh) * 4 + UInt64(n + 1) * 16 + UInt64(n) * 13 + UInt64(edgeCount) * 12
            + UInt64(store.missingSlotIDBytes)
        if needed + UInt64(store.bytesInUse) > memoryBudget { return .outOfMemory }
        guard store.provideSlotIDs() else { return .outOfMemory }

        let position = UnsafeMutablePointer<UInt32>.allocate(capacity: max(arenaHigh, 1))
        defer { position.deallocate() }
        for q in 0..<n { position[Int(store.queue[q])] = UInt32(q) }

        // Forward edges, generated once, in parallel: `targets[forward[q] ..< forward[q + 1]]`
        // are the successors of position q.
        let forward = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        defer { forward.deallocate() }
        let targets = UnsafeMutablePointer<UInt32>.allocate(capacity: max(edgeCount, 1))
        defer { targets.deallocate() }
        collectEdges(position: position, forward: forward, targets: targets, capacity: edgeCount)

        // Reverse them by counting sort: `sources[start[t] ..< start[t + 1]]` lead into t.
        let start = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        defer { start.deallocate() }
        start.initialize(repeating: 0, count: n + 1)
        for e in 0..<forward[n] { start[Int(targets[e]) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        let sources = UnsafeMutablePointer<UInt32>.allocate(capacity: max(forward[n], 1))
        defer { sources.deallocate() }
        let fill = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
        defer { fill.deallocate() }
        fill.update(from: start, count: n)
        for q in 0..<n {
            for e in forward[q]..<forward[q + 1] {
                let t = Int(targets[e])
                sources[fill[t]] = UInt32(q)
                fill[t] += 1
            }
        }

        // Backward breadth-first search from the legitimate ends.
        let reaches = UnsafeMutablePointer<Bool>.allocate(capacity: max(n, 1))
        defer { reaches.deallocate() }
        reaches.initialize(repeating: false, count: n)
        let work = UnsafeMutablePointer<UInt32>.allocate(capacity: max(n, 1))
        defer { work.deallocate() }
        var head = 0
        var tail = 0
        for q in 0..<n where model.isLegitimateEnd(PackedState(words: store.entry(Int(store.queue[q])))) {
            reaches[q] = true
            work[tail] = UInt32(q)
            tail += 1
        }
        while head < tail {
            let target = Int(work[head])
            head += 1
            for e in start[target]..<start[target + 1] {
                let source = Int(sources[e])
                if !reaches[source] {
                    reaches[source] = true
                    work[tail] = UInt32(source)
                    tail += 1
                }
            }
        }
        guard let entry = (0..<n).first(where: { !reaches[$0] }) else { return .none }
        return .found(lasso(from: entry))
    }

    /// Fills the forward adjacency of every queue position: chunks of positions are expanded
    /// by every worker into chunk-local lists, then laid end to end in position order.
    @inlinable func collectEdges(
        position: UnsafeMutablePointer<UInt32>, forward: UnsafeMutablePointer<Int>,
        targets: UnsafeMutablePointer<UInt32>, capacity: Int
    ) {
        let n = store.queueCount
        let chunks = max(1, min(n, threads * 8))
        let chunkSize = (n + chunks - 1) / max(chunks, 1)
        let lists = EdgeLists(chunks: chunks)
        let context = EdgeContext(
            model: model, view: store.view, queue: store.queue, position: position, lists: lists,
            wordCount: wordCount, symmetry: symmetry, n: n, chunkSize: chunkSize,
            forward: forward)
        let work = { @Sendable (_: Int) in
            while true {
                let chunk = Int(cc_fetch_add(lists.next, 1))
                if chunk >= chunks { return }
                context.expand(chunk: chunk)
            }
        }
        if threads > 1 { DispatchQueue.concurrentPerform(iterations: min(threads, chunks), execute: work) } else { work(0) }
        // `forward[q]` holds the out-degree of q; make it offsets and lay the lists out.
        var offset = 0
        for q in 0..<n {
            let degree = forward[q]
            forward[q] = offset
            offset += degree
        }
        forward[n] = offset
        precondition(offset <= capacity, "more transitions than the exploration counted")
        for c in 0..<chunks {
            let list = lists.lists[c]
            let first = min(c * chunkSize, n)
            (targets + forward[first]).update(from: list, count: list.count)
        }
    }

    /// The shortest path to queue position `entry`, continued by first-enabled-rule steps until a state repeats.
    @inlinable func lasso(from entry: Int) -> Counterexample {
        // The stem ends in a concrete trapped state (under symmetry reduction, a member of the
        // stored state's class); the cycle is walked on concrete states from there.
        let stem = counterexample(toQueuePosition: entry)
        var steps = stem.steps
        var current = stem.finalState
        var seen: [StateWords: Int] = [current: steps.count]
        while true {
            var next = current
            let fired: Int? = next.withUnsafeMutableBufferPointer { p in
                (0..<ruleCount).first { model.apply($0, to: PackedState(words: p.baseAddress!)) }
            }
            guard let rule = fired else {
                preconditionFailure("a trapped state has no successor, which the deadlock check excludes")
            }
            steps.append(Counterexample.Step(rule: rule, ruleName: model.ruleName(rule), state: next))
            if let cycleStart = seen[next] {
                return Counterexample(initialState: stem.initialState, steps: steps, cycleStart: cycleStart)
            }
            seen[next] = steps.count
            current = next
        }
    }
}

/// Per-chunk edge lists of the trap check, each written by the one worker that takes the
/// chunk, and the counter that hands chunks out.
@usableFromInline final class EdgeLists: @unchecked Sendable {
    @usableFromInline let lists: UnsafeMutablePointer<[UInt32]>
    @usableFromInline let count: Int
    @usableFromInline let next: UnsafeMutablePointer<UInt64>

    @inlinable init(chunks: Int) {
        count = chunks
        lists = .allocate(capacity: chunks)
        lists.initialize(repeating: [], count: chunks)
        next = .allocate(capacity: 1)
        next.initialize(to: 0)
    }

    deinit {
        lists.deinitialize(count: count).deallocate()
        next.deallocate()
    }
}

/// What a worker needs to expand one chunk of positions for the trap check.
@usableFromInline struct EdgeContext<Model: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let model: Model
    @usableFromInline let view: TableView
    @usableFromInline let queue: UnsafeMutablePointer<UInt32>
    @usableFromInline let position: UnsafeMutablePointer<UInt32>
    @usableFromInline let lists: EdgeLists
    @usableFromInline let wordCount: Int
    @usableFromInline let symmetry: AgentSymmetry?
    @usableFromInline let n: Int
    @usableFromInline let chunkSize: Int
    @usableFromInline let forward: UnsafeMutablePointer<Int>

    @inlinable func expand(chunk: Int) {
        let successor = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { successor.deallocate() }
        var sink = EdgeSink(
            view: view, position: position, wordCount: wordCount, symmetry: symmetry, successor: successor,
            scratch: .allocate(capacity: wordCount), canonical: .allocate(capacity: wordCount))
        defer {
            sink.scratch.deallocate()
            sink.canonical.deallocate()
        }
        for q in min(chunk * chunkSize, n)..<min((chunk + 1) * chunkSize, n) {
            let source = view.entry(Int(queue[q]))
            copyWords(successor, from: source, count: wordCount)
            let before = sink.targets.count
            model.forEachSuccessor(of: PackedState(words: source), into: PackedState(words: successor), sink: &sink)
            forward[q] = sink.targets.count - before
        }
        lists.lists[chunk] = sink.targets
    }

    @inlinable
    init(model: Model, view: TableView, queue: UnsafeMutablePointer<UInt32>, position: UnsafeMutablePointer<UInt32>, lists: EdgeLists, wordCount: Int, symmetry: AgentSymmetry?, n: Int, chunkSize: Int, forward: UnsafeMutablePointer<Int>) {
        self.model = model
        self.view = view
        self.queue = queue
        self.position = position
        self.lists = lists
        self.wordCount = wordCount
        self.symmetry = symmetry
        self.n = n
        self.chunkSize = chunkSize
        self.forward = forward
    }
}

/// Collects the queue positions of a state's successors for the trap check.
@usableFromInline struct EdgeSink: SuccessorSink {
    @usableFromInline let view: TableView
    @usableFromInline let position: UnsafeMutablePointer<UInt32>
    @usableFromInline let wordCount: Int
    @usableFromInline let symmetry: AgentSymmetry?
    @usableFromInline let successor: UnsafeMutablePointer<UInt64>
    @usableFromInline let scratch: UnsafeMutablePointer<UInt64>
    /// The successor's class representative (the successor buffer must stay untouched).
    @usableFromInline let canonical: UnsafeMutablePointer<UInt64>
    @usableFromInline var targets: [UInt32] = []

    @inlinable mutating func emit(_ rule: Int) {
        var state = successor
        if let symmetry {
            copyWords(canonical, from: successor, count: wordCount)
            symmetry.canonicalize(PackedState(words: canonical), scratch: scratch, wordCount: wordCount)
            state = canonical
        }
        guard let id = view.find(state, hash: hashState(state, count: wordCount)) else {
            preconditionFailure("a successor of an explored state is missing from the table")
        }
        targets.append(position[id])
    }

    @inlinable
    init(view: TableView, position: UnsafeMutablePointer<UInt32>, wordCount: Int, symmetry: AgentSymmetry?, successor: UnsafeMutablePointer<UInt64>, scratch: UnsafeMutablePointer<UInt64>, canonical: UnsafeMutablePointer<UInt64>, targets: [UInt32] = []) {
        self.view = view
        self.position = position
        self.wordCount = wordCount
        self.symmetry = symmetry
        self.successor = successor
        self.scratch = scratch
        self.canonical = canonical
        self.targets = targets
    }
}
