import StateSpace

/// One checked item as CI reports see it: a conformance vector or one `chipcheck check` run.
///
/// Both the JUnit and the SARIF renderer take a list of these, so every command produces its
/// CI reports the same way.
public struct ReportCase: Sendable {
    /// How the item ended.
    public enum Outcome: String, Sendable, Hashable {
        /// The expectation was met.
        case passed
        /// The expectation was not met (a vector mismatch, or a property that failed).
        case failed
        /// The item could not be run (unreadable input, internal error).
        case error
        /// The item was not run (a form that is not supported yet).
        case skipped
    }

    /// Stable identifier (a vector id, or `model german`).
    public var id: String
    /// The group the item belongs to (a vector kind, or the model name); JUnit's `classname`.
    public var group: String
    public var outcome: Outcome
    /// One line saying what went wrong (or why it was skipped); empty for a pass.
    public var message: String
    /// Further lines: a counterexample, the expected and actual values.
    public var detail: String
    /// The SARIF rule the finding belongs to (see ``ReportRules``).
    public var ruleID: String
    /// Where the item comes from, if it has a file.
    public var location: SourceLocation?
    /// Wall-clock seconds spent on the item.
    public var seconds: Double
    /// Further places that decide the outcome (the descriptor settings a failing link was built
    /// from), each with a line saying what is there; SARIF's `relatedLocations`.
    public var related: [RelatedLocation] = []
    /// What the verdict covers (the workload and agents explored out of those declared, what was
    /// not explored), for a link of a design: a pass states its bound as a failure does.
    public var coverage: [String] = []

    public init(
        id: String, group: String, outcome: Outcome, message: String = "", detail: String = "",
        ruleID: String, location: SourceLocation? = nil, seconds: Double = 0
    ) {
        self.id = id
        self.group = group
        self.outcome = outcome
        self.message = message
        self.detail = detail
        self.ruleID = ruleID
        self.location = location
        self.seconds = seconds
    }
}

/// A place that bears on a case, with what is written there (`cpu0.d2d0 CREDITS_PER_VC = 1`).
public struct RelatedLocation: Sendable, Hashable {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
}

/// A kind of finding, with the words a CI system shows next to it.
public struct ReportRule: Sendable, Hashable {
    public let id: String
    public let name: String
    public let summary: String

    public init(id: String, name: String, summary: String) {
        self.id = id
        self.name = name
        self.summary = summary
    }
}

/// Every rule chipcheck reports under. Identifiers are stable: CI systems track findings by them.
public enum ReportRules {
    public static let deadlock = ReportRule(
        id: "CC-DEADLOCK", name: "Deadlock",
        summary: "A reachable state has no enabled rule and is not a legitimate end state.")
    public static let violation = ReportRule(
        id: "CC-INVARIANT", name: "InvariantViolation", summary: "A reachable state breaks an invariant.")
    public static let trap = ReportRule(
        id: "CC-TRAP", name: "Trap",
        summary: "From a reachable state no legitimate end state can be reached any more (livelock, starvation).")
    public static let incomplete = ReportRule(
        id: "CC-INCOMPLETE", name: "IncompleteSearch", summary: "A limit stopped the search: nothing is proven.")
    public static let vectorMismatch = ReportRule(
        id: "CC-VECTOR-MISMATCH", name: "VectorMismatch",
        summary: "A conformance vector's expectation does not match what chipcheck computed.")
    public static let badVector = ReportRule(
        id: "CC-VECTOR-INVALID", name: "InvalidVector", summary: "A vector file cannot be read or is malformed.")
    public static let unsupported = ReportRule(
        id: "CC-UNSUPPORTED", name: "UnsupportedYet", summary: "The vector uses a form this version cannot run yet.")
    public static let modelHolds = ReportRule(
        id: "CC-HOLDS", name: "PropertiesHold",
        summary: "Every reachable state was explored and every property holds.")

    public static let descriptor = ReportRule(
        id: "CC-DESCRIPTOR", name: "InvalidDescriptor",
        summary: "An IP-XACT descriptor is invalid, or sets something the link models cannot represent.")

    public static let all: [ReportRule] = [
        deadlock, violation, trap, incomplete, vectorMismatch, badVector, unsupported, modelHolds, descriptor,
    ]

    /// The rule a verdict is reported under.
    public static func rule(for verdict: Verdict) -> ReportRule {
        switch verdict {
        case .holds: modelHolds
        case .deadlock: deadlock
        case .violation: violation
        case .trap: trap
        case .incomplete: incomplete
        }
    }

    public static func rule(id: String) -> ReportRule? { all.first { $0.id == id } }
}

extension ReportCase {
    /// One `chipcheck check` run as a case: passed when the properties hold, failed otherwise
    /// (an incomplete search is an error: it proves nothing either way).
    public static func exploration(
        _ result: ExplorationResult, layout: StateLayout, subject: String, group: String,
        location: SourceLocation? = nil, explanation: StuckExplanation? = nil, trap: TrapExplanation? = nil
    ) -> ReportCase {
        let rule = ReportRules.rule(for: result.verdict)
        let outcome: Outcome =
            switch result.verdict {
            case .holds: .passed
            case .incomplete: .error
            default: .failed
            }
        var detail = ""
        if let note = result.note { detail += "note: \(note)\n" }
        let s = result.statistics
        detail += "states: \(s.states)  rules fired: \(s.rulesFired)  depth: \(s.depth)\n"
        if let trace = result.counterexample {
            detail += TextReport.counterexample(trace, layout: layout, full: false)
        }
        if let explanation { detail += StuckReport.text(explanation) }
        if let trap { detail += StuckReport.text(trap) }
        return ReportCase(
            id: subject, group: group, outcome: outcome,
            message: outcome == .passed ? "" : "\(subject): \(TextReport.headline(result))",
            detail: detail, ruleID: rule.id, location: location, seconds: s.seconds + s.trapCheckSeconds)
    }
}
