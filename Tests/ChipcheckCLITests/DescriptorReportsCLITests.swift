import Foundation
import Testing
import _ChipcheckTestSupport

/// SARIF related locations at the descriptor settings, CI reports from `validate`, `describe`
/// naming each link's model, and byte-identical output across runs and thread counts.
@Suite struct DescriptorReportsCLITests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descriptor-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a deadlock's SARIF result points at the credit parameters and the vcMap entries, each at its line")
    func relatedLocations() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("r.sarif").path
        let run = try Chipcheck.run(["check", "Specs/integrations/designs/ucie-shared-vc.designcfg.xml", "--sarif", sarif])
        #expect(run.status == 10)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))) as? [String: Any]
        let runs = try #require(object?["runs"] as? [[String: Any]])
        let result = try #require((runs[0]["results"] as? [[String: Any]])?.first)
        let related = try #require(result["relatedLocations"] as? [[String: Any]])
        let rendered = related.map { r -> String in
            let physical = r["physicalLocation"] as? [String: Any]
            let uri = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String ?? "?"
            let region = physical?["region"] as? [String: Any]
            let text = (r["message"] as? [String: Any])?["text"] as? String ?? "?"
            return "\(uri):\(region?["startLine"] as? Int ?? 0):\(region?["startColumn"] as? Int ?? 0) \(text)"
        }
        #expect(rendered.contains("Specs/integrations/components/host_cpu.1.0.xml:25:11 cpu0.d2d0 CREDITS_PER_VC = 1"))
        #expect(rendered.contains("Specs/integrations/components/host_cpu.1.0.xml:29:11 cpu0.d2d0 RX_BUFFER_DEPTH = 1"))
        #expect(rendered.contains { $0.hasPrefix("Specs/integrations/components/accel_xpu.1.0.xml:") && $0.hasSuffix(" xpu0.d2d0 CREDITS_PER_VC = 1") })
        #expect((related.map { $0["id"] as? Int }) == Array(0..<related.count))
    }

    @Test("validate writes JUnit and SARIF: one failed case per error at its location, a clean file one passed case")
    func validateReports() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.xml")
        try Data("<?xml version=\"1.0\"?>\n<ipxact:component xmlns:ipxact=\"http://www.accellera.org/XMLSchema/IPXACT/1685-2014\">\n  <ipxact:vendor>v</ipxact:vendor>\n</ipxact:component>\n".utf8).write(to: bad)
        let junit = folder.appendingPathComponent("r.xml").path
        let sarif = folder.appendingPathComponent("r.sarif").path
        let good = "Specs/integrations/designs/ucie-shared-vc.designcfg.xml"
        let run = try Chipcheck.run(["validate", good, bad.path, "--junit", junit, "--sarif", sarif])
        #expect(run.status == 65)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(!errors.isEmpty)
        #expect(xml.contains("tests=\"\(errors.count + 1)\""))
        #expect(xml.contains("failures=\"\(errors.count)\""))
        let text = try String(contentsOfFile: sarif, encoding: .utf8)
        #expect(text.contains("\"ruleId\": \"CC-DESCRIPTOR\""))
        #expect(text.contains(bad.path.replacingOccurrences(of: "/", with: "\\/")) || text.contains(bad.path))
    }

    @Test("a schema error in a component does not make later messages name the wrong instance")
    func brokenComponentKeepsItsInstance() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = Chipcheck.packageRoot.appendingPathComponent("Specs/integrations")
        for sub in ["components", "designs"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let host = try String(contentsOf: root.appendingPathComponent("components/host_cpu.1.0.xml"), encoding: .utf8)
        try Data(host.replacingOccurrences(of: "<ipxact:busInterfaces>", with: "<ipxact:bogus/><ipxact:busInterfaces>").utf8)
            .write(to: folder.appendingPathComponent("components/host_cpu.1.0.xml"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("components/accel_xpu.1.0.xml"), to: folder.appendingPathComponent("components/accel_xpu.1.0.xml"))
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("designs/ucie-shared-vc.design.xml"), to: folder.appendingPathComponent("designs/d.design.xml"))
        let configuration = try String(contentsOf: root.appendingPathComponent("designs/ucie-shared-vc.designcfg.xml"), encoding: .utf8)
        let config = folder.appendingPathComponent("designs/d.designcfg.xml")
        try Data(configuration.replacingOccurrences(of: "<cv:workload", with: "<cv:agents instance=\"cpu0\" cachingAgents=\"2\"/><cv:workload").utf8)
            .write(to: config)
        let run = try Chipcheck.run(["validate", config.path])
        #expect(run.status == 65)
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("components/host_cpu.1.0.xml:8:3: error[IPX100]: Element 'ipxact:bogus'") == true)
        #expect(!run.stderr.contains("did you mean 'xpu0'"))
    }

    @Test("describe ends with a newline and names each link's model and parameters")
    func describe() throws {
        let run = try Chipcheck.run(["describe", "Specs/integrations/designs/ucie-shared-vc.designcfg.xml"])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\n"))
        #expect(
            run.stdout.contains(
                "  links:\n    cpu0.d2d0 — xpu0.d2d0 at Specs/integrations/designs/ucie-shared-vc.design.xml:31:5: model ucie-adapter (vcs=VC0 (REQ RSP), credits=VC0 1/1, outstanding=1, requesters=both, credit-return=both, credit-flit-costs=off, classes=streaming, retry=off)\n"
            ))
    }

    @Test("models lists each seeded bug under the parameter that selects it")
    func seededBugSwitches() throws {
        let run = try Chipcheck.run(["models"])
        #expect(run.stdout.contains("    seeded bugs: --param config=p1, --param config=p1-hol,"))
        #expect(!run.stdout.contains("--param bug=p1-hol"))
        let p1 = try Chipcheck.run(["check", "--model", "ucie-adapter", "--param", "config=p1"])
        #expect(p1.status == 10)
    }

    @Test("the same bytes on every run and thread count: text (without the timing line), JSON figures, SARIF")
    func deterministic() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var texts: [String] = []
        var sarifs: [Data] = []
        for (k, threads) in ["1", "2", "1", "2"].enumerated() {
            let sarif = folder.appendingPathComponent("r\(k).sarif").path
            let run = try Chipcheck.run([
                "check", "Specs/integrations/designs/package-two-links.designcfg.xml", "--threads", threads, "--sarif", sarif,
                "--no-trap-check",
            ])
            #expect(run.status == 0)
            texts.append(run.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("time: ") }.joined(separator: "\n"))
            sarifs.append(try Data(contentsOf: URL(fileURLWithPath: sarif)))
        }
        #expect(Set(texts).count == 1)
        #expect(Set(sarifs).count == 1)
        #expect(texts[0].contains("note: "))
    }
}
