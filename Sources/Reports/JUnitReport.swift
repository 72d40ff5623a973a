/// JUnit XML, the test-report format most CI systems render (Jenkins, GitLab, GitHub actions
/// that publish test results, Azure Pipelines).
///
/// Shape: one `<testsuites>` root, one `<testsuite>` per case group in order of first
/// appearance, one `<testcase>` per case. A failed case carries `<failure>`, an error `<error>`,
/// a skipped one `<skipped>`; the failure text is the case's message and detail. Output is
/// deterministic: no timestamp or host name, and times only when `timings` is on.
public enum JUnitReport {
    public static func make(_ cases: [ReportCase], name: String = "chipcheck", timings: Bool = true) -> String {
        var groups: [String] = []
        var members: [String: [ReportCase]] = [:]
        for c in cases {
            if members[c.group] == nil { groups.append(c.group) }
            members[c.group, default: []].append(c)
        }
        func counts(_ list: [ReportCase]) -> String {
            let failures = list.filter { $0.outcome == .failed }.count
            let errors = list.filter { $0.outcome == .error }.count
            let skipped = list.filter { $0.outcome == .skipped }.count
            var out = " tests=\"\(list.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\""
            if timings { out += " time=\"\(seconds(list.reduce(0) { $0 + $1.seconds }))\"" }
            return out
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(attribute(name))\"\(counts(cases))>\n"
        for group in groups {
            let list = members[group]!
            out += "  <testsuite name=\"\(attribute(group))\"\(counts(list))>\n"
            for c in list {
                out += "    <testcase name=\"\(attribute(c.id))\" classname=\"\(attribute(name + "." + group))\""
                if timings { out += " time=\"\(seconds(c.seconds))\"" }
                var body = c.message
                if let location = c.location { body += "\nat \(location.description)" }
                if !c.detail.isEmpty { body += "\n" + c.detail }
                if !c.coverage.isEmpty { body += "\n" + c.coverage.joined(separator: "\n") }
                switch c.outcome {
                case .passed:
                    guard !c.coverage.isEmpty else {
                        out += "/>\n"
                        continue
                    }
                    out += ">\n      <system-out>" + text(c.coverage.joined(separator: "\n")) + "</system-out>\n"
                case .failed:
                    out += ">\n      <failure message=\"\(attribute(c.message))\" type=\"\(attribute(c.ruleID))\">"
                    out += text(body) + "</failure>\n"
                case .error:
                    out += ">\n      <error message=\"\(attribute(c.message))\" type=\"\(attribute(c.ruleID))\">"
                    out += text(body) + "</error>\n"
                case .skipped:
                    out += ">\n      <skipped message=\"\(attribute(c.message))\"/>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func seconds(_ s: Double) -> String {
        let ms = (s * 1000).rounded()
        let whole = Int(ms) / 1000
        let frac = Int(ms) % 1000
        return "\(whole)." + String(repeating: "0", count: 3 - String(frac).count) + String(frac)
    }

    /// Text content: the three markup characters escaped, characters XML 1.0 forbids replaced.
    static func text(_ s: String) -> String { escape(s, quotes: false) }

    /// An attribute value in double quotes: also quotes and line breaks escaped.
    static func attribute(_ s: String) -> String { escape(s, quotes: true) }

    static func escape(_ s: String, quotes: Bool) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "\n" where quotes: out += "&#10;"
            case "\t" where quotes: out += "&#9;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// XML escaping shared by the XML-based renderers (JUnit, SVG).
public enum XMLText {
    public static func text(_ s: String) -> String { JUnitReport.text(s) }
    public static func attribute(_ s: String) -> String { JUnitReport.attribute(s) }
}
