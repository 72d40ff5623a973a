#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StateSpace

/// The one-line progress display on stderr for long runs: shown when stderr is a terminal or
/// when `--progress` asks for it, never otherwise, so CI logs stay clean.
enum ProgressLine {
    static func handler(forced: Bool) -> (@Sendable (ProgressReport) -> Void)? {
        let terminal = isatty(STDERR_FILENO) == 1
        guard forced || terminal else { return nil }
        return { report in
            let line = "states \(report.states)  \(Int(report.statesPerSecond)) states/s  "
                + "queue \(report.queued)  depth \(report.depth)  "
                + "memory \(report.storeBytes >> 20) MiB  \(Int(report.seconds)) s"
            // On a terminal the line rewrites itself; elsewhere each report is its own line.
            StandardError.write(terminal ? "\r\u{1B}[K" + line : line + "\n")
        }
    }

    /// Clears the line before the report is printed.
    static func finish(forced: Bool) {
        if isatty(STDERR_FILENO) == 1 { StandardError.write("\r\u{1B}[K") }
    }
}
