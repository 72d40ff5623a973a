import ArgumentParser
import Reports
import StateSpace

/// `--explain-dot FILE` and `--explain-mermaid FILE`: a deadlock's wait-for graph as a picture.
struct ExplainFlags: ParsableArguments {
    @Option(
        name: .customLong("explain-dot"),
        help: ArgumentHelp("Write a deadlock's wait-for graph (buffers and credits) as Graphviz DOT to FILE.", valueName: "FILE"))
    var dotPath: String?

    @Option(
        name: .customLong("explain-mermaid"),
        help: ArgumentHelp("Write a deadlock's wait-for graph as a Mermaid flowchart to FILE.", valueName: "FILE"))
    var mermaidPath: String?

    /// Writes the graphs of `explanation`, with `FILE` suffixed by `suffix` (see ``PerLinkPath``);
    /// returns why any could not be written.
    func write(_ explanation: StuckExplanation?, title: String, suffix: String? = nil) -> [String] {
        guard let explanation, !explanation.isEmpty else { return [] }
        var lost: [String] = []
        if let dotPath { lost += OutputFile.write(StuckReport.dot(explanation, title: title), to: PerLinkPath.make(dotPath, suffix)) }
        if let mermaidPath {
            lost += OutputFile.write(StuckReport.mermaid(explanation, title: title), to: PerLinkPath.make(mermaidPath, suffix))
        }
        return lost
    }
}

extension AnyTransitionSystem {
    /// The model's explanation of a deadlock's final state, if the result is a deadlock and the
    /// model explains its stuck states.
    func explanation(of result: ExplorationResult) -> StuckExplanation? {
        guard result.verdict == .deadlock, let trace = result.counterexample else { return nil }
        return explainStuck(trace.finalState)
    }

    /// What a trap's cycle never finishes, if the result is a trap and the model can say.
    func trapExplanation(of result: ExplorationResult) -> TrapExplanation? {
        guard result.verdict == .trap, let trace = result.counterexample, unfinishedWork(trace.initialState) != nil else {
            return nil
        }
        return TrapExplanation.make(trace) { unfinishedWork($0) ?? [] }
    }
}

/// Where a per-link output file goes when several links of one design fail: the name the user
/// gave with the link's name inserted before the extension (`trace.vcd` becomes
/// `trace.cpu0.d2d0_xpu0.d2d0.vcd`). With one failing link the name is used as given.
enum PerLinkPath {
    static func make(_ path: String, _ suffix: String?) -> String {
        guard let suffix else { return path }
        let slash = path.lastIndex(of: "/")
        if let dot = path.lastIndex(of: "."), dot > (slash ?? path.startIndex), dot != path.startIndex {
            return String(path[..<dot]) + "." + suffix + String(path[dot...])
        }
        return path + "." + suffix
    }

    /// A link's name as a file-name part: letters, digits, `.`, `-` and `_` kept, every other
    /// run of characters one `_` (`cpu0.d2d0 — xpu0.d2d0` → `cpu0.d2d0_xpu0.d2d0`).
    static func slug(_ link: String) -> String {
        var out = ""
        var gap = false
        for ch in link {
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "-" || ch == "_") {
                if gap && !out.isEmpty { out.append("_") }
                gap = false
                out.append(ch)
            } else {
                gap = true
            }
        }
        return out
    }
}
