import CExplorerSupport

extension Search {
    /// The queue position of the first state within `range` that breaks an invariant, and
    /// the invariant.
    @inlinable func firstViolation(in range: Range<Int>) -> (Int, Int)? {
        for q in range {
            if let invariant = model.violatedInvariant(in: PackedState(words: store.entry(Int(store.queue[q])))) {
                return (q, invariant)
            }
        }
        return nil
    }

    /// Rebuilds the path to the state at queue position `position` by following predecessor
    /// predecessors.
    @inlinable func counterexample(toQueuePosition position: Int) -> Counterexample {
        if fingerprint { return replayedCounterexample(toQueuePosition: position) }
        var states: [StateWords] = []
        var current: Int? = position
        while let q = current {
            states.append(store.state(Int(store.queue[q])))
            current = store.parent(ofQueuePosition: q)
        }
        // Predecessors hold no rule: each step's is the first that leads to the next state, the one
        // the search recorded first.
        return concretePath(through: states.reversed())
    }

    /// The counterexample along `states` (one more than `rules`): as stored, or under symmetry
    /// reduction replayed on the concrete model.
    @inlinable func path(through states: [StateWords], rules: [Int]) -> Counterexample {
        if symmetry != nil { return concretePath(through: states) }
        let steps = rules.indices.map {
            Counterexample.Step(rule: rules[$0], ruleName: model.ruleName(rules[$0]), state: states[$0 + 1])
        }
        return Counterexample(initialState: states[0], steps: steps, cycleStart: nil)
    }

    /// A fingerprint store keeps only predecessors for states behind the frontier: the path to queue
    /// position `position` is rebuilt by firing the recorded rules again from the initial state
    /// at its root.
    @inlinable func replayedCounterexample(toQueuePosition position: Int) -> Counterexample {
        var rules: [Int] = []
        var current = position
        while true {
            let predecessor: UInt64
            do { predecessor = try store.predecessorFile!.predecessor(at: current) } catch {
                // The file was written moments ago; failing to read it back is not recoverable.
                preconditionFailure("\(error)")
            }
            if predecessor == Encoding.noParent { break }
            rules.append(Int(predecessor & Encoding.ruleMask))
            current = Int(predecessor >> Encoding.ruleBits)
        }
        // Initial states are queued first, so the root's queue position is its index.
        var state = initialStates[current]
        var states = [state]
        for rule in rules.reversed() {
            let fired = state.withUnsafeMutableBufferPointer { model.apply(rule, to: PackedState(words: $0.baseAddress!)) }
            precondition(fired, "a recorded rule is not enabled on replay: the model is not deterministic")
            state = canonical(state)
            states.append(state)
        }
        let id = position >= store.discardedQueue ? Int(store.queue[position]) : -1
        precondition(id < store.discardedIDs || store.state(id) == state, "the replayed path does not reach the state")
        return path(through: states, rules: rules.reversed())
    }

    /// `state` rewritten into its class representative (itself without symmetry reduction).
    @inlinable func canonical(_ state: StateWords) -> StateWords {
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
    @inlinable func concretePath(through classes: [StateWords]) -> Counterexample {
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
