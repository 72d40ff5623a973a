/// Limits and resources for one exploration.
public struct ExplorationOptions: Sendable {
    /// Stop with `incomplete` once this many distinct states are stored.
    public var maxStates: Int?
    /// Do not expand states deeper than this (initial states have depth 0).
    public var maxDepth: Int?
    /// Stop with `incomplete` before the stores would exceed this many bytes. The default is
    /// three quarters of physical memory, so the operating system never has to kill the run.
    public var maxMemoryBytes: UInt64?
    /// Worker threads; `nil` means every online processor.
    public var threads: Int?
    /// Report a reachable state with no enabled rule (and not a legitimate end) as a deadlock.
    /// Off, such states are simply leaves, as with Rumur's `--deadlock-detection off`; useful
    /// to count a whole state space that contains deadlocks.
    public var checkDeadlocks: Bool = true
    /// Run the trap check after a complete exploration (when the model defines legitimate ends).
    public var checkTraps: Bool = true
    /// Store one representative per class of states that differ only by renaming the model's
    /// interchangeable agents (``TransitionSystem/symmetry``); ignored when it declares none.
    public var symmetryReduction: Bool = false
    /// How visited states are remembered: in full (exact), or as 64-bit fingerprints.
    public var storage: StateStorage = .exact
    /// Initial number of hash-table slots (rounded up to a power of two, and made smaller when
    /// the memory budget is tight); the table grows as needed, but presizing avoids rehashing.
    /// The default, 8 MiB of slots, is reserved rather than taken: a page of it is backed only
    /// when a state lands there, so a small model touches little of it, while a model of up to
    /// three quarters of a million states never rehashes.
    public var initialTableSlots: Int = 1 << 20
    /// Called between rounds, at most about once per `progressInterval` seconds, with figures
    /// for a progress line. Runs on the exploring thread: keep it short.
    public var progress: (@Sendable (ProgressReport) -> Void)?
    public var progressInterval: Double = 1

    public init(
        maxStates: Int? = nil, maxDepth: Int? = nil, maxMemoryBytes: UInt64? = nil, threads: Int? = nil,
        checkTraps: Bool = true
    ) {
        self.maxStates = maxStates
        self.maxDepth = maxDepth
        self.maxMemoryBytes = maxMemoryBytes
        self.threads = threads
        self.checkTraps = checkTraps
    }
}

/// A snapshot of a running exploration, for progress lines.
public struct ProgressReport: Sendable {
    public let states: Int
    public let rulesFired: Int
    public let depth: Int
    /// States waiting to be expanded.
    public let queued: Int
    public let seconds: Double
    /// Bytes held by the state stores.
    public let storeBytes: Int

    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }

    @inlinable
    init(states: Int, rulesFired: Int, depth: Int, queued: Int, seconds: Double, storeBytes: Int) {
        self.states = states
        self.rulesFired = rulesFired
        self.depth = depth
        self.queued = queued
        self.seconds = seconds
        self.storeBytes = storeBytes
    }
}

/// How the explorer remembers the states it has visited.
public enum StateStorage: String, Sendable, CaseIterable {
    /// Every state in full: the search is exact and the trap check can walk the stored graph.
    case exact
    /// Hash compaction: a 64-bit fingerprint per state, full states only for the frontier.
    /// Two distinct states with equal fingerprints would make the second look visited, so a
    /// `holds` comes with the probability that a state was missed
    /// (``ExplorationStatistics/omissionProbability``), 0 for states of one word, whose
    /// fingerprints are distinct. No trap check (the graph is not kept);
    /// with several threads the counterexample is a shortest one but not always the one a
    /// single thread reports.
    case fingerprint
}
