import StateSpace

/// A counterexample as a message sequence chart: one lifeline per owner, one row per step.
///
/// How a step becomes arrows and notes (a heuristic: models do not declare messages):
/// * The owners a step touched are the owners of the fields it changed (global fields belong to
///   the lifeline `global`). Every touched owner gets a note listing its changes `old → new`.
/// * A step that touched one owner is a local action: its rule name heads that owner's note.
/// * A step that touched several owners is drawn as arrows, labelled with the rule name, from
///   one **sender** to each other touched owner. The sender is
///   1. the first owner (in lifeline order) that gave up a value another touched owner took on:
///      a field of the sender had value *v* before the step, a field of the other owner has
///      *v* after it, and *v* is not the field's first value (`Empty`, `false`, `0`, …);
///   2. failing that, the owner with the largest balance of fields reset to their first value
///      minus fields that left it (emptying a buffer or clearing a flag reads as handing
///      something on); ties go to the first owner in lifeline order.
/// * For a trap the chart marks the step where the cycle begins.
public struct SequenceChart: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public let field: String
        public let old: String
        public let new: String
    }

    public struct Note: Sendable, Equatable {
        public let lifeline: Int
        public let heading: String?
        public let changes: [Change]

        var lines: [String] {
            (heading.map { [$0] } ?? []) + changes.map { "\($0.field): \($0.old) → \($0.new)" }
        }
    }

    public struct Row: Sendable, Equatable {
        /// 1-based step number.
        public let step: Int
        public let rule: String
        /// `(from, to)` lifeline indices.
        public let arrows: [(Int, Int)]
        public let notes: [Note]
        /// The trap's cycle starts at this step.
        public let cycleStarts: Bool

        public static func == (a: Row, b: Row) -> Bool {
            a.step == b.step && a.rule == b.rule && a.notes == b.notes && a.cycleStarts == b.cycleStarts
                && a.arrows.map { [$0.0, $0.1] } == b.arrows.map { [$0.0, $0.1] }
        }
    }

    public let title: String
    public let lifelines: [String]
    public let rows: [Row]

    public init(_ trace: Counterexample, layout: StateLayout, title: String) {
        self.title = title
        var owners: [String] = []
        for f in layout.fields where !owners.contains(f.owner) { owners.append(f.owner) }
        lifelines = owners.map { $0.isEmpty ? "global" : $0 }

        struct Raw {
            let owner: Int
            let field: FieldDescription
            let old: Int
            let new: Int
        }
        var rows: [Row] = []
        for (i, step) in trace.steps.enumerated() {
            let before = trace.state(before: i)
            var raws: [Raw] = []
            for f in layout.fields {
                let a = layout.value(of: f.field, in: before)
                let b = layout.value(of: f.field, in: step.state)
                if a != b { raws.append(Raw(owner: owners.firstIndex(of: f.owner)!, field: f, old: a, new: b)) }
            }
            let touched = Array(Set(raws.map(\.owner))).sorted()
            var arrows: [(Int, Int)] = []
            if touched.count > 1 {
                var sender: Int?
                search: for a in touched {
                    for gave in raws where gave.owner == a && gave.old != 0 {
                        let v = gave.field.render(gave.old)
                        if raws.contains(where: { $0.owner != a && $0.new != 0 && $0.field.render($0.new) == v }) {
                            sender = a
                            break search
                        }
                    }
                }
                if sender == nil {
                    func balance(_ o: Int) -> Int {
                        raws.filter { $0.owner == o && $0.new == 0 }.count - raws.filter { $0.owner == o && $0.old == 0 }.count
                    }
                    sender = touched.max { balance($0) < balance($1) || (balance($0) == balance($1) && $0 > $1) }
                }
                arrows = touched.filter { $0 != sender! }.map { (sender!, $0) }
            }
            var notes: [Note] = touched.map { o in
                Note(
                    lifeline: o, heading: touched.count == 1 ? "\(i + 1) \(step.ruleName)" : nil,
                    changes: raws.filter { $0.owner == o }.map {
                        Change(field: $0.field.name, old: $0.field.render($0.old), new: $0.field.render($0.new))
                    })
            }
            if touched.isEmpty {
                notes = [Note(lifeline: 0, heading: "\(i + 1) \(step.ruleName)", changes: [])]
            }
            rows.append(
                Row(step: i + 1, rule: step.ruleName, arrows: arrows, notes: notes, cycleStarts: trace.cycleStart == i))
        }
        self.rows = rows
    }

    // MARK: Mermaid

    /// Mermaid `sequenceDiagram` text (renders on GitHub, GitLab and in the Mermaid live editor).
    public func mermaid() -> String {
        var out = "sequenceDiagram\n"
        out += "    title \(Self.mermaidText(title))\n"
        for (i, name) in lifelines.enumerated() { out += "    participant L\(i) as \(Self.mermaidText(name))\n" }
        let span = lifelines.count > 1 ? "L0,L\(lifelines.count - 1)" : "L0"
        for row in rows {
            if row.cycleStarts {
                out += "    Note over \(span): the cycle starts here and repeats forever\n"
            }
            for (from, to) in row.arrows {
                out += "    L\(from)->>L\(to): \(row.step) \(Self.mermaidText(row.rule))\n"
            }
            for note in row.notes {
                let text = note.lines.isEmpty ? "(no field changed)" : note.lines.map(Self.mermaidText).joined(separator: "<br/>")
                out += "    Note over L\(note.lifeline): \(text)\n"
            }
        }
        return out
    }

    /// Mermaid reads `;` and `#` specially and `<` `>` as markup: use its entity codes.
    static func mermaidText(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: SVG

    /// A self-contained SVG drawing (no scripts, no external fonts or styles).
    public func svg() -> String {
        let charWidth = 7.2
        let lineHeight = 16
        let noteLines = rows.flatMap(\.notes).map { $0.lines.map(\.count).max() ?? 0 }
        let labelChars = rows.flatMap { r in r.arrows.map { _ in "\(r.step) \(r.rule)".count } }
        let widest = max(noteLines.max() ?? 0, labelChars.max() ?? 0, lifelines.map(\.count).max() ?? 0)
        let column = max(180, Int((Double(widest) * charWidth).rounded(.up)) + 24)
        let left = 50
        func center(_ i: Int) -> Int { left + column * i + column / 2 }
        let width = left + column * lifelines.count + 10

        var body = ""
        var y = 70
        for row in rows {
            if row.cycleStarts {
                body += "<line x1=\"\(left - 40)\" y1=\"\(y)\" x2=\"\(width - 10)\" y2=\"\(y)\" class=\"cycle\"/>\n"
                body += "<text x=\"\(left - 36)\" y=\"\(y + 14)\" class=\"cycletext\">the cycle starts here and repeats forever</text>\n"
                y += 24
            }
            body += "<text x=\"10\" y=\"\(y + 14)\" class=\"step\">\(row.step)</text>\n"
            for (from, to) in row.arrows {
                let x1 = center(from)
                let x2 = center(to)
                let labelX = (x1 + x2) / 2
                body += "<text x=\"\(labelX)\" y=\"\(y + 12)\" class=\"label\">\(XMLText.text("\(row.step) \(row.rule)"))</text>\n"
                body += "<line x1=\"\(x1)\" y1=\"\(y + 18)\" x2=\"\(x2)\" y2=\"\(y + 18)\" class=\"msg\" marker-end=\"url(#arrow)\"/>\n"
                y += 26
            }
            var tallest = 0
            for note in row.notes {
                let lines = note.lines.isEmpty ? ["(no field changed)"] : note.lines
                let h = lines.count * lineHeight + 8
                tallest = max(tallest, h)
                let x = center(note.lifeline) - column / 2 + 8
                body += "<rect x=\"\(x)\" y=\"\(y + 4)\" width=\"\(column - 16)\" height=\"\(h)\" class=\"note\"/>\n"
                for (k, line) in lines.enumerated() {
                    let cls = (k == 0 && note.heading != nil) ? "notehead" : "notetext"
                    body += "<text x=\"\(x + 6)\" y=\"\(y + 4 + 16 + k * lineHeight - 2)\" class=\"\(cls)\">\(XMLText.text(line))</text>\n"
                }
            }
            y += tallest + 12
        }
        let height = y + 20
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
        out += "<title>\(XMLText.text(title))</title>\n"
        out += "<defs>\n<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
        out += "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1f3b73\"/></marker>\n"
        out += "<style>\n"
        out += "text { font-family: monospace; font-size: 12px; fill: #1a1a1a; }\n"
        out += ".head { fill: #dfe8f7; stroke: #1f3b73; }\n.headtext { font-weight: bold; text-anchor: middle; }\n"
        out += ".life { stroke: #8a9bb8; stroke-dasharray: 4 4; }\n.msg { stroke: #1f3b73; stroke-width: 1.5; }\n"
        out += ".label { text-anchor: middle; fill: #1f3b73; }\n.note { fill: #fff8dc; stroke: #b8a86a; }\n"
        out += ".notehead { font-weight: bold; }\n.step { fill: #777777; }\n"
        out += ".cycle { stroke: #b03030; stroke-dasharray: 8 4; }\n.cycletext { fill: #b03030; }\n"
        out += "</style>\n</defs>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        for (i, name) in lifelines.enumerated() {
            let x = center(i)
            out += "<line x1=\"\(x)\" y1=\"50\" x2=\"\(x)\" y2=\"\(height - 10)\" class=\"life\"/>\n"
            out += "<rect x=\"\(x - column / 2 + 8)\" y=\"20\" width=\"\(column - 16)\" height=\"30\" rx=\"4\" class=\"head\"/>\n"
            out += "<text x=\"\(x)\" y=\"40\" class=\"headtext\">\(XMLText.text(name))</text>\n"
        }
        out += body
        out += "</svg>\n"
        return out
    }
}
