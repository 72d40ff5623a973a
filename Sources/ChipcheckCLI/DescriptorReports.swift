import DescriptorSystems
import IPXACT
import Reports

/// Descriptor problems as CI report cases, so that `validate`, and `check` when it stops at the
/// descriptors, write JUnit and SARIF like a finished `check`: one failed case per error, at its
/// file:line:column, under rule `CC-DESCRIPTOR`; a file without errors is one passed case.
/// Warnings are printed but not reported.
enum DescriptorReports {
    static func cases(_ diagnostics: [Diagnostic], file: String) -> [ReportCase] {
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else {
            return [ReportCase(id: file, group: "descriptors", outcome: .passed, ruleID: ReportRules.descriptor.id)]
        }
        return errors.map { d in
            failure(id: "\(d.location) \(d.code.rawValue)", message: d.description, at: d.location, group: file)
        }
    }

    static func cases(_ problems: [MappingProblem], file: String) -> [ReportCase] {
        problems.map { failure(id: "\($0.location) MAP001", message: $0.description, at: $0.location, group: file) }
    }

    static func failure(id: String, message: String, at location: IPXACT.SourceLocation, group: String) -> ReportCase {
        ReportCase(
            id: id, group: group, outcome: .failed, message: message, ruleID: ReportRules.descriptor.id,
            location: Reports.SourceLocation(path: location.file, line: location.line, column: location.column))
    }
}
