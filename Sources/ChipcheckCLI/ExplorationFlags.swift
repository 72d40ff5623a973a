import ArgumentParser
import StateSpace

/// Limits and resources shared by every command that explores.
struct ExplorationFlags: ParsableArguments {
    @Option(help: "Stop with 'incomplete' after storing this many states.")
    var maxStates: Int?

    @Option(help: "Do not expand states deeper than this many steps.")
    var maxDepth: Int?

    @Option(help: "Memory budget for the state store, e.g. 512M, 8G (default: 3/4 of physical memory).")
    var maxMemory: ByteCount?

    @Option(help: "Worker threads (default: every online processor).")
    var threads: Int?

    @Flag(help: "Skip the trap check (end-state reachability) after a complete search.")
    var noTrapCheck = false

    @Flag(help: "Symmetry reduction: store one state per class of states that differ only by renaming interchangeable agents (the model says which).")
    var symmetry = false

    @Option(help: "How visited states are remembered: 'exact' (default), or 'fingerprint' (hash compaction: 64-bit fingerprints, full states only for the frontier; reports the probability that a state was missed, 0 for states of one word; needs --no-trap-check).")
    var store: StateStorage = .exact

    @Flag(help: "Print a progress line on stderr even when it is not a terminal.")
    var progress = false

    @Flag(help: "Treat stuck states as leaves instead of deadlocks (to count a whole state space); implies --no-trap-check.")
    var noDeadlockCheck = false

    func validate() throws {
        if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
        if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be in 1...256") }
        if store == .fingerprint && !noTrapCheck && !noDeadlockCheck {
            // Not dropped silently: a model with legitimate end states would otherwise report
            // `holds` without the property the exact store checks.
            throw ValidationError(
                "--store fingerprint keeps no state graph, so the trap check (end-state reachability) cannot run; "
                    + "add --no-trap-check to check the other properties with it")
        }
    }

    var options: ExplorationOptions {
        var options = ExplorationOptions(
            maxStates: maxStates, maxDepth: maxDepth, maxMemoryBytes: maxMemory?.bytes, threads: threads,
            checkTraps: !noTrapCheck)
        options.checkDeadlocks = !noDeadlockCheck
        options.symmetryReduction = symmetry
        options.storage = store
        options.progress = ProgressLine.handler(forced: progress)
        return options
    }
}

/// A byte count with an optional K, M, G or T suffix (powers of 1024).
struct ByteCount: ExpressibleByArgument {
    let bytes: UInt64

    init?(argument: String) {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var text = argument.uppercased()
        if text.hasSuffix("B") { text.removeLast() }
        var multiplier: UInt64 = 1
        if let last = text.last, let unit = units[last] {
            multiplier = unit
            text.removeLast()
        }
        guard let value = UInt64(text), value > 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        bytes = product
    }
}

extension StateStorage: ExpressibleByArgument {}
