import ArgumentParser
import Foundation
import Reports
import StateSpace

/// `--junit FILE` and `--sarif FILE`: CI reports, written besides the normal output.
struct ReportFlags: ParsableArguments {
    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write a JUnit XML report to FILE.", valueName: "FILE"))
    var junitPath: String?

    @Option(name: .customLong("sarif"), help: ArgumentHelp("Also write a SARIF 2.1.0 report to FILE.", valueName: "FILE"))
    var sarifPath: String?

    /// Writes the requested reports for `cases`.
    func write(_ cases: [ReportCase], suite: String) throws {
        if let junitPath { try OutputFile.write(JUnitReport.make(cases, name: suite), to: junitPath) }
        if let sarifPath {
            let version = Chipcheck.configuration.version
            try OutputFile.write(SARIFReport.make(cases, toolVersion: version).prettySerialized(), to: sarifPath)
        }
    }
}

/// `--trace-vcd FILE` and `--trace-msc FILE`: the counterexample as a waveform and as a chart.
struct TraceFlags: ParsableArguments {
    @Option(name: .customLong("trace-vcd"), help: ArgumentHelp("Write the counterexample as a VCD waveform to FILE.", valueName: "FILE"))
    var vcdPath: String?

    @Option(
        name: .customLong("trace-msc"),
        help: ArgumentHelp(
            "Write the counterexample as a message sequence chart: FILE.svg (SVG) or FILE.mmd (Mermaid). Repeatable.",
            valueName: "FILE"))
    var mscPaths: [String] = []

    func validate() throws {
        for path in mscPaths where !(path.hasSuffix(".svg") || path.hasSuffix(".mmd")) {
            throw ValidationError("--trace-msc takes a file ending in .svg (SVG) or .mmd (Mermaid), got '\(path)'")
        }
    }

    var wanted: Bool { vcdPath != nil || !mscPaths.isEmpty }

    /// Writes the waveform and charts of `trace`; `suffix` (a link's name) goes into every file
    /// name when several links of a design fail (see ``PerLinkPath``).
    func write(_ trace: Counterexample?, layout: StateLayout, subject: String, suffix: String? = nil) throws {
        guard wanted else { return }
        guard let trace else {
            FileHandle.standardError.write(Data("chipcheck: no counterexample, so no waveform or chart was written\n".utf8))
            return
        }
        if let vcdPath {
            try OutputFile.write(
                CounterexampleVCD.make(trace, layout: layout, subject: subject, version: Chipcheck.configuration.version),
                to: PerLinkPath.make(vcdPath, suffix))
        }
        let chart = SequenceChart(trace, layout: layout, title: subject)
        for path in mscPaths {
            try OutputFile.write(path.hasSuffix(".svg") ? chart.svg() : chart.mermaid(), to: PerLinkPath.make(path, suffix))
        }
    }
}

enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(Data("chipcheck: cannot write '\(path)': \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
    }
}
