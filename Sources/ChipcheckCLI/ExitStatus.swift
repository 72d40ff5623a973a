import ArgumentParser
import StateSpace

/// The exit codes chipcheck documents; scripts and CI rely on them. The codes of verdicts
/// (0, 10, 11, 12, 20) are `Verdict.exitCode`; these are the others.
enum ExitStatus {
    static let vectorMismatch: Int32 = 13
    /// `check --expectations`: a link did not get the verdict the design records (the code of
    /// a vector mismatch: an expectation written beside the input failed).
    static let expectationNotMet: Int32 = 13
    static let usage: Int32 = 64
    static let badInput: Int32 = 65
    static let internalError: Int32 = 70
    /// The result was printed but a report file (`--junit`, `--sarif`, `--trace-vcd`,
    /// `--trace-msc`) could not be written (sysexits' EX_IOERR).
    static let reportLost: Int32 = 74

    static let table = """
        Exit codes:
          0   every property holds (complete search)
          10  deadlock
          11  invariant violation
          12  trap (a legitimate end state is no longer reachable)
          13  conformance vector mismatch; check --expectations: an expectation not met
          20  incomplete: a limit stopped the search, nothing is proven
          64  usage error
          65  bad input (descriptor or vector file)
          70  internal error
          74  result printed, but a report file could not be written
        """

    static func exit(for verdict: Verdict) -> ExitCode { ExitCode(verdict.exitCode) }
}

extension Verdict {
    /// The process exit code the command line documents for this verdict.
    var exitCode: Int32 {
        switch self {
        case .holds: 0
        case .deadlock: 10
        case .violation: 11
        case .trap: 12
        case .incomplete: 20
        }
    }
}
