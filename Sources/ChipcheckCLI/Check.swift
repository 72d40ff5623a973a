import ArgumentParser
import BuiltinModels
import Catalog
import Reports
import StateSpace

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore every reachable state and report a verdict with a shortest counterexample.",
        discussion: """
            Either a design: an IP-XACT design configuration or design (every link it connects \
            is checked), or a built-in model chosen with --model and set up with --param \
            NAME=VALUE (see 'chipcheck models').

            \(ExitStatus.table)
            """
    )

    @Argument(help: "An IP-XACT design configuration or design to check.")
    var design: String?

    @Option(help: "A built-in model (see 'chipcheck models').")
    var model: String?

    @Option(name: .customLong("param"), help: "A model parameter, NAME=VALUE (repeatable).")
    var parameters: [String] = []

    @OptionGroup var exploration: ExplorationFlags

    @Flag(help: "Print one JSON object on stdout instead of text.")
    var json = false

    @Flag(help: "Show whole states in the counterexample, not only what changed.")
    var full = false

    @Flag(
        help: ArgumentHelp(
            "Regression mode for designs: exit 0 when every link gets the verdict the design configuration records (cv:expect; a link without one must hold), 13 otherwise."
        ))
    var expectations = false

    @OptionGroup var reports: ReportFlags

    @OptionGroup var traceOutput: TraceFlags

    @OptionGroup var explain: ExplainFlags

    @OptionGroup var descriptors: DescriptorFlags

    func validate() throws {
        if design == nil && expectations {
            throw ValidationError("--expectations checks a design's cv:expect; name a design file")
        }
        if design != nil {
            guard model == nil, parameters.isEmpty else {
                throw ValidationError("give either a design file or --model with --param, not both")
            }
            return
        }
        guard let model else {
            throw ValidationError("name a design file, or a model with --model (see 'chipcheck models')")
        }
        guard ModelRegistry.entry(named: model) != nil else {
            var message = "unknown model '\(model)'"
            if let guess = ModelRegistry.suggestion(for: model) { message += "; did you mean '\(guess)'?" }
            message += " (models: \(ModelRegistry.entries.map(\.name).joined(separator: ", ")))"
            throw ValidationError(message)
        }
        _ = try parsedParameters()
    }

    func parsedParameters() throws -> [(String, String)] {
        try parameters.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--param takes NAME=VALUE, got '\(pair)'")
            }
            return (String(parts[0]), String(parts[1]))
        }
    }

    func run() throws {
        if let design { return try DescriptorCheck(path: design, check: self).run() }
        let entry = ModelRegistry.entry(named: model!)!
        let pairs = try parsedParameters()
        let system: AnyTransitionSystem
        do {
            system = try entry.instantiate(pairs)
        } catch {
            throw ValidationError(error.message)
        }
        let result = system.explore(exploration.options)
        ProgressLine.finish(forced: exploration.progress)
        let effective = effectiveParameters(entry, pairs)
        let described = effective.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
        let explanation = system.explanation(of: result)
        let trap = system.trapExplanation(of: result)
        var lost = explain.write(explanation, title: "model \(entry.name) (\(described))")
        lost += traceOutput.write(result.counterexample, layout: system.layout, subject: "model \(entry.name) (\(described))")
        lost += reports.write(
            [ReportCase.exploration(result, layout: system.layout, subject: "model \(entry.name) (\(described))", group: entry.name,
                explanation: explanation, trap: trap)],
            suite: "chipcheck.check")
        if json {
            let subject: [(String, JSONValue)] = [
                ("name", .string(entry.name)),
                ("parameters", .object(effective.map { ($0.0, .string($0.1)) })),
            ]
            print(ResultJSON.make(result, layout: system.layout, subject: subject, full: full, explanation: explanation, trap: trap).serialized())
        } else {
            print(
                TextReport.make(
                    result, layout: system.layout, subject: "model \(entry.name) (\(described))", full: full,
                    explanation: explanation, trap: trap),
                terminator: "")
        }
        throw OutputFile.exitCode(result.verdict.exitCode, lost: lost)
    }

    /// Every parameter with the value in force, defaults included, in the model's order.
    private func effectiveParameters(_ entry: CatalogEntry, _ pairs: [(String, String)]) -> [(String, String)] {
        entry.parameters.map { p in (p.name, pairs.last { $0.0 == p.name }?.1 ?? p.defaultValue) }
    }
}
