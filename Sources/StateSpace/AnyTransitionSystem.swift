/// A model of any concrete type, with its exploration already specialised.
///
/// The command line picks a model at run time, but the explorer must be compiled for the
/// concrete model type so that the successor loop calls the model's rules directly. Wrapping
/// captures `Explorer<Model>` while the type is still known; the wrapper is used only outside
/// the hot loop.
public struct AnyTransitionSystem: Sendable {
    public let layout: StateLayout
    public let invariantNames: [String]
    public let ruleCount: Int
    @usableFromInline let nameOfRule: @Sendable (Int) -> String
    @usableFromInline let exploreWith: @Sendable (ExplorationOptions) -> ExplorationResult

    @inlinable
    public init<Model: TransitionSystem>(_ model: Model) {
        layout = model.layout
        invariantNames = model.invariantNames
        ruleCount = model.ruleCount
        nameOfRule = { model.ruleName($0) }
        exploreWith = { Explorer(model: model, options: $0).run() }
    }

    public func ruleName(_ rule: Int) -> String { nameOfRule(rule) }

    /// Explores the model with `options`.
    public func explore(_ options: ExplorationOptions) -> ExplorationResult { exploreWith(options) }
}

extension AnyTransitionSystem {
    /// The same system with every name a person reads (field names, owners, rule names, the
    /// rules in counterexamples) passed through `rename`: how a predecessor model's generic names
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
            ruleCount: ruleCount, nameOfRule: { rename(original.ruleName($0)) },
            exploreWith: { options in
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
            })
    }

    @inlinable init(
        layout: StateLayout, invariantNames: [String], ruleCount: Int, nameOfRule: @escaping @Sendable (Int) -> String,
        exploreWith: @escaping @Sendable (ExplorationOptions) -> ExplorationResult
    ) {
        self.layout = layout
        self.invariantNames = invariantNames
        self.ruleCount = ruleCount
        self.nameOfRule = nameOfRule
        self.exploreWith = exploreWith
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
