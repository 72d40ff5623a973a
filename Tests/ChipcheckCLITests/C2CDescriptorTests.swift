import Foundation
import Testing
import _ChipcheckTestSupport

/// `chi:c2c` designs through the real binary: each channel's credits come from its receiving
/// end, agents are modelled or refused, and every refusal is located, by `check` and
/// `validate` alike. Fixtures: `Tests/ChipcheckCLITests/Fixtures/c2c`.
@Suite struct C2CDescriptorTests {
    static let folder = "Tests/ChipcheckCLITests/Fixtures/c2c/designs"

    func check(_ name: String, _ extra: [String] = []) throws -> BinaryRun {
        try Chipcheck.run(["check", "\(Self.folder)/\(name).xml"] + extra)
    }

    @Test("asymmetric ends: each direction takes its receiver's credits, clamped per channel; the same counts as the model with those --param values",
          arguments: [
            // One caching agent, one line: the home grants 15 everywhere, so gpu→cpu REQ is
            // modelled with 2, RSP and DAT with 3 (their workload bounds + 1); cpu→gpu keeps 1.
            ("home-grants-15.design", ["req-credits=2", "rsp-credits-gpu-cpu=3", "dat-credits-gpu-cpu=3"], 154_756),
            // The requester grants 15: cpu→gpu RSP, DAT and SNP are modelled with 2 each.
            ("requester-grants-15.design", ["rsp-credits-cpu-gpu=2", "dat-credits-cpu-gpu=2", "snp-credits=2"], 65_422),
            ("home-req-2.design", ["req-credits=2"], 20_808),
            ("symmetric.design", [], 11_962),
          ])
    func asymmetricEnds(design: String, parameters: [String], states: Int) throws {
        let run = try check(design, ["--json", "--no-trap-check"])
        #expect(run.status == 0)
        #expect(run.json["states"] as? Int == states)
        let links = try #require(run.json["links"] as? [[String: Any]])
        let planned = links.first?["parameters"] as? [String: String] ?? [:]
        for p in parameters {
            let pair = p.split(separator: "=").map(String.init)
            #expect(planned[pair[0]] == pair[1], "\(design): \(p)")
        }
        let model = try Chipcheck.run(
            ["check", "--model", "c2c", "--param", "rn=1", "--json", "--no-trap-check"] + parameters.flatMap { ["--param", $0] })
        #expect(model.json["states"] as? Int == states)
        #expect(model.json["rules_fired"] as? Int == run.json["rules_fired"] as? Int)
    }

    @Test("a clamped channel is noted with the receiving end's parameter and the bound")
    func clampNote() throws {
        let run = try check("home-grants-15.design", ["--json", "--no-trap-check"])
        let notes = (run.json["links"] as? [[String: Any]])?.first?["notes"] as? [String] ?? []
        #expect(notes.contains("cpu0.c2c0 REQ_LCREDITS=15: gpu→cpu REQ modelled with 2 (at most 1 flit ever occupy it)"))
        #expect(notes.contains("cpu0.c2c0 RSP_LCREDITS=15: gpu→cpu RSP modelled with 3 (at most 2 flits ever occupy it)"))
        #expect(!notes.contains { $0.hasPrefix("xpu0.c2c0") })
    }

    @Test("the coverage sits right under the verdict line, and in the JSON of the link")
    func coverage() throws {
        let text = try check("four-homes-one-modelled.designcfg")
        #expect(text.status == 0)
        #expect(text.stdout.contains(
            "verdict: holds (every reachable state explored; checked: CreditConservation, NoCreditBeforeRun, CreditsHomeAfterDeactivation, SWMR, DataValue, ProtocolCreditConservation, ResponsesSink, DirectoryMatchesCaches, deadlock-freedom, end-state-reachability)\ncovers: 1 of 1 caching agent of xpu0 (declared); 1 of 4 home agents of cpu0 (cv:agents); 1 cache line, 2 data values, one transaction per caching agent, repeated without bound\n"
                + "not explored: cpu0.c2c0 SNP_LCREDITS=1: no snoop travels to the home die (it has no caching agent on this link)\n"
                + "not explored: xpu0.c2c0 REQ_LCREDITS=1: no request travels to the requester die (its homes are not on this link)\n"
                + "not explored: RETRY_BUFFER_FLITS (xpu0.c2c0 64, cpu0.c2c0 64): the link is modelled lossless"))
        #expect(text.stdout.contains("  note: xpu0: caching agents modelled as request node rn0\n"))
        #expect(text.stdout.contains("\nexpected: holds — met\n"))

        // 16 declared, 2 modelled by default: the coverage says so, not only a note.
        let json = try check("sixteen-agents.design", ["--json", "--max-states", "10"]).json
        let coverage = try #require((json["links"] as? [[String: Any]])?.first?["coverage"] as? [String: Any])
        #expect((coverage["summary"] as? String)?.hasPrefix("2 of 16 caching agents of xpu0 (default; cv:agents cachingAgents sets 1...4); ") == true)
        let agents = coverage["agents"] as? [[String: Any]] ?? []
        #expect(agents.first?["modelled"] as? Int == 2)
        #expect(agents.first?["declared"] as? Int == 16)
        #expect(coverage["workload"] as? [String: Int] == ["lines": 1, "values": 2, "outstandingPerAgent": 1])

        let none = try check("home-caching-agents-none-modelled.designcfg", ["--json", "--no-trap-check"])
        #expect(none.status == 0)
        let summary = ((none.json["links"] as? [[String: Any]])?.first?["coverage"] as? [String: Any])?["summary"] as? String
        #expect(summary?.contains("0 of 8 caching agents of cpu0 (cv:agents)") == true)
    }

    @Test("settings the model cannot honour are located errors, from check and validate alike", arguments: [
        ("vcmap.design", "Tests/ChipcheckCLITests/Fixtures/c2c/components/home_vcmap.xml:41:9",
         "cv:vcMap on cpu0.c2c0: a chi:c2c link carries the four CHI channels REQ, RSP, SNP and DAT"),
        ("four-homes.design", "\(folder)/four-homes.design.xml:17:11",
         "cpu0 declares 4 home agents; the model has exactly one home"),
        ("home-caching-agents.design", "\(folder)/home-caching-agents.design.xml:17:11",
         "cpu0 declares 8 caching agents on the home die of the link"),
        ("home-caching-agents-two-modelled.designcfg", "\(folder)/home-caching-agents-two-modelled.designcfg.xml:13:7",
         "cv:agents models 2 caching agents of cpu0, the home end (slave) of the link"),
        ("two-defects.design", "\(folder)/two-defects.design.xml:21:11",
         "xpu0.c2c0 has KNOWN_DEFECT=\"p9c\" and cpu0.c2c0 KNOWN_DEFECT=\"p2a\"; the model seeds one defect per run"),
        ("unknown-defect.design", "\(folder)/unknown-defect.design.xml:13:11",
         "KNOWN_DEFECT=\"p7\" on xpu0.c2c0; expected one of \"none\", \"p1\""),
        ("requester-retry.design", "\(folder)/requester-retry.design.xml:13:11",
         "PCRD_RETRY=1 on the requester end xpu0.c2c0 but 0 on the home end cpu0.c2c0"),
        ("fault-budget.designcfg", "\(folder)/fault-budget.designcfg.xml:13:7",
         "FAULT_BUDGET=1 asks for corrupted flits, but the c2c link is modelled lossless"),
    ])
    func refused(design: String, location: String, message: String) throws {
        let prefix = "\(location): error[MAP001]: xpu0.c2c0 — cpu0.c2c0 (chipcheck.example:chi:c2c:1.0): \(message)"
        let checked = try check(design)
        #expect(checked.status == 65)
        #expect(checked.stderr.hasPrefix(prefix), "\(checked.stderr)")
        #expect(checked.stdout.isEmpty)
        let validated = try Chipcheck.run(["validate", "\(Self.folder)/\(design).xml"])
        #expect(validated.status == 65)
        #expect(validated.stderr.hasPrefix(prefix), "\(validated.stderr)")
        #expect(validated.stdout == "\(Self.folder)/\(design).xml: invalid (1 error, 0 warnings)\n")
    }
}
