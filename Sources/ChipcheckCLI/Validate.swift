import ArgumentParser
import DescriptorSystems
import IPXACT
import Reports

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check IP-XACT descriptors (XML, schema, references, parameters, connections) without exploring.",
        discussion: "Every problem is reported at once as file:line:column: severity[CODE]: message. A design or design configuration is also mapped onto the link models as check would (MAP codes). Exit 0 when there is no error, 65 otherwise."
    )

    @Argument(help: "Descriptor files (a design configuration, design or component).")
    var files: [String]

    @OptionGroup var descriptors: DescriptorFlags

    @OptionGroup var reports: ReportFlags

    func run() throws {
        var failed = false
        var cases: [ReportCase] = []
        for file in files {
            let loader = descriptors.loader(for: file)
            let diagnostics = loader.validate(path: file)
            cases += DescriptorReports.cases(diagnostics, file: file)
            DiagnosticPrinter.print(diagnostics)
            var errors = diagnostics.filter { $0.severity == .error }.count
            // A valid design or design configuration is also planned, link by link, as `check`
            // would: a setting the models cannot represent is an error here too.
            if errors == 0, case .success(let design) = loader.load(path: file) {
                let problems = LinkPlanning.plan(design).problems
                for p in problems { StandardError.write(p + "\n") }
                errors += problems.count
                cases += DescriptorReports.cases(DesignPlanner.plans(for: design).problems, file: file)
            }
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            if errors > 0 {
                failed = true
                print("\(file): invalid (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))")
            } else {
                print("\(file): valid" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : ""))
            }
        }
        throw OutputFile.exitCode(failed ? ExitStatus.badInput : 0, lost: reports.write(cases, suite: "chipcheck.validate"))
    }
}

struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the resolved configuration of a design: every instance, interface, parameter, its value and where it came from."
    )

    @Argument(help: "A design configuration or design.")
    var file: String

    @OptionGroup var descriptors: DescriptorFlags

    func run() throws {
        switch descriptors.loader(for: file).load(path: file) {
        case .success(let design):
            DiagnosticPrinter.print(design.warnings)
            var out = design.describe()
            if !out.hasSuffix("\n") { out += "\n" }
            // Which model each link maps to, with the parameters and notes `check` would use.
            let (plans, problems) = DesignPlanner.plans(for: design)
            out += "  links:\n"
            for plan in plans {
                out += "    \(plan.link) at \(plan.location): model \(plan.model) "
                out += "(\(plan.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")))\n"
                for note in plan.notes { out += "      note: \(note)\n" }
            }
            for problem in problems { out += "    not mapped: \(problem)\n" }
            print(out, terminator: "")
        case .failure(let list):
            DiagnosticPrinter.print(list.diagnostics)
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
