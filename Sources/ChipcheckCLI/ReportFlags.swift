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

    /// Writes the requested reports for `cases`; returns why any could not be written.
    func write(_ cases: [ReportCase], suite: String) -> [String] {
        var lost: [String] = []
        if let junitPath { lost += OutputFile.write(JUnitReport.make(cases, name: suite), to: junitPath) }
        if let sarifPath {
            let version = Chipcheck.configuration.version
            lost += OutputFile.write(SARIFReport.make(cases, toolVersion: version).prettySerialized(), to: sarifPath)
        }
        return lost
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

    /// Writes the waveform and charts of `trace`; returns why any could not be written. `suffix`
    /// (a link's name) goes into every file name when several links of a design fail (see
    /// ``PerLinkPath``).
    func write(_ trace: Counterexample?, layout: StateLayout, subject: String, suffix: String? = nil) -> [String] {
        guard wanted else { return [] }
        guard let trace else {
            FileHandle.standardError.write(Data("chipcheck: no counterexample, so no waveform or chart was written\n".utf8))
            return []
        }
        var lost: [String] = []
        if let vcdPath {
            lost += OutputFile.write(
                CounterexampleVCD.make(trace, layout: layout, subject: subject, version: Chipcheck.configuration.version),
                to: PerLinkPath.make(vcdPath, suffix))
        }
        let chart = SequenceChart(trace, layout: layout, title: subject)
        for path in mscPaths {
            lost += OutputFile.write(path.hasSuffix(".svg") ? chart.svg() : chart.mermaid(), to: PerLinkPath.make(path, suffix))
        }
        return lost
    }
}

/// Report files are written before the verdict is printed but their failures are told after it:
/// a run that found a deadlock must say so even when `--junit` names a folder that does not exist.
enum OutputFile {
    /// Writes `text` to `path`; returns the message to give if that failed (empty on success).
    static func write(_ text: String, to path: String) -> [String] {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return []
        } catch {
            return ["chipcheck: cannot write '\(path)': \(error.localizedDescription)"]
        }
    }

    /// The exit code of a run whose result is printed: `code`, unless a report was `lost`; then
    /// the losses are printed (after the result) and the code is ``ExitStatus/reportLost``.
    static func exitCode(_ code: Int32, lost: [String]) -> ExitCode {
        guard !lost.isEmpty else { return ExitCode(code) }
        fflush(nil)  // every stream: the printed result goes out before the errors
        for message in lost {
            FileHandle.standardError.write(Data((message + " (the result above stands; exit \(ExitStatus.reportLost))\n").utf8))
        }
        return ExitCode(ExitStatus.reportLost)
    }
}
