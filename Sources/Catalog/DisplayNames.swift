import StateSpace

extension AnyTransitionSystem {
    /// The same system with every name a person reads (field names, owners, rule names, the
    /// rules in counterexamples) passed through `rename`: how a link model's generic names
    /// (`die0`) become the names a descriptor gives (`cpu0.d2d0`).
    public func renamed(_ rename: @escaping @Sendable (String) -> String) -> AnyTransitionSystem {
        let fields = layout.fields.map {
            FieldDescription(
                name: rename($0.name), field: $0.field, valueNames: $0.valueNames, valueCount: $0.valueCount,
                owner: rename($0.owner))
        }
        let original = self
        return AnyTransitionSystem(
            layout: StateLayout(wordCount: layout.wordCount, fields: fields), invariantNames: invariantNames,
            ruleCount: ruleCount, ruleName: { rename(original.ruleName($0)) },
            explore: { options in
                let result = original.explore(options)
                guard let trace = result.counterexample else { return result }
                let steps = trace.steps.map {
                    Counterexample.Step(rule: $0.rule, ruleName: rename($0.ruleName), state: $0.state)
                }
                var renamed = ExplorationResult(
                    verdict: result.verdict, property: result.property, limit: result.limit, note: result.note,
                    statistics: result.statistics,
                    counterexample: Counterexample(initialState: trace.initialState, steps: steps, cycleStart: trace.cycleStart))
                renamed.checkedProperties = result.checkedProperties
                return renamed
            }
        ).explaining(like: original, renamed: rename)
    }
}

/// Replaces whole-word occurrences of names (a word: letters, digits, `_`), so `die1` is not
/// found inside `die10` and `cpu` not inside `cpu0`.
public func replacingWords(in text: String, _ replacements: [String: String]) -> String {
    var out = ""
    var word = ""
    func flush() {
        out += replacements[word] ?? word
        word = ""
    }
    for ch in text {
        if ch.isLetter || ch.isNumber || ch == "_" {
            word.append(ch)
        } else {
            flush()
            out.append(ch)
        }
    }
    flush()
    return out
}
