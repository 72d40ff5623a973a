/// A path through the state space, rebuilt from predecessors: an initial state and the
/// rules fired from it, each with the state it led to.
///
/// For a trap, the path leads into the trap and then around a cycle inside it: the steps from
/// ``cycleStart`` to the end form the cycle (the last step's state equals the state before
/// step ``cycleStart``).
public struct Counterexample: Sendable {
    public struct Step: Sendable {
        /// The rule instance fired.
        public let rule: Int
        /// Its name as the model gives it.
        public let ruleName: String
        /// The state after the step.
        public let state: StateWords

        @inlinable
        public init(rule: Int, ruleName: String, state: StateWords) {
            self.rule = rule
            self.ruleName = ruleName
            self.state = state
        }
    }

    /// The initial state the path starts in.
    public let initialState: StateWords
    /// The steps in order.
    public let steps: [Step]
    /// For a trap: index into ``steps`` where the cycle begins.
    public let cycleStart: Int?

    /// The state before step `index` (the initial state for 0).
    public func state(before index: Int) -> StateWords {
        index == 0 ? initialState : steps[index - 1].state
    }

    /// The final state.
    public var finalState: StateWords { steps.last?.state ?? initialState }

    @inlinable
    public init(initialState: StateWords, steps: [Step], cycleStart: Int?) {
        self.initialState = initialState
        self.steps = steps
        self.cycleStart = cycleStart
    }
}

/// One field whose value a step changed.
public struct FieldChange: Sendable, Hashable {
    public let name: String
    public let owner: String
    public let old: String
    public let new: String
}

extension StateLayout {
    /// The fields whose values differ between two states, in layout order.
    public func changes(from old: StateWords, to new: StateWords) -> [FieldChange] {
        fields.compactMap { f in
            let a = value(of: f.field, in: old)
            let b = value(of: f.field, in: new)
            return a == b ? nil : FieldChange(name: f.name, owner: f.owner, old: f.render(a), new: f.render(b))
        }
    }

    /// Every field and its value, in layout order.
    public func render(_ state: StateWords) -> [(name: String, value: String)] {
        fields.map { ($0.name, $0.render(value(of: $0.field, in: state))) }
    }
}
