import StateSpace

/// The human-readable report of `chipcheck check`: verdict, figures, and a numbered
/// counterexample listing, for every step, the rule fired and each field it changed.
public enum TextReport {
    public static func make(
        _ result: ExplorationResult, layout: StateLayout, subject: String, full: Bool = false,
        explanation: StuckExplanation? = nil, trap: TrapExplanation? = nil
    ) -> String {
        var out = "chipcheck: \(subject)\n"
        out += "verdict: \(headline(result))\n"
        if let note = result.note { out += "note: \(note)\n" }
        let s = result.statistics
        out += "states: \(s.states)  rules fired: \(s.rulesFired)  depth: \(s.depth)\n"
        out += "time: \(format(s.seconds)) s"
        if s.trapCheckSeconds > 0 { out += " (+ \(format(s.trapCheckSeconds)) s trap check)" }
        out += "  \(Int(s.statesPerSecond.rounded())) states/s  \(format(s.bytesPerState)) bytes/state"
        out += "  peak memory \(megabytes(s.peakMemoryBytes))  threads \(s.threads)\n"
        if let trace = result.counterexample { out += counterexample(trace, layout: layout, full: full) }
        if let explanation { out += StuckReport.text(explanation) }
        if let trap { out += StuckReport.text(trap) }
        return out
    }

    public static func headline(_ result: ExplorationResult) -> String {
        switch result.verdict {
        case .holds: "holds (every reachable state explored; checked: \(result.checkedProperties.joined(separator: ", ")))"
        case .deadlock: "deadlock (a reachable state has no enabled rule and is not a legitimate end state)"
        case .violation: "violation of invariant \(result.property ?? "?")"
        case .trap: "trap (from a reachable state no legitimate end state can be reached any more)"
        case .incomplete: "incomplete (\(result.limit?.rawValue ?? "limit") reached: nothing is proven)"
        }
    }

    public static func counterexample(_ trace: Counterexample, layout: StateLayout, full: Bool) -> String {
        var out = "counterexample (\(trace.steps.count) steps):\n"
        out += "  0  initial state\n"
        for (name, value) in layout.render(trace.initialState) { out += "       \(name) = \(value)\n" }
        for (i, step) in trace.steps.enumerated() {
            if let cycle = trace.cycleStart, cycle == i { out += "  -- the cycle starts here and repeats forever --\n" }
            let changes = layout.changes(from: trace.state(before: i), to: step.state)
            out += "  \(i + 1)  \(step.ruleName)"
            let actors = owners(of: changes)
            if !actors.isEmpty { out += "  [acted: \(actors.joined(separator: ", "))]" }
            out += "\n"
            if full {
                for (name, value) in layout.render(step.state) {
                    let mark = changes.contains { $0.name == name } ? "*" : " "
                    out += "     \(mark) \(name) = \(value)\n"
                }
            } else {
                for c in changes { out += "       \(c.name): \(c.old) -> \(c.new)\n" }
                if changes.isEmpty { out += "       (no field changed)\n" }
            }
        }
        if trace.cycleStart != nil { out += "  -- back to the state before the cycle's first step --\n" }
        return out
    }

    /// Who acted in a step: the owners of the fields it changed, in layout order, global
    /// fields (no owner) reported as `global`.
    public static func owners(of changes: [FieldChange]) -> [String] {
        var seen: [String] = []
        for c in changes {
            let owner = c.owner.isEmpty ? "global" : c.owner
            if !seen.contains(owner) { seen.append(owner) }
        }
        return seen
    }

    static func format(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return String(r)
    }

    static func megabytes(_ bytes: UInt64) -> String {
        "\(format(Double(bytes) / 1_048_576)) MiB"
    }
}
