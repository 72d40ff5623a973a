import Foundation
import Testing
import _ChipcheckTestSupport

/// `chipcheck check --model c2c` through the real (debug) binary.
@Suite struct C2CCLITests {
    func check(_ parameters: [String], _ extra: [String] = []) throws -> BinaryRun {
        try Chipcheck.run(["check", "--model", "c2c"] + parameters.flatMap { ["--param", $0] } + extra)
    }

    @Test("one RN-F, one value: holds, exit 0, exact counts in JSON")
    func smallestHolds() throws {
        let run = try check(["rn=1", "values=1"], ["--json"])
        #expect(run.status == 0)
        #expect(run.json["verdict"] as? String == "holds")
        #expect(run.json["states"] as? Int == 4649)
        #expect(run.json["rules_fired"] as? Int == 18310)
    }

    @Test("per-channel credits through --param: one RN-F, one value, 2 credits on one channel instance",
          arguments: [
            ("snp-credits=2", 8072), ("req-credits=2", 8096), ("rsp-credits-gpu-cpu=2", 7936), ("rsp-credits-cpu-gpu=2", 8192),
            ("dat-credits-gpu-cpu=2", 7856), ("dat-credits-cpu-gpu=2", 8104),
          ])
    func perChannelCredits(parameter: String, states: Int) throws {
        let run = try check(["rn=1", "values=1", parameter], ["--json"])
        #expect(run.status == 0)
        #expect(run.json["verdict"] as? String == "holds")
        #expect(run.json["states"] as? Int == states)
    }

    @Test("credits= sets every channel a per-channel parameter leaves alone")
    func creditsInherited() throws {
        let run = try check(["rn=1", "values=1", "credits=2", "req-credits=1"], ["--json"])
        #expect(run.status == 0)
        #expect(run.json["states"] as? Int == 76639)
        #expect(run.json["rules_fired"] as? Int == 407_499)
        let bad = try check(["req-credits=16"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("parameter 'req-credits' of model 'c2c' must be an integer in 1...15, got '16'"))
    }

    @Test("P2a: exit 11, the property, and a 6-step trace ending in the early ACK drop")
    func p2a() throws {
        let run = try check(["bug=p2a"], ["--json"])
        #expect(run.status == 11)
        #expect(run.json["property"] as? String == "CreditsHomeAfterDeactivation")
        let trace = try #require(run.json["trace"] as? [[String: Any]])
        #expect(trace.count == 7)
        #expect(trace.last?["rule"] as? String == "link.gpu→cpu.RXLINKACTIVEACK↓")
    }

    @Test("P10b in the text report names the requester, the line and RetryAck")
    func p10bText() throws {
        let run = try check(["bug=p10b"])
        #expect(run.status == 11)
        #expect(run.stdout.contains("ProtocolCreditConservation"))
        #expect(run.stdout.contains("counterexample (12 steps):"))
        #expect(run.stdout.contains("rn1 ← RetryAck(line0)"))
    }

    @Test("P1: deadlock, exit 10, the same trace for one and two threads")
    func p1() throws {
        let one = try check(["bug=p1"], ["--json", "--threads", "1"])
        let two = try check(["bug=p1"], ["--json", "--threads", "2"])
        #expect(one.status == 10 && two.status == 10)
        let rules = { (j: [String: Any]) in (j["trace"] as? [[String: Any]])?.map { $0["rule"] as? String ?? "-" } }
        #expect(rules(one.json)?.count == 18)
        #expect(rules(one.json) == rules(two.json))
    }

    @Test("models lists c2c and its seeded bugs")
    func models() throws {
        let run = try Chipcheck.run(["models"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("c2c — "))
        for bug in ["p1", "p2a", "p9a", "p9b", "p9c", "p10b", "p10d"] { #expect(run.stdout.contains("--param bug=\(bug)")) }
        #expect(run.stdout.contains("--param rsp-credits-cpu-gpu=1...15  (default credits)  L-credits the receiver of cpu→gpu RSP grants"))
        for name in ["req-credits", "rsp-credits-gpu-cpu", "dat-credits-gpu-cpu", "dat-credits-cpu-gpu", "snp-credits"] {
            #expect(run.stdout.contains("--param \(name)=1...15  (default credits)"))
        }
    }

    @Test("bad parameters are usage errors naming what was expected")
    func badParameters() throws {
        let range = try check(["rn=9"])
        #expect(range.status == 64)
        #expect(range.stderr.contains("parameter 'rn' of model 'c2c' must be an integer in 1...4"))
        let bug = try check(["bug=p9"])
        #expect(bug.status == 64)
        #expect(bug.stderr.contains("parameter 'bug' of model 'c2c' must be one of"))
        let needs = try check(["bug=p2a", "deactivate=off"])
        #expect(needs.status == 64)
        #expect(needs.stderr.contains("bug 'p2a' needs deactivate=on"))
    }
}

/// Sizes too slow for a debug build, through `.build/release/chipcheck` (`swift build -c
/// release` first; `.ci/run` does). Skipped on a developer machine without it; in CI a missing
/// release binary fails the suite instead.
@Suite struct C2CReleaseTests {
    static var releaseBinary: URL? {
        let url = Chipcheck.packageRoot.appendingPathComponent(".build/release/chipcheck")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    func run(_ parameters: [String], threads: Int) throws -> [String: Any] {
        let process = Process()
        guard let binary = Self.releaseBinary else {
            Issue.record("no release binary at .build/release/chipcheck: run `swift build -c release` first")
            return [:]
        }
        process.executableURL = binary
        process.arguments = ["check", "--model", "c2c", "--json", "--threads", String(threads)]
            + parameters.flatMap { ["--param", $0] }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    @Test("named configurations at 2 RN-F × 1 line × 2 values, 1 and 2 threads", .enabled(if: releaseBinary != nil || ProcessInfo.processInfo.environment["CI"] == "true"),
          arguments: [
            ("none", "holds", "", 256_570, 0),
            ("p9a", "violation", "DataValue", 92_995, 35),
            ("p10d", "trap", "end-state-reachability", 259_674, 25),
          ])
    func namedConfigurations(bug: String, verdict: String, property: String, states: Int, length: Int) throws {
        for threads in [1, 2] {
            let json = try run(["bug=\(bug)"], threads: threads)
            #expect(json["verdict"] as? String == verdict)
            #expect(json["states"] as? Int == states)
            if !property.isEmpty { #expect(json["property"] as? String == property) }
            let trace = json["trace"] as? [Any]
            #expect((trace?.count ?? 1) - 1 == length)
        }
    }
}
