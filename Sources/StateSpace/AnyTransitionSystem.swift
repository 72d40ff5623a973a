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
    @usableFromInline var explainer: StateExplainer?

    @inlinable
    public init<Model: TransitionSystem>(_ model: Model) {
        layout = model.layout
        invariantNames = model.invariantNames
        ruleCount = model.ruleCount
        nameOfRule = { model.ruleName($0) }
        exploreWith = { Explorer(model: model, options: $0).run() }
        explainer = StateExplainer.of(model)
    }

    public func ruleName(_ rule: Int) -> String { nameOfRule(rule) }

    /// Explores the model with `options`.
    public func explore(_ options: ExplorationOptions) -> ExplorationResult { exploreWith(options) }

    /// Why `state` is stuck, if the model can say (see ``StuckExplanation``).
    public func explainStuck(_ state: StateWords) -> StuckExplanation? { explainer?.stuck(state) }

    /// What keeps `state` from being a legitimate end, if the model can say.
    public func unfinishedWork(_ state: StateWords) -> [String]? { explainer?.unfinished(state) }
}

extension AnyTransitionSystem {
    /// A system given by its parts: how a wrapper (a renaming, say) is built around another.
    /// It explains nothing until given ``explaining(like:renamed:)``.
    @inlinable
    public init(
        layout: StateLayout, invariantNames: [String], ruleCount: Int, ruleName nameOfRule: @escaping @Sendable (Int) -> String,
        explore exploreWith: @escaping @Sendable (ExplorationOptions) -> ExplorationResult
    ) {
        self.layout = layout
        self.invariantNames = invariantNames
        self.ruleCount = ruleCount
        self.nameOfRule = nameOfRule
        self.exploreWith = exploreWith
        self.explainer = nil
    }

    /// This system, explaining stuck states as `other` does with every name passed through
    /// `rename`: a wrapper keeps the explanations of the system it wraps.
    public func explaining(like other: AnyTransitionSystem, renamed rename: @escaping @Sendable (String) -> String) -> AnyTransitionSystem {
        var copy = self
        copy.explainer = other.explainer?.renamed(rename)
        return copy
    }
}
