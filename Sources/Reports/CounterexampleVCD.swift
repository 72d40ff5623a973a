import StateSpace

/// A counterexample as a VCD waveform (IEEE 1364 value change dump) for GTKWave and other
/// waveform viewers.
///
/// * Time unit 1 ns, one time unit per step: time 0 is the initial state, time `i` the state
///   after step `i`; one more time unit closes the last step so it has a visible width.
/// * One `reg` per state field, `ceil(log2(valueCount))` bits wide (at least 1), in a
///   `$scope module OWNER` per owner (global fields sit in the top scope `chipcheck`).
///   Names are the field names with every character outside `[A-Za-z0-9_]` turned into `_`
///   (`cache[1].state` becomes `cache_1_state`); a header `$comment` maps each signal back to
///   the field and lists the names of its values.
/// * Top-scope signals: `step` (32 bits), `rule` (the rule name in 8-bit ASCII, left-padded with
///   NUL bytes: choose the ASCII display in the viewer), and for a trap `in_cycle`, 1 during the
///   steps of the cycle. Each step also carries a `$comment` with its number and rule.
/// * No `$date`: the output is the same on every run.
public enum CounterexampleVCD {
    public static func make(_ trace: Counterexample, layout: StateLayout, subject: String, version: String) -> String {
        var codes = CodeGenerator()
        let ruleWidth = 8 * max(1, trace.steps.map { $0.ruleName.utf8.count }.max() ?? 1)
        let stepCode = codes.next()
        let ruleCode = codes.next()
        let cycleCode = trace.cycleStart == nil ? nil : codes.next()

        struct Signal {
            let code: String
            let width: Int
            let field: FieldDescription
            let name: String
        }
        // Owners in order of their first field; global fields first, in the top scope.
        var owners: [String] = []
        for f in layout.fields where !owners.contains(f.owner) { owners.append(f.owner) }
        if let global = owners.firstIndex(of: "") { owners.remove(at: global); owners.insert("", at: 0) }
        var signals: [Signal] = []
        var signalsByOwner: [String: [Signal]] = [:]
        for owner in owners {
            var used: Set<String> = ["step", "rule", "in_cycle"]
            for f in layout.fields where f.owner == owner {
                var name = identifier(f.name)
                var n = 2
                while used.contains(name) { name = identifier(f.name) + "_\(n)"; n += 1 }
                used.insert(name)
                let width = max(1, Int.bitWidth - (max(f.valueCount, 1) - 1).leadingZeroBitCount)
                let s = Signal(code: codes.next(), width: width, field: f, name: name)
                signals.append(s)
                signalsByOwner[owner, default: []].append(s)
            }
        }

        var out = "$comment\n  chipcheck counterexample: \(oneLine(subject))\n"
        out += "  \(trace.steps.count) steps, one time unit per step"
        if let cycle = trace.cycleStart { out += "; the cycle runs from step \(cycle + 1) to the end" }
        out += "\n$end\n"
        out += "$version chipcheck \(version) $end\n"
        out += "$timescale 1ns $end\n"
        out += "$scope module chipcheck $end\n"
        out += "$var reg 32 \(stepCode) step $end\n"
        out += "$var reg \(ruleWidth) \(ruleCode) rule $end\n"
        if let cycleCode { out += "$var reg 1 \(cycleCode) in_cycle $end\n" }
        for owner in owners {
            let list = signalsByOwner[owner] ?? []
            if !owner.isEmpty { out += "$scope module \(identifier(owner)) $end\n" }
            for s in list { out += "$var reg \(s.width) \(s.code) \(s.name) $end\n" }
            if !owner.isEmpty { out += "$upscope $end\n" }
        }
        out += "$upscope $end\n"
        out += "$comment\n"
        for s in signals {
            let scope = s.field.owner.isEmpty ? "" : identifier(s.field.owner) + "."
            out += "  \(scope)\(s.name) = \(oneLine(s.field.name))"
            if let names = s.field.valueNames {
                out += ": " + names.enumerated().map { "\($0.offset)=\(oneLine($0.element))" }.joined(separator: " ")
            }
            out += "\n"
        }
        out += "$end\n"
        out += "$enddefinitions $end\n"

        func value(_ v: Int, width: Int, code: String) -> String {
            width == 1 ? "\(v & 1)\(code)\n" : "b\(String(v, radix: 2)) \(code)\n"
        }
        func ascii(_ text: String) -> String {
            let bits = text.utf8.map { byte -> String in
                let b = String(byte, radix: 2)
                return String(repeating: "0", count: 8 - b.count) + b
            }.joined()
            let trimmed = bits.drop { $0 == "0" }
            return "b\(trimmed.isEmpty ? "0" : String(trimmed)) \(ruleCode)\n"
        }

        out += "#0\n$dumpvars\n"
        out += value(0, width: 32, code: stepCode)
        out += "b0 \(ruleCode)\n"
        if let cycleCode { out += "0\(cycleCode)\n" }
        for s in signals { out += value(layout.value(of: s.field.field, in: trace.initialState), width: s.width, code: s.code) }
        out += "$end\n"
        for (i, step) in trace.steps.enumerated() {
            out += "#\(i + 1)\n"
            out += "$comment step \(i + 1): \(oneLine(step.ruleName)) $end\n"
            out += value(i + 1, width: 32, code: stepCode)
            out += ascii(step.ruleName)
            if let cycleCode, let cycle = trace.cycleStart, cycle == i { out += "1\(cycleCode)\n" }
            let before = trace.state(before: i)
            for s in signals {
                let old = layout.value(of: s.field.field, in: before)
                let new = layout.value(of: s.field.field, in: step.state)
                if old != new { out += value(new, width: s.width, code: s.code) }
            }
        }
        out += "#\(trace.steps.count + 1)\n"
        return out
    }

    /// A VCD reference name: letters, digits and `_` only, not starting with a digit.
    static func identifier(_ name: String) -> String {
        var out = ""
        for c in name.unicodeScalars {
            if ("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" {
                out.unicodeScalars.append(c)
            } else if !out.hasSuffix("_") {
                out += "_"
            }
        }
        while out.hasSuffix("_") && out.count > 1 { out.removeLast() }
        if out.isEmpty { return "_" }
        if let first = out.unicodeScalars.first, ("0"..."9").contains(first) { out = "_" + out }
        return out
    }

    /// `$end` inside a comment would end it early; line breaks are folded.
    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ").replacing("$end", with: "$ end")
    }

    /// VCD identifier codes: printable ASCII 33…126, shortest first.
    struct CodeGenerator {
        private var counter = 0
        mutating func next() -> String {
            var n = counter
            counter += 1
            var code = ""
            repeat {
                code.unicodeScalars.append(Unicode.Scalar(UInt8(33 + n % 94)))
                n = n / 94 - 1
            } while n >= 0
            return code
        }
    }
}

