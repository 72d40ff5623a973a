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
    /// What a verdict on this link covers: agents modelled out of those declared, the workload
    /// explored, and the design's settings the run does not explore (with why). `nil` for a
    /// mapping that does not state it yet.
    public var coverage: LinkCoverage? = nil
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

/// What a link's verdict covers, for the report's verdict line and the JSON: a *holds* is a
/// claim about these agents and this workload, not about the whole die.
public struct LinkCoverage: Sendable, Equatable {
    /// Agents of one kind on one die: how many the model has out of how many are declared.
    public struct Agents: Sendable, Equatable {
        /// The design instance (`cpu0`).
        public let instance: String
        /// `caching agents` or `home agents`.
        public let kind: String
        public let modelled: Int
        /// The die's `CACHING_AGENTS` / `HOME_AGENTS`; `nil` when the die does not declare it.
        public let declared: Int?
        /// Where the modelled count comes from (`cv:agents`, `default`, `declared`).
        public let source: String

        public init(instance: String, kind: String, modelled: Int, declared: Int?, source: String) {
            self.instance = instance
            self.kind = kind
            self.modelled = modelled
            self.declared = declared
            self.source = source
        }

        /// `2 of 16 caching agents of cpu0 (default)`.
        public var text: String {
            let noun = modelled == 1 && (declared ?? 1) == 1 ? String(kind.dropLast()) : kind
            let count = declared.map { "\(modelled) of \($0)" } ?? "\(modelled)"
            return "\(count) \(noun) of \(instance) (\(source))"
        }
    }

    /// One bound of the explored workload (`lines` = 1).
    public struct Bound: Sendable, Equatable {
        public let name: String
        public let value: Int

        public init(name: String, value: Int) {
            self.name = name
            self.value = value
        }
    }

    public let agents: [Agents]
    public let workload: [Bound]
    /// The workload in words (`1 cache line, 2 data values, one transaction per agent and line`).
    public let workloadText: String
    /// Settings of the design the run does not explore, each with the reason the verdict does
    /// not depend on it or what it leaves unchecked.
    public let notExplored: [String]

    public init(agents: [Agents], workload: [Bound], workloadText: String, notExplored: [String]) {
        self.agents = agents
        self.workload = workload
        self.workloadText = workloadText
        self.notExplored = notExplored
    }

    /// One sentence: `2 of 16 caching agents of cpu0 (default), 1 home agent of gpu0 (declared); 1 cache line, ...`.
    public var summary: String {
        (agents.map(\.text) + [workloadText]).joined(separator: "; ")
    }
}
