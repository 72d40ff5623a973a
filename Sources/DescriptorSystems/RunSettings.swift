import IPXACT

/// The design configuration's run-level parameters: the only ones the link models read, each
/// checked here so that a misspelt one is an error rather than a run at the default.
///
/// A parameter of the user's own (a note for another tool, say) is named `USER_…` and ignored.
enum RunSettings {
    /// Every configuration parameter a model reads, and what it sets.
    static let known: [(name: String, meaning: String)] = [
        ("FAULT_BUDGET", "flits the link may corrupt over a run"),
        ("REQUESTERS", "which dies issue requests"),
        ("MAX_OUTSTANDING_PER_AGENT", "requests an agent may have outstanding (as cv:workload maxOutstandingPerAgent)"),
    ]

    /// Unknown configuration parameters, and settings given twice that disagree.
    static func problems(in design: ResolvedDesign) -> [MappingProblem] {
        var problems: [MappingProblem] = []
        let names = known.map(\.name)
        for parameter in design.configurationParameters
        where !names.contains(parameter.name) && !ConventionRules.isUserParameter(parameter.name) {
            let guess = EditDistance.closest(to: parameter.name, among: names).map { "did you mean '\($0)'? " } ?? ""
            problems.append(
                MappingProblem(
                    location: parameter.provenance.location,
                    message: "design configuration parameter '\(parameter.name)' is read by no model",
                    suggestion: guess + "the run parameters are \(names.joined(separator: ", ")); name a parameter of your own \(ConventionRules.userParameterPrefix)… to have it ignored"))
        }
        if case .failure(let problem) = maxOutstanding(in: design) { problems.append(problem) }
        return problems
    }

    /// Requests an agent may have outstanding: `cv:workload maxOutstandingPerAgent` or the
    /// configuration parameter `MAX_OUTSTANDING_PER_AGENT` (which must agree when both are given),
    /// else `fallback`.
    static func maxOutstanding(in design: ResolvedDesign, fallback: Int = 2) -> Result<Int, MappingProblem> {
        let attribute = design.verification?.workloadMaxOutstandingPerAgent
        let parameter = design.configurationParameters.first { $0.name == "MAX_OUTSTANDING_PER_AGENT" }
        if let parameter {
            guard let value = parameter.value.integerValue else {
                return .failure(
                    MappingProblem(
                        location: parameter.provenance.location, message: "MAX_OUTSTANDING_PER_AGENT is not an integer",
                        suggestion: "give it type=\"int\" and a whole number"))
            }
            if let attribute, attribute != value {
                return .failure(
                    MappingProblem(
                        location: parameter.provenance.location,
                        message: "MAX_OUTSTANDING_PER_AGENT = \(value) but cv:workload maxOutstandingPerAgent = \(attribute) at \(design.verification!.location)",
                        suggestion: "give the workload once, or the same value in both places"))
            }
            return .success(value)
        }
        return .success(attribute ?? fallback)
    }
}
