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
    /// A system given by its parts: how a wrapper (a renaming, say) is built around another.
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
    }
}
