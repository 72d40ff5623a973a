/// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format code-scanning
/// services ingest.
///
/// One run, tool `chipcheck` with every rule of ``ReportRules`` in `tool.driver.rules`; one
/// result per case that did not pass: failures are `error`, errors `error`, incomplete or
/// skipped items `note`. A result's location is the case's ``SourceLocation`` (a vector file,
/// the trace line of the first bad event, or later a descriptor line); a case without a file
/// gets a logical location naming what was checked instead. A case's ``ReportCase/related``
/// places become `relatedLocations` (for a failing link: the descriptor settings it was built
/// from).
public enum SARIFReport {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public static func make(
        _ cases: [ReportCase], toolVersion: String, informationURI: String = "https://example.invalid/chipcheck"
    ) -> JSONValue {
        let rules = ReportRules.all
        let rulesJSON: [JSONValue] = rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("name", .string(rule.name)),
                ("shortDescription", .object([("text", .string(rule.summary))])),
            ])
        }
        var results: [JSONValue] = []
        for c in cases where c.outcome != .passed || !c.coverage.isEmpty {
            let ruleIndex = rules.firstIndex { $0.id == c.ruleID }
            let level: String =
                switch c.outcome {
                case .failed, .error: c.ruleID == ReportRules.incomplete.id ? "warning" : "error"
                case .skipped: "note"
                case .passed: "none"
                }
            var text = c.message.isEmpty ? c.id : c.message
            if !c.detail.isEmpty { text += "\n" + c.detail }
            if !c.coverage.isEmpty { text += "\n" + c.coverage.joined(separator: "\n") }
            var members: [(String, JSONValue)] = [("ruleId", .string(c.ruleID))]
            if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
            // A link that holds is a result of kind "pass" carrying what the verdict covers.
            if c.outcome == .passed { members.append(("kind", .string("pass"))) }
            members += [
                ("level", .string(level)),
                ("message", .object([("text", .string(text))])),
                ("locations", .array([location(c)])),
            ]
            if !c.related.isEmpty {
                members.append(("relatedLocations", .array(c.related.enumerated().map { related($0.element, id: $0.offset) })))
            }
            members += [
                ("partialFingerprints", .object([("chipcheckCase/v1", .string(c.group + "/" + c.id))])),
            ]
            results.append(.object(members))
        }
        let driver: JSONValue = .object([
            ("name", .string("chipcheck")),
            ("version", .string(toolVersion)),
            ("informationUri", .string(informationURI)),
            ("rules", .array(rulesJSON)),
        ])
        return .object([
            ("version", .string("2.1.0")),
            ("$schema", .string(schemaURI)),
            ("runs", .array([
                .object([
                    ("tool", .object([("driver", driver)])),
                    ("columnKind", .string("unicodeCodePoints")),
                    ("results", .array(results)),
                ])
            ])),
        ])
    }

    static func location(_ c: ReportCase) -> JSONValue {
        let logical: JSONValue = .array([
            .object([("name", .string(c.id)), ("fullyQualifiedName", .string(c.group + "/" + c.id)), ("kind", .string("module"))])
        ])
        guard let source = c.location else { return .object([("logicalLocations", logical)]) }
        var region: [(String, JSONValue)] = [("startLine", .int(source.line ?? 1))]
        if let column = source.column { region.append(("startColumn", .int(column))) }
        return .object([
            ("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(uri(for: source.path)))])),
                ("region", .object(region)),
            ])),
            ("logicalLocations", logical),
        ])
    }

    /// A related location: the file and line, and what is written there.
    static func related(_ r: RelatedLocation, id: Int) -> JSONValue {
        var region: [(String, JSONValue)] = [("startLine", .int(r.location.line ?? 1))]
        if let column = r.location.column { region.append(("startColumn", .int(column))) }
        return .object([
            ("id", .int(id)),
            ("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(uri(for: r.location.path)))])),
                ("region", .object(region)),
            ])),
            ("message", .object([("text", .string(r.message))])),
        ])
    }

    /// A relative path becomes a relative URI reference (percent-encoding what URIs forbid);
    /// an absolute one a `file://` URI.
    static func uri(for path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~/!$&'()*+,;=:@".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
