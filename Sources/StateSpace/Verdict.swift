/// What an exploration concluded.
///
/// Order of precedence when several bad states exist: the shallowest bad state wins (so the
/// counterexample is a shortest one); at equal depth an invariant violation wins over a
/// deadlock; among bad states of one kind and depth, the first in breadth-first order wins.
public enum Verdict: String, Sendable, Hashable, CaseIterable {
    /// Every reachable state was explored and every property holds.
    case holds
    /// A reachable state has no enabled rule and is not a legitimate end state.
    case deadlock
    /// A reachable state breaks an invariant.
    case violation
    /// A reachable state can no longer reach any legitimate end state (livelock, starvation).
    case trap
    /// A limit stopped the search first: nothing is proven.
    case incomplete
}

/// Why a search stopped early.
public enum Limit: String, Sendable, Hashable {
    case maxStates = "max-states"
    case maxDepth = "max-depth"
    case maxMemory = "max-memory"
}
