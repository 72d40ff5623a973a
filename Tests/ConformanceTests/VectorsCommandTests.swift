import Foundation
import Testing
import _ChipcheckTestSupport

private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-vectors-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private let schemas = Chipcheck.packageRoot.appendingPathComponent("Tests/ReportsTests/Fixtures")

private func tool(_ name: String, _ arguments: [String]) -> (Int32, String)? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { String($0) + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    guard (try? p.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `chipcheck vectors run` through the real binary.
@Suite struct VectorsCommandTests {
    @Test("every shipped vector passes; the summary is the last line")
    func shippedVectorsPass() throws {
        let run = try Chipcheck.run(["vectors", "run", "Vectors/"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let files = try FileManager.default.subpathsOfDirectory(atPath: Chipcheck.packageRoot.appendingPathComponent("Vectors").path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".signals.json") }
        #expect(lines.last.map(String.init) == "\(files.count) passed, 0 failed")
        #expect(files.count >= 36 + 7 + 10)
    }

    @Test("a corrupted copy of a vector fails loudly with exit 13, naming the case and the difference")
    func corruptedVector() throws {
        let folder = try temporaryFolder()
        let source = Chipcheck.packageRoot.appendingPathComponent("Vectors/engine/german-2-holds.json")
        let text = try String(contentsOf: source, encoding: .utf8).replacingOccurrences(of: "43422", with: "43421")
        try Data(text.utf8).write(to: folder.appendingPathComponent("german-2-holds.json"))
        let trace = Chipcheck.packageRoot.appendingPathComponent("Vectors/traces/trace-retry-window-full.json")
        let traceText = try String(contentsOf: trace, encoding: .utf8)
            .replacingOccurrences(of: "\"data/", with: "\"\(Chipcheck.packageRoot.path)/Vectors/traces/data/")
            .replacingOccurrences(of: "\"first_bad_event\": 4", with: "\"first_bad_event\": 3")
        try Data(traceText.utf8).write(to: folder.appendingPathComponent("trace-retry-window-full.json"))
        let run = try Chipcheck.run(["vectors", "run", folder.path, "--junit", folder.appendingPathComponent("r.xml").path,
                                     "--sarif", folder.appendingPathComponent("r.sarif").path])
        #expect(run.status == 13)
        #expect(run.stdout.contains("FAIL german-2-holds ("))
        #expect(run.stdout.contains("states: expected 43421, got 43422"))
        #expect(run.stdout.contains("FAIL trace-retry-window-full ("))
        #expect(run.stdout.contains("expected the first bad event to be 3, but it is event 4"))
        #expect(run.stdout.hasSuffix("0 passed, 2 failed\n"))

        // The CI reports of the failing run validate.
        if let (status, output) = tool("xmllint", ["--noout", "--schema", schemas.appendingPathComponent("junit.xsd").path,
                                                  folder.appendingPathComponent("r.xml").path]) {
            #expect(status == 0, "\(output)")
        } else {
            toolMissing("xmllint not installed")
        }
        let script = """
            import json, sys, jsonschema
            jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), format_checker=jsonschema.FormatChecker())
            """
        if tool("python3", ["-c", "import jsonschema"])?.0 == 0 {
            let result = tool("python3", ["-c", script, schemas.appendingPathComponent("sarif-2.1.0-subset.schema.json").path,
                                          folder.appendingPathComponent("r.sarif").path])
            #expect(result?.0 == 0, "\(result?.1 ?? "")")
        } else {
            toolMissing("python3 jsonschema not available")
        }
        let sarif = try String(contentsOf: folder.appendingPathComponent("r.sarif"), encoding: .utf8)
        // The trace failure points at the line of the event the monitor flagged.
        #expect(sarif.contains("data/trace-retry-window-full.jsonl"))
        #expect(sarif.contains("\"startLine\": 5"))
    }

    @Test("an unreadable or invalid vector file is exit 65 with the file and what is wrong")
    func invalidVector() throws {
        let folder = try temporaryFolder()
        try Data("{\"id\": \"bad\", \"kind\": \"verdict\", \"summary\": \"s\", \"model\": \"german\", \"expcet\": {}}".utf8)
            .write(to: folder.appendingPathComponent("bad.json"))
        try Data("{ not json".utf8).write(to: folder.appendingPathComponent("broken.json"))
        let run = try Chipcheck.run(["vectors", "run", folder.path])
        #expect(run.status == 65)
        #expect(run.stdout.contains("bad.json:1: unknown key 'expcet'; did you mean 'expect'?"))
        #expect(run.stdout.contains("broken.json:1: not valid JSON"))
        #expect(run.stdout.hasSuffix("0 passed, 2 failed\n"))
    }

    @Test("a descriptor verdict vector runs the design: exact counts pass, a wrong count fails, a missing design is invalid")
    func descriptorVector() throws {
        let passing = try Chipcheck.run(["vectors", "run", "Vectors/ucie/verdict/ucie-shared-vc-design-001.json"])
        #expect(passing.status == 0)
        #expect(passing.stdout == "1 passed, 0 failed\n")
        let folder = try temporaryFolder()
        try Data("""
            {"id": "d", "kind": "verdict", "summary": "s", "descriptor": "Specs/integrations/designs/ucie-shared-vc.designcfg.xml", "expect": {"verdict": "deadlock", "states": 7}}
            """.utf8).write(to: folder.appendingPathComponent("d.json"))
        let wrong = try Chipcheck.run(["vectors", "run", folder.path])
        #expect(wrong.status == 13)
        #expect(wrong.stdout.contains("states: expected 7, got 6"))
        try Data("""
            {"id": "d", "kind": "verdict", "summary": "s", "descriptor": "Specs/no-such-design.xml", "expect": {"verdict": "holds"}}
            """.utf8).write(to: folder.appendingPathComponent("d.json"))
        let missing = try Chipcheck.run(["vectors", "run", folder.path])
        #expect(missing.status == 65)
        #expect(missing.stdout.contains("Specs/no-such-design.xml"))
    }

    @Test("without its default folder, vectors run is a usage error (64), as documented")
    func missingDefaultFolder() throws {
        let folder = try temporaryFolder()
        let run = try Chipcheck.run(["vectors", "run", folder.appendingPathComponent("Vectors").path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no such file or folder"))
    }

    @Test("--filter picks cases by path or id; a filter matching nothing is a usage error")
    func filter() throws {
        let run = try Chipcheck.run(["vectors", "run", "--filter", "credit-link"])
        #expect(run.status == 0)
        #expect(run.stdout == "5 passed, 0 failed\n")
        let none = try Chipcheck.run(["vectors", "run", "--filter", "no-such-vector"])
        #expect(none.status == 64)
    }

    @Test("check writes JUnit, SARIF, VCD and both chart forms")
    func checkOutputs() throws {
        let folder = try temporaryFolder()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let run = try Chipcheck.run([
            "check", "--model", "german", "--param", "clients=2", "--param", "bug=gnte-without-acks",
            "--junit", path("c.xml"), "--sarif", path("c.sarif"), "--trace-vcd", path("c.vcd"),
            "--trace-msc", path("c.svg"), "--trace-msc", path("c.mmd"),
        ])
        #expect(run.status == 11)
        for name in ["c.xml", "c.sarif", "c.vcd", "c.svg", "c.mmd"] {
            #expect(FileManager.default.fileExists(atPath: path(name)), "\(name)")
        }
        #expect(try String(contentsOfFile: path("c.sarif"), encoding: .utf8).contains("\"ruleId\": \"CC-INVARIANT\""))
        let bad = try Chipcheck.run(["check", "--model", "livelock", "--trace-msc", path("c.png")])
        #expect(bad.status == 64)
    }
}
