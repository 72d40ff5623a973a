#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Figures of one exploration, the same on every run and thread count except the timings, the
/// memory figures, and the counts of a search stopped by the memory budget (where the store
/// fills depends on whether its table is cut into segments).
public struct ExplorationStatistics: Sendable, Hashable {
    /// Distinct reachable states: every one when the search completes; at a deadlock, those a
    /// breadth-first search has when it reaches the deadlocked state; at a violation, those up
    /// to the end of the violating state's level.
    public var states: Int = 0
    /// Rule firings: every (state, enabled rule) pair expanded, whether or not the successor
    /// was new; up to the same point as ``states``.
    public var rulesFired: Int = 0
    /// Breadth-first depth of the deepest state stored (initial states have depth 0).
    public var depth: Int = 0
    /// Wall-clock seconds of the exploration (without the trap check).
    public var seconds: Double = 0
    /// Wall-clock seconds of the trap check (0 when it did not run).
    public var trapCheckSeconds: Double = 0
    /// Threads used.
    public var threads: Int = 1
    /// Bytes of memory the stores hold per distinct state (state words, predecessor,
    /// table slots, queue; a fingerprint store's predecessors are on disk, see ``predecessorFileBytes``).
    public var bytesPerState: Double = 0
    /// Words of one packed state.
    public var stateWords: Int = 0
    /// Peak resident memory of the process, in bytes.
    public var peakMemoryBytes: UInt64 = 0
    /// With a fingerprint store, an upper bound on the probability that two distinct states
    /// shared a fingerprint, the only way a state can be missed: `1 - exp(-n(n-1) / 2^65)` for
    /// `n` states and 64-bit fingerprints, and 0 for states of one word, whose fingerprints
    /// are distinct (see ``fingerprintOmissionBound(states:stateWords:)``); nil with the exact
    /// store.
    public var omissionProbability: Double?
    /// With a fingerprint store, the bytes of predecessors written to the scratch file
    /// (8 per state), which ``bytesPerState`` leaves out (nil with the exact store).
    public var predecessorFileBytes: Int?
    /// The predecessor file sits on tmpfs or ramfs, so its bytes are memory after all.
    public var predecessorFileInMemory = false

    public init() {}

    /// `p` with two significant digits: `0.027`, and below 0.01 in scientific notation
    /// (`1.3e-03`, `3.3e-06`).
    public static func describeProbability(_ p: Double) -> String {
        guard p > 0 else { return "0" }
        var exponent = Int(floor(log10(p)))
        if p >= 0.01 {
            let factor = pow(10, Double(1 - exponent))
            return String((p * factor).rounded() / factor)
        }
        var mantissa = (p / pow(10, Double(exponent)) * 10).rounded() / 10
        if mantissa >= 10 { mantissa /= 10; exponent += 1 }
        let sign = exponent < 0 ? "-" : "+"
        let digits = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return "\(mantissa)e\(sign)\(digits)"
    }

    /// The birthday bound for `states` 64-bit fingerprints.
    public static func fingerprintCollisionBound(states: Int) -> Double {
        let n = Double(states)
        return -expm1(-n * (n - 1) / 0x1p65)
    }

    /// The probability that a fingerprint store missed a state: 0 when a state is one word
    /// (the hash is invertible there, so two states never share a fingerprint), the birthday
    /// bound otherwise.
    public static func fingerprintOmissionBound(states: Int, stateWords: Int) -> Double {
        stateWords == 1 ? 0 : fingerprintCollisionBound(states: states)
    }

    /// Distinct states per wall-clock second of exploration.
    public var statesPerSecond: Double { seconds > 0 ? Double(states) / seconds : 0 }
}
