import Foundation
import Testing
import _ChipcheckTestSupport

/// Every shipped integration under `Specs/integrations/designs/` gives the verdict its design
/// configuration records in `cv:expect`, through the real binary, with the documented exit code.
@Suite struct SpecsTests {
    static let designs: [String] = {
        let folder = Chipcheck.packageRoot.appendingPathComponent("Specs/integrations/designs")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".designcfg.xml") }.sorted().map { "Specs/integrations/designs/\($0)" }
    }()

    @Test("fifteen integrations ship: safe ones and one per seeded bug")
    func inventory() {
        #expect(Self.designs.count == 15)
    }

    @Test("each integration gives its recorded verdict", arguments: designs)
    func recordedVerdict(_ path: String) throws {
        let run = try Chipcheck.run(["check", path, "--json"])
        let json = run.json
        #expect(json["expectation_met"] as? Bool == true, "\(path): \(run.stdout.prefix(400)) \(run.stderr)")
        let codes = ["holds": 0, "deadlock": 10, "violation": 11, "trap": 12]
        #expect(codes[json["verdict"] as? String ?? ""].map(Int32.init) == run.status)
    }

    @Test("with the fingerprint store every integration gives the same verdict, counts and counterexample length (a trap is out of its reach)", arguments: designs)
    func fingerprintStore(_ path: String) throws {
        let exact = try Chipcheck.run(["check", path, "--json"]).json
        let printed = try Chipcheck.run(["check", path, "--store", "fingerprint", "--no-trap-check", "--json"]).json
        let verdict = exact["verdict"] as? String
        #expect(printed["verdict"] as? String == (verdict == "trap" ? "holds" : verdict), "\(path)")
        #expect(printed["expectation_met"] as? Bool == (verdict != "trap"), "\(path)")
        guard verdict != "trap" else { return }
        // A search that stops early stops after the round holding the bad state; with several
        // threads the fingerprint store orders a level differently, so only full counts compare.
        if verdict == "holds" { #expect(printed["states"] as? Int == exact["states"] as? Int, "\(path)") }
        #expect(printed["property"] as? String == exact["property"] as? String, "\(path)")
        let exactTrace = exact["trace"] as? [[String: Any]] ?? []
        let printedTrace = printed["trace"] as? [[String: Any]] ?? []
        #expect(printedTrace.count == exactTrace.count, "\(path)")
        // Descriptor names survive the replay: the first step is the same, named the same way.
        #expect(printedTrace.dropFirst().first?["rule"] as? String == exactTrace.dropFirst().first?["rule"] as? String, "\(path)")
        if verdict == "holds" { #expect(printed["omission_probability"] is Double, "\(path)") }
    }

    @Test("the safe CXL integration: exact counts, abstraction notes, descriptor names")
    func safeUCIe() throws {
        let run = try Chipcheck.run(["check", "Specs/integrations/designs/ucie-cxl-safe.designcfg.xml", "--json"])
        #expect(run.status == 0)
        #expect(run.json["states"] as? Int == 1789)
        #expect(run.json["rules_fired"] as? Int == 8626)
        #expect(run.json["link"] as? String == "cpu0.d2d0 — xpu0.d2d0")
        let links = try #require(run.json["links"] as? [[String: Any]])
        let notes = links.first?["notes"] as? [String] ?? []
        #expect(notes.contains("xpu0.d2d0 VC0: 32 credits modelled as 3 (at most 2 messages ever occupy it)"))
        #expect((links.first?["location"] as? String)?.hasSuffix("ucie-cxl-safe.design.xml:19:5") == true)
    }

    @Test("a counterexample names instances and interfaces as the descriptor does")
    func descriptorNames() throws {
        let run = try Chipcheck.run(["check", "Specs/integrations/designs/ucie-shared-vc.designcfg.xml"])
        #expect(run.status == 10)
        #expect(run.stdout.contains("  1  cpu0.d2d0.issueRequest(VC0)"))
        #expect(run.stdout.contains("       xpu0.d2d0.rx.vc0.slot0: - -> Req"))
        #expect(run.stdout.contains("link cpu0.d2d0 — xpu0.d2d0 at Specs/integrations/designs/ucie-shared-vc.design.xml:31:5"))
        let c2c = try Chipcheck.run(["check", "Specs/integrations/designs/c2c-p9b.designcfg.xml"])
        #expect(c2c.status == 11)
        #expect(c2c.stdout.contains("cpu0.rn0.line0.state"))
        #expect(c2c.stdout.contains("gpu0.hn."))
    }

    @Test("SARIF points at the interconnection's line in the design")
    func sarifLocation() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Chipcheck.run(["check", "Specs/integrations/designs/ucie-piggyback-credits.designcfg.xml", "--sarif", file.path])
        #expect(run.status == 10)
        let sarif = try String(contentsOf: file, encoding: .utf8)
        #expect(sarif.contains("ucie-piggyback-credits.design.xml"))
        #expect(sarif.contains("\"startLine\": 31"))
    }

    @Test("a design whose link the models cannot represent is bad input with a located message")
    func unsupportedLink() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-specs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("designs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = Chipcheck.packageRoot.appendingPathComponent("Specs/integrations")
        try FileManager.default.copyItem(at: root.appendingPathComponent("components"), to: dir.appendingPathComponent("components"))
        for suffix in ["design.xml", "designcfg.xml"] {
            var text = try String(contentsOf: root.appendingPathComponent("designs/ucie-cxl-safe.\(suffix)"), encoding: .utf8)
            // 9 outstanding requests per die: beyond what the model takes.
            text = text.replacingOccurrences(of: "maxOutstandingPerAgent=\"2\"", with: "maxOutstandingPerAgent=\"9\"")
            try text.write(to: dir.appendingPathComponent("designs/ucie-cxl-safe.\(suffix)"), atomically: true, encoding: .utf8)
        }
        let run = try Chipcheck.run(["check", dir.appendingPathComponent("designs/ucie-cxl-safe.designcfg.xml").path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("error[MAP001]"))
        #expect(run.stderr.contains("maxOutstandingPerAgent=9; the model takes 1...7 outstanding requests per die"))
    }
}
