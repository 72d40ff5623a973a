import Foundation
import StateSpace
import Testing
@testable import Reports

/// Fixed cases covering every outcome, with awkward characters, for deterministic goldens.
private let sampleCases: [ReportCase] = [
    ReportCase(id: "german-2-holds", group: "verdict", outcome: .passed, ruleID: ReportRules.vectorMismatch.id,
               location: SourceLocation(path: "Vectors/engine/german-2-holds.json", line: 7)),
    ReportCase(id: "trace-x", group: "trace", outcome: .failed,
               message: "expected the first bad event to be 3, but it is event 2 (credit_return vc=1 count=1, line 3): \"quoted\" & <tagged>",
               detail: "reason: credit return on VC1 would exceed the receiver's buffer of 4",
               ruleID: ReportRules.vectorMismatch.id, location: SourceLocation(path: "Vectors/traces/data/x y.jsonl", line: 3)),
    ReportCase(id: "broken", group: "invalid", outcome: .error, message: "not valid JSON", ruleID: ReportRules.badVector.id,
               location: SourceLocation(path: "Vectors/engine/broken.json", line: 1)),
    ReportCase(id: "descriptor-case", group: "verdict", outcome: .skipped,
               message: "descriptor-based verdict vectors are not supported yet (Specs/x.xml)",
               ruleID: ReportRules.unsupported.id, location: SourceLocation(path: "Vectors/engine/descriptor-case.json", line: 6)),
    ReportCase(id: "model german (clients=2)", group: "german", outcome: .failed, message: "violation of invariant Control",
               ruleID: ReportRules.violation.id),
]

@Suite struct CIReportTests {
    @Test("JUnit: golden, counts per suite, and valid against the JUnit schema")
    func junit() throws {
        let xml = JUnitReport.make(sampleCases, name: "chipcheck.vectors")
        try expectGolden(xml, "sample.junit.xml")
        #expect(xml.contains("<testsuites name=\"chipcheck.vectors\" tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\""))
        #expect(xml.contains("&quot;quoted&quot; &amp; &lt;tagged&gt;"))
        try validateJUnit(xml)
    }

    @Test("JUnit of a real check run validates")
    func junitOfCheck() throws {
        let (_, layout, result) = try counterexample("credit-link", [])
        let c = ReportCase.exploration(result, layout: layout, subject: "model credit-link", group: "credit-link")
        #expect(c.outcome == .failed && c.ruleID == "CC-DEADLOCK")
        let xml = JUnitReport.make([c], name: "chipcheck.check")
        #expect(xml.contains("<failure message=\"model credit-link: deadlock"))
        try validateJUnit(xml)
        try validateSARIF(SARIFReport.make([c], toolVersion: "test").prettySerialized())
    }

    @Test("SARIF: golden, only non-passing cases, locations with file and line or a logical location; valid against the 2.1.0 subset schema")
    func sarif() throws {
        let json = SARIFReport.make(sampleCases, toolVersion: "test").prettySerialized()
        try expectGolden(json, "sample.sarif")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 4)
        #expect(results.map { $0["level"] as? String } == ["error", "error", "note", "error"])
        let first = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((first["artifactLocation"] as? [String: Any])?["uri"] as? String == "Vectors/traces/data/x%20y.jsonl")
        #expect((first["region"] as? [String: Any])?["startLine"] as? Int == 3)
        try validateSARIF(json)
    }

    @Test("pretty JSON reads back as the compact JSON")
    func prettyJSON() throws {
        let value = JSONValue.object([("a", .array([.int(1), .string("x\n"), .object([])])), ("b", .null), ("c", .array([]))])
        let pretty = try JSONSerialization.jsonObject(with: Data(value.prettySerialized().utf8)) as? NSDictionary
        let compact = try JSONSerialization.jsonObject(with: Data(value.serialized().utf8)) as? NSDictionary
        #expect(pretty == compact)
    }
}

func validateJUnit(_ xml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let file = scratchFile("report-\(UUID().uuidString).xml")
    try Data(xml.utf8).write(to: file)
    guard let run = runTool("xmllint", ["--noout", "--schema", Paths.fixtures.appendingPathComponent("junit.xsd").path, file.path]) else {
        toolMissing("xmllint (Debian libxml2-utils) is not installed; JUnit output not validated against the schema")
        return
    }
    #expect(run.status == 0, "xmllint: \(run.output)", sourceLocation: sourceLocation)
}

func validateSARIF(_ json: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    guard pythonHas("jsonschema") else {
        toolMissing("python3 with jsonschema is not available; SARIF output not validated")
        return
    }
    let file = scratchFile("report-\(UUID().uuidString).sarif")
    try Data(json.utf8).write(to: file)
    let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        doc = json.load(open(sys.argv[2]))
        jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
        print("valid")
        """
    let run = try #require(runTool("python3", ["-c", script, Paths.fixtures.appendingPathComponent("sarif-2.1.0-subset.schema.json").path, file.path]))
    #expect(run.status == 0 && run.output.contains("valid"), "jsonschema: \(run.output)", sourceLocation: sourceLocation)
}
