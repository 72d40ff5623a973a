import DescriptorSystems
import IPXACT
import StateSpace

/// Turns a loaded design into one model system per link, or the located mapping problems that
/// stop it: what `check` runs and what `validate` reports, so both refuse the same designs
/// with the same messages.
enum LinkPlanning {
    struct Planned {
        let plan: LinkPlan
        let system: AnyTransitionSystem
    }

    /// Every link's plan and system, and every problem found, as the lines to print
    /// (`file:line:col: error[MAP001]: …`).
    static func plan(_ design: ResolvedDesign) -> (links: [Planned], problems: [String]) {
        let (plans, mappingProblems) = DesignPlanner.plans(for: design)
        var problems = mappingProblems.map(\.description)
        var links: [Planned] = []
        for plan in plans {
            guard let entry = ModelRegistry.entry(named: plan.model) else {
                problems.append("\(plan.location): error[MAP002]: \(plan.link): no model '\(plan.model)'")
                continue
            }
            do {
                links.append(Planned(plan: plan, system: try plan.system(from: entry)))
            } catch {
                problems.append("\(plan.location): error[MAP002]: \(plan.link): \(error.message)")
            }
        }
        return (links, problems)
    }
}
