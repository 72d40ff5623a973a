import Catalog
import DescriptorSystems
import IPXACT
import StateSpace

/// A verdict vector that names an IP-XACT design instead of a model: the design is loaded and
/// planned as `chipcheck check` does, every link explored, and the link that decides the
/// design's verdict (the first with a bug, else the first incomplete one, else the first) is the
/// run the vector's expectations are compared with.
enum DescriptorVerdict {
    struct Run {
        let result: ExplorationResult
        let layout: StateLayout
    }

    /// The deciding run, or the reason the descriptor cannot be run (an invalid design).
    static func run(_ path: String, options: ExplorationOptions, catalog: [CatalogEntry]) -> Result<Run, DescriptorVectorError> {
        let loader = DescriptorLoader(searchPaths: [searchRoot(of: path)])
        let design: ResolvedDesign
        switch loader.load(path: path) {
        case .success(let loaded): design = loaded
        case .failure(let list):
            return .failure(DescriptorVectorError(message: list.errors.first.map(\.description) ?? "cannot load '\(path)'"))
        }
        let (plans, problems) = DesignPlanner.plans(for: design)
        if let problem = problems.first { return .failure(DescriptorVectorError(message: problem.description)) }
        var options = options
        if options.maxDepth == nil, let depth = design.verification?.boundDepth { options.maxDepth = depth }
        var runs: [Run] = []
        for plan in plans {
            guard let entry = catalog.first(where: { $0.name == plan.model }) else {
                return .failure(DescriptorVectorError(message: "no model '\(plan.model)' for \(plan.link)"))
            }
            let system: AnyTransitionSystem
            do { system = try plan.system(from: entry) } catch {
                return .failure(DescriptorVectorError(message: "\(plan.location): \(plan.link): \(error.message)"))
            }
            runs.append(Run(result: system.explore(options), layout: system.layout))
        }
        let deciding =
            runs.first { [.violation, .deadlock, .trap].contains($0.result.verdict) }
            ?? runs.first { $0.result.verdict == .incomplete } ?? runs[0]
        return .success(deciding)
    }

    /// Where descriptors named by VLNV are searched: the folder above the design's (designs sit
    /// beside a folder of components), as `chipcheck check` does by default.
    static func searchRoot(of path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        let directory = parts.isEmpty ? "." : parts.joined(separator: "/")
        parts = parts.dropLast()
        return parts.isEmpty ? (directory == "." ? ".." : ".") : parts.joined(separator: "/")
    }
}

struct DescriptorVectorError: Error {
    let message: String
}
