import Foundation
import Testing
import _ChipcheckTestSupport

/// `check --expectations`, per-link `cv:expect`, per-link waveforms, and the CI reports of
/// descriptor errors, through the real binary.
@Suite struct ExpectationsCLITests {
    /// Every shipped design configuration, and why any is left out.
    static let shippedDesigns: [String] = {
        let folder = Chipcheck.packageRoot.appendingPathComponent("Specs/integrations/designs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".designcfg.xml") }.sorted().map { "Specs/integrations/designs/" + $0 }
    }()
    // Left out: Specs/examples/1685-2014/designs/cpu_xpu_pkg.designcfg.1.0.xml and
    // Specs/examples/1685-2022/cpu_xpu_pkg.design.1.0.xml. Their C2C link (16 caching agents,
    // 15 L-credits) runs out of budget today: minutes and many gigabytes to `incomplete`, so no
    // expectation can be met yet (the reductions issue tracks it).

    @Test("the expectation mode passes every shipped integration design", arguments: shippedDesigns)
    func shipped(_ path: String) throws {
        let run = try Chipcheck.run(["check", "--expectations", path, "--json"])
        #expect(run.status == 0, "\(path): \(run.stderr)")
        #expect(run.json["expectations_met"] as? Bool == true)
    }

    @Test("fifteen integration designs are shipped and all are run")
    func shippedCount() {
        #expect(Self.shippedDesigns.count == 15)
    }

    /// A package with two failing links: a shared-VC UCIe link and a C2C link with the P1 defect.
    func twoBadLinks(expect: String) throws -> (folder: URL, config: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("expect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let design = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ipxact:design xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014">
              <ipxact:vendor>test.example</ipxact:vendor>
              <ipxact:library>t</ipxact:library>
              <ipxact:name>two-bad.design</ipxact:name>
              <ipxact:version>1.0</ipxact:version>
              <ipxact:componentInstances>
                <ipxact:componentInstance>
                  <ipxact:instanceName>cpu0</ipxact:instanceName>
                  <ipxact:componentRef vendor="acme.example" library="chiplets" name="host_cpu" version="1.0">
                    <ipxact:configurableElementValues>
                      <ipxact:configurableElementValue referenceId="D2D_VC_COUNT">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="D2D_CREDITS_PER_VC">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="D2D_RX_BUFFER_DEPTH">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_REQ_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_RSP_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_SNP_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_DAT_LCREDITS">1</ipxact:configurableElementValue>
                    </ipxact:configurableElementValues>
                  </ipxact:componentRef>
                </ipxact:componentInstance>
                <ipxact:componentInstance>
                  <ipxact:instanceName>xpu0</ipxact:instanceName>
                  <ipxact:componentRef vendor="acme.example" library="chiplets" name="accel_xpu" version="1.0">
                    <ipxact:configurableElementValues>
                      <ipxact:configurableElementValue referenceId="D2D_VC_COUNT">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="D2D_CREDITS_PER_VC">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="D2D_RX_BUFFER_DEPTH">1</ipxact:configurableElementValue>
                    </ipxact:configurableElementValues>
                  </ipxact:componentRef>
                </ipxact:componentInstance>
                <ipxact:componentInstance>
                  <ipxact:instanceName>gpu0</ipxact:instanceName>
                  <ipxact:componentRef vendor="acme.example" library="chiplets" name="gpu_xpu" version="1.0">
                    <ipxact:configurableElementValues>
                      <ipxact:configurableElementValue referenceId="C2C_REQ_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_RSP_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_SNP_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_DAT_LCREDITS">1</ipxact:configurableElementValue>
                      <ipxact:configurableElementValue referenceId="C2C_KNOWN_DEFECT">"p1"</ipxact:configurableElementValue>
                    </ipxact:configurableElementValues>
                  </ipxact:componentRef>
                </ipxact:componentInstance>
              </ipxact:componentInstances>
              <ipxact:interconnections>
                <ipxact:interconnection>
                  <ipxact:name>d2d</ipxact:name>
                  <ipxact:activeInterface componentRef="cpu0" busRef="d2d0"/>
                  <ipxact:activeInterface componentRef="xpu0" busRef="d2d0"/>
                </ipxact:interconnection>
                <ipxact:interconnection>
                  <ipxact:name>c2c</ipxact:name>
                  <ipxact:activeInterface componentRef="cpu0" busRef="c2c0"/>
                  <ipxact:activeInterface componentRef="gpu0" busRef="c2c0"/>
                </ipxact:interconnection>
              </ipxact:interconnections>
            </ipxact:design>

            """
        let configuration = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ipxact:designConfiguration xmlns:ipxact="http://www.accellera.org/XMLSchema/IPXACT/1685-2014"
                                        xmlns:cv="http://chipcheck.example/XMLSchema/cv-ext/1.0">
              <ipxact:vendor>test.example</ipxact:vendor>
              <ipxact:library>t</ipxact:library>
              <ipxact:name>two-bad.designcfg</ipxact:name>
              <ipxact:version>1.0</ipxact:version>
              <ipxact:designRef vendor="test.example" library="t" name="two-bad.design" version="1.0"/>
              <ipxact:vendorExtensions>
                <cv:verification>
                  <cv:check property="deadlockFreedom"/>
                  <cv:workload maxOutstandingPerAgent="1" addresses="1"/>
            \(expect)
                </cv:verification>
              </ipxact:vendorExtensions>
            </ipxact:designConfiguration>

            """
        try Data(design.utf8).write(to: folder.appendingPathComponent("two-bad.design.xml"))
        let config = folder.appendingPathComponent("two-bad.designcfg.xml")
        try Data(configuration.utf8).write(to: config)
        return (folder, config.path)
    }

    func check(_ config: String, _ extra: [String]) throws -> BinaryRun {
        try Chipcheck.run(["check", config, "--search-path", "Specs/integrations", "--search-path", (config as NSString).deletingLastPathComponent] + extra)
    }

    @Test("per-link cv:expect: both deadlocks expected, exit 0 in the expectation mode and JUnit passes both; 10 without it")
    func perLink() throws {
        let (folder, config) = try twoBadLinks(expect: """
                  <cv:expect verdict="deadlock" link="xpu0.d2d0"/>
                  <cv:expect verdict="deadlock" link="cpu0.c2c0"/>
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("r.xml").path
        let met = try check(config, ["--expectations", "--junit", junit])
        #expect(met.status == 0, "\(met.stderr)")
        #expect(met.stdout.contains("expected for this link: deadlock — met\n"))
        #expect(met.stdout.hasSuffix("\nexpectations: every link got what was expected\n"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("tests=\"2\""))
        #expect(xml.contains("failures=\"0\""))
        let plain = try check(config, [])
        #expect(plain.status == 10)
    }

    @Test("an expectation not met is exit 13; the link that missed it is named in JUnit")
    func notMet() throws {
        let (folder, config) = try twoBadLinks(expect: """
                  <cv:expect verdict="deadlock" link="xpu0.d2d0"/>
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("r.xml").path
        let run = try check(config, ["--expectations", "--junit", junit, "--json"])
        #expect(run.status == 13)
        #expect(run.json["expectations_met"] as? Bool == false)
        let links = try #require(run.json["links"] as? [[String: Any]])
        #expect(links.map { $0["expectation_met"] as? Bool } == [true, false])
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("cpu0.c2c0 — gpu0.c2c0: expected holds, got deadlock"))
    }

    @Test("a cv:expect naming no link is a located error, exit 65, in SARIF too")
    func unknownLink() throws {
        let (folder, config) = try twoBadLinks(expect: """
                  <cv:expect verdict="deadlock" link="xpu9.d2d0"/>
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("r.sarif").path
        let run = try check(config, ["--sarif", sarif])
        #expect(run.status == 65)
        #expect(
            run.stderr == "\(config):13:7: error[MAP003]: cv:expect link=\"xpu9.d2d0\" names no link of the design"
                + " — name one end as instance.busInterface: cpu0.d2d0, xpu0.d2d0, cpu0.c2c0, gpu0.c2c0\n")
        let text = try String(contentsOfFile: sarif, encoding: .utf8)
        #expect(text.contains("\"ruleId\": \"CC-DESCRIPTOR\""))
        #expect(text.contains("\"startLine\": 13"))
    }

    @Test("every failing link gets its own waveform, chart and graph, the link's name in the file name")
    func perLinkFiles() throws {
        let (folder, config) = try twoBadLinks(expect: "")
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let run = try check(config, ["--trace-vcd", path("t.vcd"), "--trace-msc", path("t.mmd"), "--explain-dot", path("w.dot")])
        #expect(run.status == 10)
        for name in [
            "t.cpu0.d2d0_xpu0.d2d0.vcd", "t.cpu0.c2c0_gpu0.c2c0.vcd", "t.cpu0.d2d0_xpu0.d2d0.mmd", "t.cpu0.c2c0_gpu0.c2c0.mmd",
            "w.cpu0.d2d0_xpu0.d2d0.dot", "w.cpu0.c2c0_gpu0.c2c0.dot",
        ] {
            #expect(FileManager.default.fileExists(atPath: path(name)), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: path("t.vcd")))
        let dot = try String(contentsOfFile: path("w.cpu0.c2c0_gpu0.c2c0.dot"), encoding: .utf8)
        #expect(dot.contains("label=\"cpu0.c2c0 — gpu0.c2c0\";"))
    }
}
