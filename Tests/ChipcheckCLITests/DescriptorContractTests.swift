import Foundation
import Testing
import _ChipcheckTestSupport

/// Every setting of a descriptor changes what is explored or is refused at its line: through the
/// real binary, on descriptors written for each case.
@Suite struct DescriptorContractTests {
    /// Two dies, two VCs (requests on VC0, responses on VC1), one credit each way, dedicated
    /// credit returns, retry without faults (so a lossless link).
    static func link(credits: Int = 1, vcs: Int = 2) -> UCIeLinkFixture {
        let end: [(String, String)] = [
            ("VC_COUNT", "\(vcs)"), ("CREDITS_PER_VC", "\(credits)"), ("RX_BUFFER_DEPTH", "\(credits)"), ("CREDIT_RETURN", "\"dedicated\""),
        ]
        return UCIeLinkFixture(master: end, slave: end)
    }

    static func check(_ fixture: UCIeLinkFixture, _ extra: [String] = []) throws -> (BinaryRun, String) {
        let (folder, configuration) = try fixture.write()
        defer { try? FileManager.default.removeItem(at: folder) }
        return (try Chipcheck.run(["check", configuration] + extra), folder.path + "/link")
    }

    @Test("a misspelt interface parameter is an error at its line with the name it meant, not a run at the default")
    func typo() throws {
        var fixture = Self.link()
        fixture.slave.append(("CREDIT_RETRUN", "\"piggyback\""))
        let (run, folder) = try Self.check(fixture)
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(folder)/dev.xml:29:9: error[IPX409]: dev0.d2d0: bus definition chipcheck.example:ucie:d2d:1.1 declares no parameter 'CREDIT_RETRUN'"))
        #expect(run.stderr.contains("did you mean 'CREDIT_RETURN'?"))
    }

    @Test("spelt right, the same setting is explored: piggy-backed credits alone strand the responses")
    func typoFixed() throws {
        var fixture = Self.link()
        fixture.master[3] = ("CREDIT_RETURN", "\"piggyback\"")
        fixture.slave[3] = ("CREDIT_RETURN", "\"piggyback\"")
        let (run, _) = try Self.check(fixture, ["--json"])
        #expect(run.status == 10)
        #expect(run.json["verdict"] as? String == "deadlock")
    }

    @Test("a parameter of the user's own is named USER_… and listed as ignored")
    func userParameter() throws {
        var fixture = Self.link()
        fixture.master.append(("USER_FLOORPLAN_SLOT", "3"))
        let (run, _) = try Self.check(fixture)
        #expect(run.status == 0)
        #expect(run.stdout.contains("  note: ignored as the user's own: host0.d2d0.USER_FLOORPLAN_SLOT\n"))
    }

    @Test("a misspelt run parameter of the design configuration is an error with the name it meant")
    func configurationTypo() throws {
        var fixture = Self.link()
        fixture.configurationParameters = [("FAULT_BUGDET", "int", "1")]
        let (run, folder) = try Self.check(fixture)
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(folder)/link.designcfg.xml:11:7: error[MAP001]: design configuration parameter 'FAULT_BUGDET' is read by no model — did you mean 'FAULT_BUDGET'?"))
    }

    @Test("MAX_OUTSTANDING_PER_AGENT sets the workload, and must agree with cv:workload")
    func outstandingTwice() throws {
        var fixture = Self.link()
        fixture.configurationParameters = [("MAX_OUTSTANDING_PER_AGENT", "int", "2")]
        let (run, folder) = try Self.check(fixture)
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(folder)/link.designcfg.xml:11:7: error[MAP001]: MAX_OUTSTANDING_PER_AGENT = 2 but cv:workload maxOutstandingPerAgent = 1"))
        fixture.workload = ""
        let (agreed, _) = try Self.check(fixture)
        #expect(agreed.status == 0)
        #expect(agreed.stdout.contains("; 2 outstanding requests per die"))
    }

    @Test("snoops on the request VC are explored: requests block the snoops their answers need")
    func snoopsOnRequestVC() throws {
        var fixture = Self.link()
        fixture.masterMap = [(0, "REQ SNP"), (1, "RSP")]
        let (run, _) = try Self.check(fixture, ["--json"])
        #expect(run.status == 10)
        #expect(run.json["verdict"] as? String == "deadlock")
        let links = run.json["links"] as? [[String: Any]] ?? []
        #expect((links.first?["parameters"] as? [String: Any])?["vcs"] as? String == "VC0 (REQ SNP), VC1 (RSP)")
    }

    @Test("snoops, responses and data on VCs of their own drain: the design holds")
    func fourClasses() throws {
        var fixture = Self.link(vcs: 4)
        fixture.masterMap = [(0, "REQ"), (1, "SNP"), (2, "RSP"), (3, "DAT")]
        fixture.slaveMap = fixture.masterMap
        let (run, _) = try Self.check(fixture, ["--json"])
        #expect(run.status == 0)
        #expect(run.json["verdict"] as? String == "holds")
        #expect(run.json["states"] as? Int == 2304)
    }

    @Test("the two ends' cv:vcMap must agree: the second is refused at its line")
    func conflictingMaps() throws {
        var fixture = Self.link()
        fixture.masterMap = [(0, "REQ"), (1, "RSP")]
        fixture.slaveMap = [(0, "RSP"), (1, "REQ")]
        let (run, folder) = try Self.check(fixture)
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(folder)/dev.xml:31:9: error[MAP001]"))
        #expect(run.stderr.contains("the ends map message classes differently: host0.d2d0 VC0=REQ VC1=RSP, dev0.d2d0 VC0=RSP VC1=REQ"))
    }

    @Test("a class the model does not carry is refused at its cv:vc entry")
    func streamClass() throws {
        var fixture = Self.link()
        fixture.masterMap = [(0, "REQ RSP"), (1, "STREAM")]
        let (run, folder) = try Self.check(fixture)
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(folder)/host.xml:33:11: error[MAP001]"))
        #expect(run.stderr.contains("class STREAM on VC1 is not modelled by the UCIe adapter model"))
    }

    /// Requests from the master only, one outstanding, requests on VC0 and responses on VC1.
    /// With each end granting one credit the space has 8 states; when the slave grants two on
    /// VC0 (so the master may send two requests' worth before a credit comes back) it has 13
    /// (counted by hand: the master's VC0 credits, the slave's VC0 buffer and the credits it
    /// owes back add the states where a second credit is free or owed).
    @Test("asymmetric ends: each direction's credits are the receiving end's, and the counts follow")
    func asymmetricCredits() throws {
        var fixture = Self.link()
        fixture.configurationParameters = [("REQUESTERS", "string", "\"master\"")]
        let (symmetric, _) = try Self.check(fixture, ["--json"])
        #expect(symmetric.status == 0)
        #expect(symmetric.json["states"] as? Int == 8)
        fixture.slave[1] = ("CREDITS_PER_VC", "2")
        fixture.slave[2] = ("RX_BUFFER_DEPTH", "2")
        let (asymmetric, _) = try Self.check(fixture, ["--json"])
        #expect(asymmetric.status == 0)
        #expect(asymmetric.json["states"] as? Int == 13)
        let links = asymmetric.json["links"] as? [[String: Any]] ?? []
        #expect((links.first?["parameters"] as? [String: Any])?["credits"] as? String == "VC0 2/1, VC1 2/1")
    }

    /// Die 0 alone requests, one outstanding, one credit per VC: its unacknowledged flits are at
    /// most its one message and one dedicated credit flit per VC it returns credits on (2), so
    /// 16-flit buffers are modelled as 4 (never full, never at the window), not as the 2 messages
    /// alone, which credit-return flits would fill.
    @Test("a retry buffer is modelled above everything that can occupy it, credit-return flits included")
    func retryBufferBound() throws {
        var fixture = Self.link()
        fixture.master.append(("RETRY_BUFFER_FLITS", "16"))
        fixture.slave.append(("RETRY_BUFFER_FLITS", "16"))
        fixture.configurationParameters = [("REQUESTERS", "string", "\"master\""), ("FAULT_BUDGET", "int", "1")]
        let (run, _) = try Self.check(fixture, ["--json", "--max-states", "10"])
        #expect(run.status == 20)
        let link = (run.json["links"] as? [[String: Any]])?.first ?? [:]
        let notes = link["notes"] as? [String] ?? []
        #expect(notes.contains("host0.d2d0 retry buffer of 16 flits modelled as 4 (at most 3 flits are ever unacknowledged)"))
        #expect(notes.contains("dev0.d2d0 retry buffer of 16 flits modelled as 4 (at most 3 flits are ever unacknowledged)"))
        #expect((link["parameters"] as? [String: Any])?["window"] as? String == "4/4")
    }

    @Test("a workload no count can hold is an error at its element, never a default")
    func hugeWorkload() throws {
        var fixture = Self.link()
        fixture.workload = "maxOutstandingPerAgent=\"18446744073709551616\""
        let (run, folder) = try Self.check(fixture)
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(folder)/link.designcfg.xml:11:9: error[IPX308]: maxOutstandingPerAgent=\"18446744073709551616\" is not a count chipcheck can use"))
    }

    static let editorDesign = "Tests/IPXACTTests/Fixtures/editor/designs/package.design.xml"

    @Test("a package written by an IP-XACT editor validates: a one-to-many clock tree beside the die-to-die link, usageCount a warning")
    func editorPackage() throws {
        let run = try Chipcheck.run(["validate", Self.editorDesign])
        #expect(run.status == 0)
        #expect(run.stdout == "\(Self.editorDesign): valid (1 warning)\n")
        #expect(run.stderr.contains("Tests/IPXACTTests/Fixtures/editor/components/clkgen.xml:17:5: warning[IPX102]"))
        let strict = try Chipcheck.run(["validate", "--strict", Self.editorDesign])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("clkgen.xml:17:5: error[IPX102]"))
    }

    @Test("the clock tree is listed as not modelled; the die-to-die link is checked")
    func editorPackageCheck() throws {
        let run = try Chipcheck.run(["check", Self.editorDesign])
        #expect(run.status == 0)
        #expect(run.stdout.contains(
            "not modelled: interconnection clock_tree at \(Self.editorDesign):24:5: editor.example:interface:clock:1.0 is not a die-to-die bus (validated as IP-XACT only)\n"))
        #expect(run.stdout.contains("states: 81  rules fired: 234  depth: 8\n"))
    }

    @Test("a holds states what it covers, in text, JSON, SARIF (a result of kind pass) and JUnit")
    func holdsStatesItsBound() throws {
        let design = "Specs/integrations/designs/ucie-cxl-safe.designcfg.xml"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-cover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarif = folder.appendingPathComponent("r.sarif").path
        let junit = folder.appendingPathComponent("r.xml").path
        let covers = "covers: cpu0.d2d0 and xpu0.d2d0 each issue at most 2 outstanding requests, repeated without bound"
        let run = try Chipcheck.run(["check", design, "--sarif", sarif, "--junit", junit])
        #expect(run.status == 0)
        #expect(run.stdout.contains("verdict: holds (every reachable state explored; checked: exactly-once in-order delivery, no uncorrectable retry error (R11), retry buffer within its window, credit conservation, responses always drain, deadlock-freedom, end-state-reachability)\n\(covers)\nnot explored: FLIT_BYTES"))
        let json = try Chipcheck.run(["check", design, "--json"])
        let coverage = ((json.json["links"] as? [[String: Any]])?.first?["coverage"] as? [String: Any]) ?? [:]
        #expect(coverage["summary"] as? String == "cpu0.d2d0 and xpu0.d2d0 each issue at most 2 outstanding requests, repeated without bound")
        #expect((coverage["workload"] as? [String: Any])?["maxOutstandingPerAgent"] as? Int == 2)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))) as? [String: Any]
        let results = ((report?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 1)
        #expect(results.first?["kind"] as? String == "pass")
        #expect(results.first?["level"] as? String == "none")
        #expect(((results.first?["message"] as? [String: Any])?["text"] as? String)?.contains(covers) == true)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<system-out>\(covers)\n"))
    }
}
