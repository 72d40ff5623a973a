import StateSpace

/// A ``StuckExplanation`` as text, JSON, Graphviz DOT and Mermaid: who cannot move and why, and
/// the wait-for cycle among buffers and credits that keeps everything where it is.
///
/// The cycle is the first one ``StuckExplanation/cycle()`` finds, so every renderer shows the
/// same one. In the graphs the cycle's edges are drawn bold and red; edges outside it (waits that
/// lead into the cycle) in grey.
public enum StuckReport {
    /// The text block printed after a deadlock's counterexample (empty when the model said nothing).
    public static func text(_ e: StuckExplanation) -> String {
        guard !e.isEmpty else { return "" }
        var out = "why no rule can fire:\n"
        for b in e.blocked { out += "  \(b.party) \(b.action) \(b.reason)\n" }
        if e.blocked.isEmpty { out += "  (no party has work it cannot do)\n" }
        if let cycle = e.cycle() {
            let names = cycle.map(\.waiter) + [cycle[0].waiter]
            out += "wait-for cycle: \(names.joined(separator: " → "))\n"
            for w in cycle { out += "  \(describe(w.waiter, in: e)) waits for \(w.holder): \(w.reason)\n" }
        } else if !e.waits.isEmpty {
            out += "waits (no cycle):\n"
            for w in e.waits { out += "  \(describe(w.waiter, in: e)) waits for \(w.holder): \(w.reason)\n" }
        }
        return out
    }

    /// The text block printed after a trap's counterexample.
    public static func text(_ t: TrapExplanation) -> String {
        var out = "why no legitimate end is reached:\n"
        out += "  the cycle repeats \(t.cycleRules.count) step\(t.cycleRules.count == 1 ? "" : "s"): \(t.cycleRules.joined(separator: ", "))\n"
        if t.unfinishedThroughout.isEmpty {
            out += "  (no single piece of work stays unfinished in every state of the cycle)\n"
        } else {
            out += "  unfinished in every state of the cycle:\n"
            for w in t.unfinishedThroughout { out += "    \(w)\n" }
        }
        return out
    }

    /// The `trap_explanation` member of the `--json` object: `cycle_rules` and `unfinished`.
    public static func json(_ t: TrapExplanation) -> JSONValue {
        .object([
            ("cycle_rules", .array(t.cycleRules.map { .string($0) })),
            ("unfinished", .array(t.unfinishedThroughout.map { .string($0) })),
        ])
    }

    /// The `explanation` member of the `--json` object: `blocked` (`{party, action, reason}`),
    /// `resources` (`{name, state}`), `waits` (`{waiter, holder, reason}`) and `cycle` (the
    /// resources of the wait-for cycle in order, empty when there is none).
    public static func json(_ e: StuckExplanation) -> JSONValue {
        .object([
            ("blocked", .array(e.blocked.map { .object([("party", .string($0.party)), ("action", .string($0.action)), ("reason", .string($0.reason))]) })),
            ("resources", .array(e.resources.map { .object([("name", .string($0.name)), ("state", .string($0.state))]) })),
            ("waits", .array(e.waits.map { .object([("waiter", .string($0.waiter)), ("holder", .string($0.holder)), ("reason", .string($0.reason))]) })),
            ("cycle", .array((e.cycle() ?? []).map { .string($0.waiter) })),
        ])
    }

    /// The wait-for graph in Graphviz DOT: one node per resource named by an edge (label: name
    /// and state), one edge per wait (label: the reason).
    public static func dot(_ e: StuckExplanation, title: String) -> String {
        let (nodes, cycleEdges) = graph(e)
        var out = "digraph \"wait-for\" {\n"
        out += "  label=\"\(dotEscaped(title))\";\n  labelloc=t;\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
        for (i, name) in nodes.enumerated() {
            out += "  n\(i) [label=\"\(dotEscaped(label(name, in: e)))\"];\n"
        }
        for (k, w) in e.waits.enumerated() {
            let style = cycleEdges.contains(k) ? "color=red, penwidth=2" : "color=gray50"
            out += "  n\(nodes.firstIndex(of: w.waiter)!) -> n\(nodes.firstIndex(of: w.holder)!) "
            out += "[label=\"\(dotEscaped(w.reason))\", \(style)];\n"
        }
        out += "}\n"
        return out
    }

    /// The wait-for graph as a Mermaid flowchart (renders in GitHub and GitLab markdown).
    public static func mermaid(_ e: StuckExplanation, title: String) -> String {
        let (nodes, cycleEdges) = graph(e)
        var out = "---\ntitle: \(mermaidEscaped(title))\n---\nflowchart LR\n"
        for (i, name) in nodes.enumerated() {
            out += "  n\(i)[\"\(mermaidEscaped(label(name, in: e)).replacingNewlines())\"]\n"
        }
        for w in e.waits {
            out += "  n\(nodes.firstIndex(of: w.waiter)!) -->|\"\(mermaidEscaped(w.reason))\"| n\(nodes.firstIndex(of: w.holder)!)\n"
        }
        var styled: [String] = []
        for (k, _) in e.waits.enumerated() where cycleEdges.contains(k) { styled.append(String(k)) }
        if !styled.isEmpty { out += "  linkStyle \(styled.joined(separator: ",")) stroke:red,stroke-width:2px\n" }
        return out
    }

    // MARK: Helpers

    /// The resources named by edges, in first-mention order, and the indices of the cycle's edges.
    static func graph(_ e: StuckExplanation) -> (nodes: [String], cycleEdges: Set<Int>) {
        var nodes: [String] = []
        for w in e.waits {
            for name in [w.waiter, w.holder] where !nodes.contains(name) { nodes.append(name) }
        }
        var cycleEdges = Set<Int>()
        for w in e.cycle() ?? [] { if let k = e.waits.firstIndex(of: w) { cycleEdges.insert(k) } }
        return (nodes, cycleEdges)
    }

    static func describe(_ resource: String, in e: StuckExplanation) -> String {
        e.state(of: resource).map { "\(resource) (\($0))" } ?? resource
    }

    static func label(_ resource: String, in e: StuckExplanation) -> String {
        e.state(of: resource).map { "\(resource)\n\($0)" } ?? resource
    }

    static func dotEscaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    static func mermaidEscaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\"": out += "#quot;"
            case "|": out += "#124;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        var out = ""
        for ch in self { if ch == "\n" { out += "<br/>" } else { out.append(ch) } }
        return out
    }
}
