import CExplorerSupport

/// Breadth-first, exhaustive exploration of a ``TransitionSystem``.
///
/// The search goes level by level. Each level's frontier (a range of the queue) is cut into
/// rounds small enough that the table cannot overfill, and each round into tasks that worker
/// threads take in turn. A task expands its slice of the frontier in order and offers every
/// successor to the shared table. At the end of a round the tasks' new states are appended to
/// the queue in task order, which is exactly the order a single thread would have found them
/// in; a state found by several tasks keeps the smallest predecessor (see
/// ``StateStore``). Verdicts, counts and counterexamples are therefore the same for every
/// thread count, and for every cut of a level into rounds: a search stopped by a deadlock
/// counts what one thread had when it reached the deadlocked state.
///
/// The explorer is generic over the model, so the compiler specialises the successor loop
/// for each model; nothing in that loop allocates.
public struct Explorer<Model: TransitionSystem>: Sendable {
    public let model: Model
    public let options: ExplorationOptions

    @inlinable
    public init(model: Model, options: ExplorationOptions = ExplorationOptions()) {
        self.model = model
        self.options = options
    }

    /// The default memory budget: three quarters of physical memory.
    @inlinable
    public static var defaultMemoryBudget: UInt64 {
        let physical = cc_physical_memory_bytes()
        return physical == 0 ? 8 << 30 : physical / 4 * 3
    }

    /// Explores every reachable state (within the limits) and returns the verdict.
    @inlinable
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
                + (stats.predecessorFileInMemory
                    ? "; the predecessor links (\(stats.predecessorFileBytes ?? 0) bytes) went to a file on tmpfs, which is memory: point TMPDIR at a disk"
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

    @inlinable static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
