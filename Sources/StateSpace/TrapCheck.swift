import CExplorerSupport

/// The outcome of the trap check.
enum TrapOutcome {
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
    func findTrap() -> TrapOutcome {
        let n = store.queueCount
        // Arena ids may have holes (id blocks of several threads), so edges are kept in queue
        // positions, which are dense.
        let arenaHigh = Int(min(store.nextID.pointee, UInt64(store.arenaCapacity)))
        let edgeEstimate = UInt64(statistics.rulesFired)
        let needed = UInt64(arenaHigh) * 4 + UInt64(n + 1) * 8 + edgeEstimate * 4 + UInt64(n)
        if needed + UInt64(store.bytesInUse) > memoryBudget { return .outOfMemory }

        let position = UnsafeMutablePointer<UInt32>.allocate(capacity: max(arenaHigh, 1))
        defer { position.deallocate() }
        for q in 0..<n { position[Int(store.queue[q])] = UInt32(q) }

        // Pass 1: in-degree of every target. Pass 2: sources grouped by target.
        let start = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        defer { start.deallocate() }
        start.initialize(repeating: 0, count: n + 1)
        forEachEdge(position: position) { _, target in start[target + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        let edgeCount = start[n]
        let sources = UnsafeMutablePointer<UInt32>.allocate(capacity: max(edgeCount, 1))
        defer { sources.deallocate() }
        let fill = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
        defer { fill.deallocate() }
        fill.update(from: start, count: n)
        forEachEdge(position: position) { source, target in
            sources[fill[target]] = UInt32(source)
            fill[target] += 1
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
        return .found(lasso(from: Int(store.queue[entry])))
    }

    /// Calls `body(sourcePosition, targetPosition)` for every transition, in queue order.
    private func forEachEdge(position: UnsafeMutablePointer<UInt32>, _ body: (Int, Int) -> Void) {
        let successor = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { successor.deallocate() }
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { scratch.deallocate() }
        let view = store.view
        for q in 0..<store.queueCount {
            let source = store.entry(Int(store.queue[q]))
            copyWords(successor, from: source, count: wordCount)
            for rule in 0..<ruleCount where model.apply(rule, to: PackedState(words: successor)) {
                symmetry?.canonicalize(PackedState(words: successor), scratch: scratch, wordCount: wordCount)
                let id = view.find(successor, hash: hashState(successor, count: wordCount))
                precondition(id != nil, "a successor of an explored state is missing from the table")
                body(q, Int(position[id!]))
                copyWords(successor, from: source, count: wordCount)
            }
        }
    }

    /// The shortest path to `entry`, continued by first-enabled-rule steps until a state repeats.
    private func lasso(from entry: Int) -> Counterexample {
        // The stem ends in a concrete trapped state (under symmetry reduction, a member of the
        // stored state's class); the cycle is walked on concrete states from there.
        let stem = counterexample(to: entry)
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
