/// Everything an exploration reports.
public struct ExplorationResult: Sendable {
    public let verdict: Verdict
    /// The invariant that failed (for `violation`), or a short name of the property
    /// (`deadlock-freedom`, `end-state-reachability`).
    public let property: String?
    /// For `incomplete`: the limit that stopped the search.
    public let limit: Limit?
    /// For `incomplete`: what was not checked, in words.
    public let note: String?
    public let statistics: ExplorationStatistics
    /// A shortest path to the bad state (for deadlock, violation and trap).
    public let counterexample: Counterexample?
    /// What the search checked: the invariants by name, then `deadlock-freedom` and
    /// `end-state-reachability` when those checks were on. A `holds` verdict covers exactly these.
    public var checkedProperties: [String] = []

    @inlinable
    public init(verdict: Verdict, property: String?, limit: Limit?, note: String?, statistics: ExplorationStatistics, counterexample: Counterexample?, checkedProperties: [String] = []) {
        self.verdict = verdict
        self.property = property
        self.limit = limit
        self.note = note
        self.statistics = statistics
        self.counterexample = counterexample
        self.checkedProperties = checkedProperties
    }
}
