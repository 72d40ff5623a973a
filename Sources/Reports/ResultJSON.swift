import StateSpace

/// The `--json` object of `chipcheck check`: a stable contract for scripts and CI.
///
/// Keys: `verdict`, `property` (when a property failed), `limit` and `note` (when incomplete),
/// `states`, `rules_fired`, `depth`, `seconds`, `trap_check_seconds`, `states_per_second`,
/// `bytes_per_state`, `peak_memory_bytes`, `threads`, `omission_probability` and `link_file_bytes` (fingerprint store only), `checked` (the properties a `holds` covers), `model` (what was checked), and `trace`:
/// an array of steps, each `{step, rule, changes: {field: value}}`; step 0 is the initial state
/// with every field. A trap's trace also has `cycle_start`, the step at which the cycle begins. A
/// deadlock of a model that explains its stuck states has `explanation` (see ``StuckReport/json(_:)``).
public enum ResultJSON {
    public static func make(
        _ result: ExplorationResult, layout: StateLayout, subject: [(String, JSONValue)], full: Bool = false,
        explanation: StuckExplanation? = nil, trap: TrapExplanation? = nil
    ) -> JSONValue {
        let s = result.statistics
        var members: [(String, JSONValue)] = [("verdict", .string(result.verdict.rawValue))]
        if let property = result.property { members.append(("property", .string(property))) }
        if let limit = result.limit { members.append(("limit", .string(limit.rawValue))) }
        if let note = result.note { members.append(("note", .string(note))) }
        members += [
            ("states", .int(s.states)),
            ("rules_fired", .int(s.rulesFired)),
            ("depth", .int(s.depth)),
            ("seconds", .double(s.seconds)),
            ("trap_check_seconds", .double(s.trapCheckSeconds)),
            ("states_per_second", .double(s.statesPerSecond.rounded())),
            ("bytes_per_state", .double(s.bytesPerState)),
            ("peak_memory_bytes", .int(Int(s.peakMemoryBytes))),
            ("threads", .int(s.threads)),
        ]
        if let p = s.omissionProbability { members.append(("omission_probability", .double(p))) }
        if let bytes = s.predecessorFileBytes { members.append(("link_file_bytes", .int(bytes))) }
        members += [
            ("checked", .array(result.checkedProperties.map { .string($0) })),
            ("model", .object(subject)),
        ]
        if let trace = result.counterexample {
            members.append(("trace", .array(steps(of: trace, layout: layout, full: full))))
            if let cycle = trace.cycleStart { members.append(("cycle_start", .int(cycle + 1))) }
        }
        if let explanation, !explanation.isEmpty { members.append(("explanation", StuckReport.json(explanation))) }
        if let trap { members.append(("trap_explanation", StuckReport.json(trap))) }
        return .object(members)
    }

    static func steps(of trace: Counterexample, layout: StateLayout, full: Bool) -> [JSONValue] {
        var steps: [JSONValue] = [
            .object([
                ("step", .int(0)), ("rule", .null),
                ("changes", .object(layout.render(trace.initialState).map { ($0.name, .string($0.value)) })),
            ])
        ]
        for (i, step) in trace.steps.enumerated() {
            let changes = layout.changes(from: trace.state(before: i), to: step.state)
            var members: [(String, JSONValue)] = [
                ("step", .int(i + 1)), ("rule", .string(step.ruleName)),
                ("changes", .object(changes.map { ($0.name, .string($0.new)) })),
            ]
            if full {
                members.append(("state", .object(layout.render(step.state).map { ($0.name, .string($0.value)) })))
            }
            steps.append(.object(members))
        }
        return steps
    }
}
