import IPXACT

/// Turns a resolved design into one model run per link.
///
/// Each interconnection is checked as its own system: the links of a design share no state in
/// the models (a die's traffic on one link does not wait for another link), so a deadlock,
/// violation or trap of the design is one of a link, and checking links apart keeps each state
/// space small. The design's verdict is the worst of its links'.
public enum DesignPlanner {
    public static let ucieBus = "chipcheck.example:ucie:d2d"
    public static let c2cBus = "chipcheck.example:chi:c2c"

    public static func plans(for design: ResolvedDesign) -> (plans: [LinkPlan], problems: [MappingProblem]) {
        var plans: [LinkPlan] = []
        var problems: [MappingProblem] = RunSettings.problems(in: design)
        for link in design.interconnections {
            let bus = "\(link.busType.vendor):\(link.busType.library):\(link.busType.name)"
            let result: Result<LinkPlan, MappingProblem>
            switch bus {
            case ucieBus: result = UCIeLinkMapping.plan(link, in: design)
            case c2cBus: result = C2CLinkMapping.plan(link, in: design)
            default:
                result = .failure(
                    MappingProblem(
                        location: link.location, message: "no model for bus type \(link.busType) on \(link)",
                        suggestion: "chipcheck models \(ucieBus) and \(c2cBus) links"))
            }
            switch result {
            case .success(var plan):
                plan.sources = LinkPlanSources.sources(of: link, bus: bus, in: design)
                plans.append(plan)
            case .failure(let problem): problems.append(problem)
            }
        }
        if design.interconnections.isEmpty {
            problems.append(
                MappingProblem(
                    location: SourceLocation(file: design.designFile, line: 1, column: 1),
                    message: "the design connects no interfaces, so there is no link to check",
                    suggestion: "add an interconnection between two die-to-die interfaces"))
        }
        return (plans, problems)
    }

    /// The master and slave ends of a link, in that order.
    static func ends(
        _ link: ResolvedInterconnection, in design: ResolvedDesign
    ) -> (master: (ResolvedInstance, ResolvedBusInterface), slave: (ResolvedInstance, ResolvedBusInterface))? {
        guard let a = design.instance(link.first.instance), let ai = a.busInterface(link.first.busInterface),
            let b = design.instance(link.second.instance), let bi = b.busInterface(link.second.busInterface)
        else { return nil }
        return ai.mode == .slave ? ((b, bi), (a, ai)) : ((a, ai), (b, bi))
    }
}

extension ResolvedBusInterface {
    func integer(_ name: String) -> Int? { parameters.first { $0.name == name }?.value.integerValue }
    func string(_ name: String) -> String? { parameters.first { $0.name == name }?.value.stringValue }
    func location(of name: String) -> SourceLocation? { parameters.first { $0.name == name }?.provenance.location }
}

extension ResolvedInstance {
    func integer(_ name: String) -> Int? { parameters.first { $0.name == name }?.value.integerValue }
}
