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
    private let nameOfRule: @Sendable (Int) -> String
    private let exploreWith: @Sendable (ExplorationOptions) -> ExplorationResult

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
