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
        /// Why the link deadlocked, in the descriptor's names (deadlocks of explaining models only).
        var explanation: StuckExplanation? { system.explanation(of: result) }
        /// What a trapped link's cycle never finishes (traps of explaining models only).
        var trap: TrapExplanation? { system.trapExplanation(of: result) }
    }

    func run() throws {
        let design: ResolvedDesign
        switch check.descriptors.loader(for: path).load(path: path) {
        case .success(let loaded):
            DiagnosticPrinter.print(loaded.warnings)
            design = loaded
        case .failure(let list):
            DiagnosticPrinter.print(list.diagnostics)
            throw OutputFile.exitCode(ExitStatus.badInput, lost: check.reports.write(DescriptorReports.cases(list.diagnostics, file: path), suite: "chipcheck.check"))
        }
        let (plans, problems) = DesignPlanner.plans(for: design)
        if !problems.isEmpty {
            for p in problems { StandardError.write(p.description + "\n") }
            throw OutputFile.exitCode(ExitStatus.badInput, lost: check.reports.write(DescriptorReports.cases(problems, file: path), suite: "chipcheck.check"))
        }
        let linkExpectations = design.verification?.linkExpectations ?? []
        for e in linkExpectations where !plans.contains(where: { $0.hasEnd(e.link) }) {
            let message =
                "\(e.location): error[MAP003]: cv:expect link=\"\(e.link)\" names no link of the design"
                + " — name one end as instance.busInterface: \(plans.flatMap(\.ends).joined(separator: ", "))"
            StandardError.write(message + "\n")
            throw OutputFile.exitCode(
                ExitStatus.badInput,
                lost: check.reports.write(
                [DescriptorReports.failure(id: "\(e.location) MAP003", message: message, at: e.location, group: path)],
                    suite: "chipcheck.check"))
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
                let message = "\(plan.location): error[MAP002]: \(plan.link): \(error.message)"
                StandardError.write(message + "\n")
                throw OutputFile.exitCode(
                    ExitStatus.badInput, lost: check.reports.write([DescriptorReports.failure(id: "\(plan.location) MAP002", message: message, at: plan.location, group: path)], suite: "chipcheck.check"))
            }
            runs.append(LinkRun(plan: plan, system: system, result: system.explore(options)))
        }
        ProgressLine.finish(forced: check.exploration.progress)

        let decisive = Self.decisive(runs)
        let expectation = design.verification.flatMap { settings in
            settings.expectedVerdict.map { Expectation(verdict: $0, property: settings.expectedProperty) }
        }
        let met = expectation.map { $0.isMet(by: decisive.result) }
        /// What each link must get: its own `cv:expect link=…`, else the design's for the link
        /// that decides the design's verdict; with --expectations, `holds` for every other link.
        func expected(_ run: LinkRun) -> Expectation? {
            if let e = linkExpectations.first(where: { run.plan.hasEnd($0.link) }) {
                return Expectation(verdict: e.verdict, property: e.property)
            }
            if run.plan.link == decisive.plan.link, let expectation { return expectation }
            return check.expectations ? Expectation(verdict: .holds, property: nil) : nil
        }
        let allMet = runs.allSatisfy { run in expected(run).map { $0.isMet(by: run.result) } ?? true }
        let subject = "design \(design.designConfiguration?.description ?? design.design.description)"

        // Every failing link gets its own waveform, chart and graph; with several, each file name
        // carries the link's name.
        let failing = runs.filter { $0.result.counterexample != nil }
        var lost: [String] = []
        for run in failing {
            let suffix = failing.count > 1 ? PerLinkPath.slug(run.plan.link) : nil
            lost += check.traceOutput.write(run.result.counterexample, layout: run.system.layout, subject: run.plan.link, suffix: suffix)
            lost += check.explain.write(run.explanation, title: run.plan.link, suffix: suffix)
        }
        if failing.isEmpty {
            lost += check.traceOutput.write(nil, layout: decisive.system.layout, subject: decisive.plan.link)
        }
        lost += check.reports.write(
            runs.map {
                var c = ReportCase.exploration(
                    $0.result, layout: $0.system.layout, subject: $0.plan.link, group: subject,
                    location: Reports.SourceLocation(path: $0.plan.location.file, line: $0.plan.location.line, column: $0.plan.location.column),
                    explanation: $0.explanation, trap: $0.trap)
                c.related = $0.plan.sources.map {
                    RelatedLocation(
                        location: Reports.SourceLocation(path: $0.location.file, line: $0.location.line, column: $0.location.column),
                        message: $0.setting)
                }
                if let coverage = $0.plan.coverage {
                    c.coverage = ["covers: \(coverage.summary)"] + coverage.notExplored.map { "not explored: \($0)" }
                }
                // In the expectation mode a case passes when its link got what was expected.
                if check.expectations, let e = expected($0) {
                    let ok = e.isMet(by: $0.result)
                    c.outcome = ok ? .passed : .failed
                    c.message = ok ? "" : "\($0.plan.link): expected \(e.text), got \(TextReport.headline($0.result))"
                }
                return c
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
                ] + (expected(run).map { e in
                    [("expected", e.json), ("expectation_met", .bool(e.isMet(by: run.result)))]
                } ?? []))
            }
            var object = ResultJSON.make(
                decisive.result, layout: decisive.system.layout,
                subject: [("name", .string(decisive.plan.model)), ("parameters", .object(decisive.plan.parameters.map { ($0.0, .string($0.1)) }))],
                full: check.full, explanation: decisive.explanation, trap: decisive.trap)
            if case .object(var members) = object {
                members.insert(("design", .string(path)), at: 0)
                members.insert(("link", .string(decisive.plan.link)), at: 1)
                if let expectation {
                    members.append(("expected", .object([("verdict", .string(expectation.verdict.rawValue)), ("property", expectation.property.map { .string($0) } ?? .null)])))
                    members.append(("expectation_met", .bool(met ?? false)))
                }
                if check.expectations { members.append(("expectations_met", .bool(allMet))) }
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
                let report = TextReport.make(
                    run.result, layout: run.system.layout, subject: run.plan.link, full: check.full, explanation: run.explanation,
                    trap: run.trap)
                out += run.plan.coverage.map { Self.insert($0, into: report) } ?? report
                if let e = linkExpectations.first(where: { run.plan.hasEnd($0.link) }) {
                    let own = Expectation(verdict: e.verdict, property: e.property)
                    out += "expected for this link: \(own.text) — \(own.isMet(by: run.result) ? "met" : "NOT met")\n"
                }
            }
            if let expectation, let met {
                out += "\nexpected: \(expectation.text) — \(met ? "met" : "NOT met")\n"
            }
            if check.expectations {
                out += "\nexpectations: \(allMet ? "every link got what was expected" : "NOT every link got what was expected")\n"
            }
            print(out, terminator: "")
        }
        if check.expectations { throw OutputFile.exitCode(allMet ? 0 : ExitStatus.expectationNotMet, lost: lost) }
        throw OutputFile.exitCode(decisive.result.verdict.exitCode, lost: lost)
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

    /// `deadlock`, `violated (SWMR)`.
    var text: String { verdict.rawValue + (property.map { " (\($0))" } ?? "") }

    var json: JSONValue { .object([("verdict", .string(verdict.rawValue)), ("property", property.map { .string($0) } ?? .null)]) }
}

extension LinkPlan {
    /// The link's two ends, `instance.busInterface` each.
    var ends: [String] { link.components(separatedBy: " — ") }

    /// Whether `name` is one of the link's ends, or the whole link as reports print it.
    func hasEnd(_ name: String) -> Bool { name == link || ends.contains(name) }
}
