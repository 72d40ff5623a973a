import Catalog
import Foundation
import LinkSystems
import StateSpace
import Testing
import UCIe
import _ChipcheckTestSupport

private let longTests = ProcessInfo.processInfo.environment["CHIPCHECK_LONG_TESTS"] == "1"

private func model(_ named: UCIeNamedConfiguration) -> UCIeAdapterSystem { UCIeAdapterSystem(named.configuration) }

/// The final state of a counterexample as name → rendered value.
private func finalValues(_ model: UCIeAdapterSystem, _ trace: Counterexample) -> [String: String] {
    Dictionary(uniqueKeysWithValues: model.layout.render(trace.finalState).map { ($0.name, $0.value) })
}

@Suite struct UCIeAdapterFixedTests {
    /// Every fix holds, with the exact state count and rule firings.
    @Test(
        "each bug's fix holds with exact counts",
        arguments: [
            (UCIeNamedConfiguration.p1Fix, 961, 4216, 18),
            (.p2bFix, 30171, 70641, 77),
            (.p3Fix, 761, 3324, 16),
            (.p5Fix, 50123, 117367, 111),
            (.p6Fix, 1161, 2475, 65),
        ])
    func fixHolds(named: UCIeNamedConfiguration, states: Int, fired: Int, depth: Int) {
        #expect(!named.isSeededBug)
        let result = Explorer(model: model(named), options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == states)
        #expect(result.statistics.rulesFired == fired)
        #expect(result.statistics.depth == depth)
    }

    @Test("engine equals the reference explorer on the small fixes", arguments: [
        UCIeNamedConfiguration.p1Fix, .p3Fix, .p6Fix,
    ])
    func fixMatchesReference(named: UCIeNamedConfiguration) {
        let m = model(named)
        let expected = ReferenceExplorer.explore(m)
        #expect(expected.verdict == .holds)
        let result = Explorer(model: m, options: .init(threads: 2)).run()
        #expect(result.statistics.states == expected.states)
        #expect(result.statistics.rulesFired == expected.rulesFired)
    }

    @Test("engine equals the reference explorer on the retry fixes (CHIPCHECK_LONG_TESTS=1)", .enabled(if: longTests),
        arguments: [UCIeNamedConfiguration.p2bFix, .p5Fix, .p6Window])
    func retryFixMatchesReference(named: UCIeNamedConfiguration) {
        let m = model(named)
        let expected = ReferenceExplorer.explore(m)
        #expect(expected.verdict == .holds)
        let result = Explorer(model: m, options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == expected.states)
        #expect(result.statistics.rulesFired == expected.rulesFired)
    }

    /// Finding, not a seeded failure: a window of half the ring or more is harmless on an
    /// in-order link with this receiver (see the adapter documentation).
    @Test("P6 window variant holds (CHIPCHECK_LONG_TESTS=1)", .enabled(if: longTests))
    func windowAtHalfRingHolds() {
        let result = Explorer(model: model(.p6Window), options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 144468)
        #expect(result.statistics.rulesFired == 355054)
    }

    @Test("the CXL.mem-like configuration holds (CHIPCHECK_LONG_TESTS=1)", .enabled(if: longTests))
    func cxlHolds() {
        let result = Explorer(model: model(.cxl), options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 1_967_801)
        #expect(result.statistics.rulesFired == 5_188_912)
    }

    /// The verdict vectors say what the model says.
    @Test("every named configuration has a verdict vector that matches the engine", arguments: UCIeNamedConfiguration.allCases)
    func vector(named: UCIeNamedConfiguration) throws {
        let url = Chipcheck.packageRoot.appendingPathComponent("Vectors/ucie/verdict/ucie-adapter-\(named.rawValue)-001.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(json["model"] as? String == "ucie-adapter")
        #expect((json["parameters"] as? [String: String])?["config"] == named.rawValue)
        let expect = try #require(json["expect"] as? [String: Any])
        // The larger holds are explored by the tests above; here their vectors are compared with
        // the same exact counts.
        let explored = [UCIeNamedConfiguration.p2bFix: 30171, .p5Fix: 50123, .p6Window: 144468, .cxl: 1_967_801]
        if let states = explored[named] {
            #expect(expect["verdict"] as? String == "holds")
            #expect(expect["states"] as? Int == states)
            return
        }
        let result = Explorer(model: model(named), options: .init(threads: 2)).run()
        #expect(expect["verdict"] as? String == result.verdict.rawValue)
        #expect(expect["property"] as? String == result.property)
        #expect(expect["states"] as? Int == result.statistics.states)
        #expect(expect["trace_length"] as? Int == result.counterexample?.steps.count)
    }
}

@Suite struct UCIeAdapterSeededBugTests {
    /// Every seeded bug: verdict, property, exact shortest trace and the states and rule
    /// firings where the search stopped, equal to the reference explorer's, on 1 and 2 threads.
    @Test(
        "each seeded bug is found with its property and a shortest trace",
        arguments: [
            (UCIeNamedConfiguration.p1, Verdict.deadlock, "deadlock-freedom", 2, 6),
            (.p1HeadOfLine, .violation, "responses always drain", 3, 19),
            (.p2b, .violation, "credit conservation", 3, 18),
            (.p3, .deadlock, "deadlock-freedom", 12, 637),
            (.p5, .violation, "exactly-once in-order delivery", 10, 1371),
            (.p6, .violation, "no uncorrectable retry error (R11)", 24, 409),
        ])
    func seededBug(named: UCIeNamedConfiguration, verdict: Verdict, property: String, length: Int, states: Int) throws {
        #expect(named.isSeededBug)
        let m = model(named)
        let reference = ReferenceExplorer.explore(m)
        #expect(reference.verdict == verdict)
        #expect(reference.property == property)
        #expect(reference.trace.count == length)
        #expect(reference.states == states)
        for threads in [1, 2] {
            let result = Explorer(model: m, options: .init(threads: threads)).run()
            #expect(result.verdict == verdict)
            #expect(result.property == property)
            #expect(result.statistics.states == states)
            #expect(result.statistics.rulesFired == reference.rulesFired)
            let trace = try #require(result.counterexample)
            #expect(trace.steps.count == length)
            #expect(trace.steps.map(\.rule) == reference.trace)
        }
    }

    @Test("P1: both 1-entry buffers hold a request and neither die has a credit to answer")
    func p1Story() throws {
        let m = model(.p1)
        let trace = try #require(Explorer(model: m, options: .init(threads: 1)).run().counterexample)
        #expect(trace.steps.map(\.ruleName) == ["die0.issueRequest(VC0)", "die1.issueRequest(VC0)"])
        let v = finalValues(m, trace)
        #expect(v["die0.tx.vc0.credits"] == "0" && v["die1.tx.vc0.credits"] == "0")
        #expect(v["die0.rx.vc0.slot0"] == "Req" && v["die1.rx.vc0.slot0"] == "Req")
    }

    @Test("P1 with 2-entry buffers: die0's response queues behind die1's request in die1's shared VC")
    func p1HeadOfLineStory() throws {
        let m = model(.p1HeadOfLine)
        let trace = try #require(Explorer(model: m, options: .init(threads: 1)).run().counterexample)
        #expect(trace.steps.last?.ruleName == "die0.serveRequest(VC0→VC0)")
        let v = finalValues(m, trace)
        #expect(v["die1.rx.vc0.slot0"] == "Req" && v["die1.rx.vc0.slot1"] == "Rsp")
    }

    @Test("P2b: die1's credit-return flit for VC0 spends one of its own VC0 credits")
    func p2bStory() throws {
        let m = model(.p2b)
        let trace = try #require(Explorer(model: m, options: .init(threads: 1)).run().counterexample)
        #expect(trace.steps.map(\.ruleName) == [
            "die0.issueRequest(VC0)", "die1.serveRequest(VC0→VC1)", "die1.returnCredits(VC0)",
        ])
        let v = finalValues(m, trace)
        #expect(v["die1.tx.vc0.credits"] == "1")
        #expect(v["die0.tx.vc0.credits"] == "2")
    }

    @Test("P3: every credit is spent and the ones owed can only ride messages that need a credit")
    func p3Story() throws {
        let m = model(.p3)
        let trace = try #require(Explorer(model: m, options: .init(threads: 1)).run().counterexample)
        let v = finalValues(m, trace)
        for die in 0..<2 {
            #expect(v["die\(die).tx.vc0.credits"] == "0" && v["die\(die).tx.vc1.credits"] == "0")
            #expect(v["die\(die).rx.vc0.pendingReturn"] == "2" && v["die\(die).rx.vc1.pendingReturn"] == "2")
            #expect(v["die\(die).outstanding"] == "0")
        }
    }

    @Test("P5: a corrupted response is replayed from a slot the credit flit overwrote: the response is lost")
    func p5Story() throws {
        let m = model(.p5)
        let trace = try #require(Explorer(model: m, options: .init(threads: 1)).run().counterexample)
        let names = trace.steps.map(\.ruleName)
        #expect(names.contains("link.corrupt(d1→d0)"))
        #expect(names.contains("die1.txReplay"))
        #expect(finalValues(m, trace)["die0.rx.delivery"] == "flit lost (delivered out of order)")
    }

    @Test("P6: die0 wraps to sequence number 0 and die1's receiver raises an Uncorrectable Internal Error")
    func p6Story() throws {
        let m = model(.p6)
        let trace = try #require(Explorer(model: m, options: .init(threads: 1)).run().counterexample)
        let last = trace.steps.count - 1
        let changes = m.layout.changes(from: trace.state(before: last), to: trace.finalState)
        #expect(changes.contains { $0.name == "link.d0→d1.slot0" && $0.old.hasSuffix("S=0") })
        #expect(finalValues(m, trace)["die1.retryError"] == "payload with invalid sequence number")
    }
}

@Suite struct UCIeAdapterModelTests {
    @Test("names a person reads: fields with owners, stable rule names")
    func names() {
        let m = model(.cxl)
        let names = Set(m.layout.fields.map(\.name))
        for name in ["die0.tx.vc0.credits", "die1.rx.vc1.slot0", "die0.rx.vc0.pendingReturn", "link.d0→d1.slot0",
            "die1.tx.nextSeq", "die0.rx.nextExpected", "link.state", "link.faultsLeft"]
        {
            #expect(names.contains(name))
        }
        for field in m.layout.fields {
            #expect(["die0", "die1", "link"].contains(field.owner))
        }
        let rules = (0..<m.ruleCount).map(m.ruleName)
        #expect(rules.contains("die0.issueRequest(VC0)"))
        #expect(rules.contains("die1.returnCredits(VC1)"))
        #expect(rules.contains("link.corrupt(d0→d1)"))
        #expect(Set(rules).count == rules.count)
    }

    @Test("fields are as narrow as the configuration allows")
    func compact() {
        #expect(model(.p1).layout.usedBits == 11)
        #expect(model(.p3).layout.usedBits == 29)
        #expect(model(.p5Fix).layout.wordCount <= 3)
    }

    @Test("without retry a fault budget is refused; bad sizes are refused")
    func problems() {
        var c = UCIeNamedConfiguration.p1Fix.configuration
        c.faults = 1
        #expect(c.problem != nil)
        c = UCIeNamedConfiguration.p5Fix.configuration
        let highest = c.retry!.highestSequence
        c.retry?.window = highest
        #expect(c.problem != nil)
        #expect(UCIeNamedConfiguration.allCases.allSatisfy { $0.configuration.problem == nil })
    }

    @Test("the catalogue entry builds every named configuration and rejects bad overrides")
    func catalogue() throws {
        let entry = try #require(UCIeCatalog.entries.first { $0.name == "ucie-adapter" })
        #expect(Set(entry.seededBugs) == ["p1", "p1-hol", "p2b", "p3", "p5", "p6"])
        for named in UCIeNamedConfiguration.allCases {
            let system = try entry.instantiate([("config", named.rawValue)])
            #expect(system.layout.usedBits == model(named).layout.usedBits)
        }
        // P1's fix with the mapping switched back to one shared VC is P1 again, at 2 entries.
        let shared = try entry.instantiate([("config", "p1-fix"), ("mapping", "shared"), ("credits", "1"), ("outstanding", "1")])
        let result = shared.explore(.init(threads: 1))
        #expect(result.verdict == .deadlock)
        #expect(result.counterexample?.steps.count == 2)
        #expect(throws: ModelParameterError.self) { try entry.instantiate([("config", "p9")]) }
        #expect(throws: ModelParameterError.self) { try entry.instantiate([("config", "p1"), ("faults", "1")]) }
        #expect(throws: ModelParameterError.self) { try entry.instantiate([("config", "p1"), ("window", "2")]) }
        #expect(throws: ModelParameterError.self) { try entry.instantiate([("config", "p5-fix"), ("window", "5")]) }
    }
}
