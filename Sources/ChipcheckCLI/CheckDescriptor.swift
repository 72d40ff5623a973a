import ArgumentParser
import DescriptorSystems
import IPXACT
import Reports
import StateSpace

/// `chipcheck check DESIGN.xml`: load the descriptors, turn every link into a model run, explore
/// each, and report them together; the exit code is the worst link's verdict.
struct DescriptorCheck {
    let path: String
    let check: Check

    struct LinkRun {
        let plan: LinkPlan
        let system: AnyTransitionSystem
        let result: ExplorationResult
    }

    func run() throws {
        let design: ResolvedDesign
        switch check.descriptors.loader(for: path).load(path: path) {
        case .success(let loaded):
            DiagnosticPrinter.print(loaded.warnings)
            design = loaded
        case .failure(let list):
            DiagnosticPrinter.print(list.diagnostics)
            throw ExitCode(ExitStatus.badInput)
        }
        let (plans, problems) = DesignPlanner.plans(for: design)
        if !problems.isEmpty {
            for p in problems { StandardError.write(p.description + "\n") }
            throw ExitCode(ExitStatus.badInput)
        }
        var options = check.exploration.options
        if options.maxDepth == nil, let depth = design.verification?.boundDepth { options.maxDepth = depth }
        var runs: [LinkRun] = []
        for plan in plans {
            guard let entry = ModelRegistry.entry(named: plan.model) else {
                throw ValidationError("no model '\(plan.model)' for \(plan.link)")
            }
            let system: AnyTransitionSystem
            do {
                system = try plan.system(from: entry)
            } catch {
                StandardError.write("\(plan.location): error[MAP002]: \(plan.link): \(error.message)\n")
                throw ExitCode(ExitStatus.badInput)
            }
            runs.append(LinkRun(plan: plan, system: system, result: system.explore(options)))
        }
        ProgressLine.finish(forced: check.exploration.progress)

        let decisive = Self.decisive(runs)
        let expectation = design.verification.flatMap { settings in
            settings.expectedVerdict.map { Expectation(verdict: $0, property: settings.expectedProperty) }
        }
        let met = expectation.map { $0.isMet(by: decisive.result) }
        let subject = "design \(design.designConfiguration?.description ?? design.design.description)"

        try check.traceOutput.write(decisive.result.counterexample, layout: decisive.system.layout, subject: decisive.plan.link)
        try check.reports.write(
            runs.map {
                ReportCase.exploration(
                    $0.result, layout: $0.system.layout, subject: $0.plan.link, group: subject,
                    location: Reports.SourceLocation(path: $0.plan.location.file, line: $0.plan.location.line, column: $0.plan.location.column))
            }, suite: "chipcheck.check")

        if check.json {
            let links: [JSONValue] = runs.map { run in
                .object([
                    ("link", .string(run.plan.link)),
                    ("location", .string(run.plan.location.description)),
                    ("model", .string(run.plan.model)),
                    ("parameters", .object(run.plan.parameters.map { ($0.0, .string($0.1)) })),
                    ("notes", .array(run.plan.notes.map { .string($0) })),
                    ("verdict", .string(run.result.verdict.rawValue)),
                    ("property", run.result.property.map { .string($0) } ?? .null),
                    ("states", .int(run.result.statistics.states)),
                ])
            }
            var object = ResultJSON.make(
                decisive.result, layout: decisive.system.layout,
                subject: [("name", .string(decisive.plan.model)), ("parameters", .object(decisive.plan.parameters.map { ($0.0, .string($0.1)) }))],
                full: check.full)
            if case .object(var members) = object {
                members.insert(("design", .string(path)), at: 0)
                members.insert(("link", .string(decisive.plan.link)), at: 1)
                if let expectation {
                    members.append(("expected", .object([("verdict", .string(expectation.verdict.rawValue)), ("property", expectation.property.map { .string($0) } ?? .null)])))
                    members.append(("expectation_met", .bool(met ?? false)))
                }
                members.append(("links", .array(links)))
                members.append(
                    ("not_modelled", .array(design.otherInterconnections.map { .string("\($0.name) (\($0.busType)) at \($0.location)") })))
                object = .object(members)
            }
            print(object.serialized())
        } else {
            var out = "chipcheck: \(subject) (\(path)), \(runs.count) link\(runs.count == 1 ? "" : "s")\n"
            for other in design.otherInterconnections {
                out += "not modelled: interconnection \(other.name) at \(other.location): \(other.busType) is not a die-to-die bus (validated as IP-XACT only)\n"
            }
            for run in runs {
                out += "\nlink \(run.plan.link) at \(run.plan.location): model \(run.plan.model)\n"
                for note in run.plan.notes { out += "  note: \(note)\n" }
                out += TextReport.make(run.result, layout: run.system.layout, subject: run.plan.link, full: check.full)
            }
            if let expectation, let met {
                out += "\nexpected: \(expectation.verdict.rawValue)\(expectation.property.map { " (\($0))" } ?? "") — \(met ? "met" : "NOT met")\n"
            }
            print(out, terminator: "")
        }
        throw ExitStatus.exit(for: decisive.result.verdict)
    }

    /// The run that decides the design's verdict: the first link (in document order) with a
    /// bug, else the first incomplete one, else the first.
    static func decisive(_ runs: [LinkRun]) -> LinkRun {
        runs.first { [.violation, .deadlock, .trap].contains($0.result.verdict) }
            ?? runs.first { $0.result.verdict == .incomplete } ?? runs[0]
    }
}

/// A design configuration's `cv:expect`.
struct Expectation {
    let verdict: ExpectedVerdict
    let property: String?

    func isMet(by result: ExplorationResult) -> Bool {
        switch verdict {
        case .holds: return result.verdict == .holds
        case .deadlock: return result.verdict == .deadlock
        case .boundReached: return result.verdict == .incomplete
        case .violated:
            guard [.violation, .trap, .deadlock].contains(result.verdict) else { return false }
            return property.map { $0 == result.property } ?? true
        }
    }
}
