import Foundation
import Testing
import _ChipcheckTestSupport

/// `chipcheck check --model ucie-adapter` through the real binary (built by `swift test`).
@Suite struct UCIeCLITests {
    @Test("P1: deadlock, exit 10, a two-step trace naming the dies and the VC")
    func p1() throws {
        let run = try Chipcheck.run(["check", "--model", "ucie-adapter", "--param", "config=p1", "--json"])
        #expect(run.status == 10)
        #expect(run.json["verdict"] as? String == "deadlock")
        #expect(run.json["property"] as? String == "deadlock-freedom")
        let trace = try #require(run.json["trace"] as? [[String: Any]])
        #expect(trace.count == 3)  // the initial state and 2 steps
        #expect(trace.dropFirst().map { $0["rule"] as? String } == ["die0.issueRequest(VC0)", "die1.issueRequest(VC0)"])
    }

    @Test("P5: violation of exactly-once delivery, exit 11, on 2 threads")
    func p5() throws {
        let run = try Chipcheck.run([
            "check", "--model", "ucie-adapter", "--param", "config=p5", "--threads", "2", "--json",
        ])
        #expect(run.status == 11)
        #expect(run.json["property"] as? String == "exactly-once in-order delivery")
        #expect((run.json["trace"] as? [Any])?.count == 11)
    }

    @Test("P3's fix holds: exit 0 and the exact counts")
    func p3Fix() throws {
        let run = try Chipcheck.run(["check", "--model", "ucie-adapter", "--param", "config=p3-fix", "--json"])
        #expect(run.status == 0)
        #expect(run.json["verdict"] as? String == "holds")
        #expect(run.json["states"] as? Int == 761)
        #expect(run.json["rules_fired"] as? Int == 3324)
    }

    @Test("a parameter overrides the named configuration: P1's fix with a shared VC deadlocks")
    func override() throws {
        let run = try Chipcheck.run([
            "check", "--model", "ucie-adapter", "--param", "config=p1-fix", "--param", "mapping=shared",
            "--param", "credits=1", "--param", "outstanding=1",
        ])
        #expect(run.status == 10)
        #expect(run.stdout.contains("verdict: deadlock"))
    }

    @Test("bad parameters are usage errors that say what was expected")
    func badParameters() throws {
        let config = try Chipcheck.run(["check", "--model", "ucie-adapter", "--param", "config=p7"])
        #expect(config.status == 64)
        #expect(config.stderr.contains("parameter 'config' of model 'ucie-adapter' must be one of"))
        let faults = try Chipcheck.run(["check", "--model", "ucie-adapter", "--param", "config=p1", "--param", "faults=1"])
        #expect(faults.status == 64)
        #expect(faults.stderr.contains("faults need retry"))
    }
}
