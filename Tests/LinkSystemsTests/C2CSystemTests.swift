import Foundation
import LinkSystems
import StateSpace
import Testing
import _ChipcheckTestSupport

/// The C2C system in the engine, cross-checked against the reference explorer on small sizes.
/// Sizes whose debug-build exploration takes more than a few seconds run in
/// `C2CReleaseTests` through the release binary.
@Suite struct C2CSystemTests {
    @Test("engine and reference explorer agree on the smallest fixed configurations", arguments: [
        C2CConfiguration(requestNodes: 1, values: 1),
        C2CConfiguration(requestNodes: 1, values: 1, uniqueCleanEmpty: false, deactivation: false),
    ])
    func matchesReference(configuration: C2CConfiguration) {
        let model = C2CSystem(configuration)
        let expected = ReferenceExplorer.explore(model)
        #expect(expected.verdict == .holds)
        let result = Explorer(model: model, options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == expected.states)
        #expect(result.statistics.rulesFired == expected.rulesFired)
    }

    @Test("fixed configurations hold with exact state and rule counts, 1 and 2 threads", arguments: [
        (C2CConfiguration(requestNodes: 1, values: 1), 4649, 18310),
        (C2CConfiguration(requestNodes: 1, values: 2), 11962, 49228),
        (C2CConfiguration(requestNodes: 1, values: 1, retry: true), 7143, 29114),
        // With one RN-F no line is ever shared, so CleanUnique never fires: the same space.
        (C2CConfiguration(requestNodes: 1, values: 2, uniqueCleanEmpty: false), 11962, 49228),
    ])
    func fixedHolds(configuration: C2CConfiguration, states: Int, rules: Int) {
        let model = C2CSystem(configuration)
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .holds)
            #expect(result.statistics.states == states)
            #expect(result.statistics.rulesFired == rules)
        }
    }

    @Test("seeded defects: verdict, property and the reference's shortest trace, 1 and 2 threads", arguments: [
        (C2CBug.p2a, Verdict.violation, "CreditsHomeAfterDeactivation", 6),
        (.p10b, .violation, "ProtocolCreditConservation", 12),
    ])
    func seededDefectsAgainstReference(bug: C2CBug, verdict: Verdict, property: String, length: Int) {
        let model = C2CSystem(C2CConfiguration(bug: bug))
        let expected = ReferenceExplorer.explore(model)
        #expect(expected.verdict == verdict)
        #expect(expected.property == property)
        #expect(expected.trace.count == length)
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == verdict)
            #expect(result.property == property)
            #expect(result.counterexample?.steps.map(\.rule) == expected.trace)
        }
    }

    @Test("P9c and P1: verdict, property, exact shortest length, the reference's counts, the same trace for 1 and 2 threads", arguments: [
        (C2CBug.p9c, Verdict.violation, "DataValue", 13, 7831),
        (.p1, .deadlock, "deadlock-freedom", 17, 13976),
    ])
    func seededDefects(bug: C2CBug, verdict: Verdict, property: String, length: Int, states: Int) {
        let model = C2CSystem(C2CConfiguration(bug: bug))
        let expected = ReferenceExplorer.explore(model, checkTraps: false)
        #expect(expected.states == states)
        let runs = [1, 2].map { Explorer(model: model, options: .init(threads: $0)).run() }
        for result in runs {
            #expect(result.verdict == verdict)
            #expect(result.property == property)
            #expect(result.statistics.states == states)
            #expect(result.statistics.rulesFired == expected.rulesFired)
            #expect(result.counterexample?.steps.count == length)
            #expect(result.counterexample?.steps.map(\.rule) == runs[0].counterexample?.steps.map(\.rule))
        }
    }

    @Test("P9b: two owners after the home snooped between CompData and CompAck (21 steps)")
    func p9b() {
        let model = C2CSystem(C2CConfiguration(bug: .p9b))
        var traces: [[String]] = []
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .violation)
            #expect(result.property == "SWMR")
            #expect(result.statistics.states == 37654)
            traces.append(result.counterexample?.steps.map { model.ruleName($0.rule) } ?? [])
        }
        #expect(traces[0] == traces[1])
        #expect(traces[0].count == 21)
        #expect(traces[0].contains("hn.CompData_UC(rn0, line0)"))
        #expect(traces[0].contains("hn.SnpShared(rn0, line0)"))
        #expect(traces[0].suffix(2) == ["hn.CompData_UC(rn1, line0)", "rn1 ← CompData_UC=0(line0)"])
    }

    @Test("the P2a counterexample names the link, the channel and the credit flit")
    func p2aTrace() {
        let model = C2CSystem(C2CConfiguration(bug: .p2a))
        let result = Explorer(model: model).run()
        #expect(result.counterexample?.steps.map { model.ruleName($0.rule) } == [
            "link.gpu→cpu.TXLINKACTIVEREQ↑", "link.gpu→cpu.RXLINKACTIVEACK↑", "link.gpu→cpu.REQ.LCRDV",
            "link.gpu→cpu.TXLINKACTIVEREQ↓", "link.gpu→cpu.REQ.LCrdReturn", "link.gpu→cpu.RXLINKACTIVEACK↓",
        ])
        let names = model.layout.fields.map(\.name)
        #expect(names.contains("link.gpu→cpu.REQ[0]"))
        #expect(names.contains("rn1.line0.state"))
        #expect(names.contains("hn.line0.dir[rn0]"))
        #expect(Set(model.layout.fields.map(\.owner)) == ["rn0", "rn1", "hn", "link", ""])
    }

    @Test("three request nodes hold (CHIPCHECK_LONG_TESTS=1)",
          .enabled(if: ProcessInfo.processInfo.environment["CHIPCHECK_LONG_TESTS"] == "1"))
    func threeRequestNodes() {
        let result = Explorer(model: C2CSystem(C2CConfiguration(requestNodes: 3, values: 1)), options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == C2CExpectations.threeNodesOneValue)
    }
}

enum C2CExpectations {
    static let threeNodesOneValue = 499_208
}
