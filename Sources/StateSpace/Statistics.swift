/// Figures of one exploration, the same on every run and thread count except the timings and
/// memory figures.
public struct ExplorationStatistics: Sendable, Hashable {
    /// Distinct reachable states stored.
    public var states: Int = 0
    /// Rule firings: every (state, enabled rule) pair expanded, whether or not the successor
    /// was new.
    public var rulesFired: Int = 0
    /// Breadth-first depth of the deepest state stored (initial states have depth 0).
    public var depth: Int = 0
    /// Wall-clock seconds of the exploration (without the trap check).
    public var seconds: Double = 0
    /// Wall-clock seconds of the trap check (0 when it did not run).
    public var trapCheckSeconds: Double = 0
    /// Threads used.
    public var threads: Int = 1
    /// Bytes the stores hold per distinct state (state words, predecessor link, table slots, queue).
    public var bytesPerState: Double = 0
    /// Words of one packed state.
    public var stateWords: Int = 0
    /// Peak resident memory of the process, in bytes.
    public var peakMemoryBytes: UInt64 = 0

    public init() {}

    /// Distinct states per wall-clock second of exploration.
    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
}
