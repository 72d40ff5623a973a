import ArgumentParser
import IPXACT

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check IP-XACT descriptors (XML, schema, references, parameters, connections) without exploring.",
        discussion: "Every problem is reported at once as file:line:column: severity[CODE]: message. Exit 0 when there is no error, 65 otherwise."
    )

    @Argument(help: "Descriptor files (a design configuration, design or component).")
    var files: [String]

    @OptionGroup var descriptors: DescriptorFlags

    func run() throws {
        var failed = false
        for file in files {
            let diagnostics = descriptors.loader(for: file).validate(path: file)
            DiagnosticPrinter.print(diagnostics)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            if errors > 0 {
                failed = true
                print("\(file): invalid (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"))")
            } else {
                print("\(file): valid" + (warnings > 0 ? " (\(warnings) warning\(warnings == 1 ? "" : "s"))" : ""))
            }
        }
        if failed { throw ExitCode(ExitStatus.badInput) }
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
            print(design.describe(), terminator: "")
        case .failure(let list):
            DiagnosticPrinter.print(list.diagnostics)
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
