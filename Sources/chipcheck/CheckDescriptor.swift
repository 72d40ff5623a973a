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
        let (planned, problems) = LinkPlanning.plan(design)
        if !problems.isEmpty {
            for p in problems { StandardError.write(p + "\n") }
            throw ExitCode(ExitStatus.badInput)
        }
        var options = check.exploration.options
        if options.maxDepth == nil, let depth = design.verification?.boundDepth { options.maxDepth = depth }
        let runs = planned.map { LinkRun(plan: $0.plan, system: $0.system, result: $0.system.explore(options)) }
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
                    ("coverage", run.plan.coverage.map(Self.json) ?? .null),
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
                object = .object(members)
            }
            print(object.serialized())
        } else {
            var out = "chipcheck: \(subject) (\(path)), \(runs.count) link\(runs.count == 1 ? "" : "s")\n"
            for run in runs {
                out += "\nlink \(run.plan.link) at \(run.plan.location): model \(run.plan.model)\n"
                for note in run.plan.notes { out += "  note: \(note)\n" }
                let report = TextReport.make(run.result, layout: run.system.layout, subject: run.plan.link, full: check.full)
                out += run.plan.coverage.map { Self.insert($0, into: report) } ?? report
            }
            if let expectation, let met {
                out += "\nexpected: \(expectation.verdict.rawValue)\(expectation.property.map { " (\($0))" } ?? "") — \(met ? "met" : "NOT met")\n"
            }
            print(out, terminator: "")
        }
        throw ExitStatus.exit(for: decisive.result.verdict)
    }

    /// The report with the coverage right under its verdict line: a verdict is a claim about
    /// what was modelled, so the two are read together.
    static func insert(_ coverage: LinkCoverage, into report: String) -> String {
        var lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = (lines.firstIndex { $0.hasPrefix("verdict:") } ?? 0) + 1
        let added = ["covers: \(coverage.summary)"] + coverage.notExplored.map { "not explored: \($0)" }
        lines.insert(contentsOf: added, at: min(at, lines.count))
        return lines.joined(separator: "\n")
    }

    static func json(_ coverage: LinkCoverage) -> JSONValue {
        .object([
            ("summary", .string(coverage.summary)),
            (
                "agents",
                .array(
                    coverage.agents.map { a in
                        .object([
                            ("instance", .string(a.instance)), ("kind", .string(a.kind)), ("modelled", .int(a.modelled)),
                            ("declared", a.declared.map { .int($0) } ?? .null), ("source", .string(a.source)),
                        ])
                    })
            ),
            ("workload", .object(coverage.workload.map { ($0.name, .int($0.value)) })),
            ("not_explored", .array(coverage.notExplored.map { .string($0) })),
        ])
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
