import Catalog
import IPXACT
import StateSpace

/// One link of a design, turned into a run of a link model: which catalogued model, with which
/// parameters, under which names, and what was abstracted on the way.
public struct LinkPlan: Sendable {
    /// `cpu0.d2d0 — xpu0.d2d0`.
    public let link: String
    /// Where the interconnection is written.
    public let location: SourceLocation
    /// The catalogued model (`ucie-adapter`, `c2c`).
    public let model: String
    /// Its parameters, as `--param` would give them.
    public let parameters: [(String, String)]
    /// The model's generic names and the descriptor names they stand for (`die0` → `cpu0.d2d0`).
    public let names: [String: String]
    /// What the mapping decided for the person reading the report: bounds applied, agents
    /// modelled, values clamped, and why that cannot change the verdict.
    public let notes: [String]
    /// The descriptor settings the mapping read, each where it is written (parameters the
    /// descriptor sets, `cv:vc` entries): the lines to change when the link fails, which SARIF
    /// reports as related locations. Bus-definition defaults are not listed.
    public var sources: [LinkPlanSource] = []
    /// The system built straight from the descriptor's typed configuration, or `nil` when the
    /// plan goes through the catalogued model's parameters.
    public var configured: AnyTransitionSystem? = nil

    /// The system to explore, named as the descriptor names things.
    public func system(from entry: CatalogEntry) throws(ModelParameterError) -> AnyTransitionSystem {
        let names = self.names
        let system: AnyTransitionSystem
        if let configured { system = configured } else { system = try entry.instantiate(parameters) }
        return system.renamed { replacingWords(in: $0, names) }
    }
}

/// One descriptor setting a link plan read: `cpu0.d2d0 CREDITS_PER_VC = 1` at its file:line:column.
public struct LinkPlanSource: Sendable, Hashable {
    /// `cpu0.d2d0 CREDITS_PER_VC = 1`, `cpu0.d2d0 cv:vc index=0 classes="REQ RSP"`.
    public let setting: String
    public let location: SourceLocation

    public init(setting: String, location: SourceLocation) {
        self.setting = setting
        self.location = location
    }
}

/// A descriptor setting the models cannot represent: reported like any other descriptor error.
public struct MappingProblem: Error, Sendable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String
    public let suggestion: String?

    public var description: String {
        "\(location): error[MAP001]: \(message)" + (suggestion.map { " — \($0)" } ?? "")
    }
}
