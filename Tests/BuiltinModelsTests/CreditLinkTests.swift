import BuiltinModels
import StateSpace
import Testing
import _ChipcheckTestSupport

@Suite struct CreditLinkTests {
    @Test("shared channel with K <= M deadlocks after exactly 2K steps: every credit spent on requests", arguments: [
        (1, 1), (1, 3), (2, 2), (2, 3), (3, 3), (3, 5), (4, 4),
    ])
    func sharedDeadlocks(k: Int, m: Int) {
        for threads in [1, 2] {
            let model = CreditLink(variant: .shared, slots: k, maxOutstanding: m)
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .deadlock)
            let trace = result.counterexample!
            #expect(trace.steps.count == 2 * k)
            #expect(trace.steps.allSatisfy { $0.ruleName.hasPrefix("IssueReq") })
            let final = Dictionary(uniqueKeysWithValues: model.layout.render(trace.finalState).map { ($0.name, $0.value) })
            #expect(final["cred[0]"] == "0" && final["cred[1]"] == "0")
            #expect(final["qlen[0]"] == "\(k)" && final["qlen[1]"] == "\(k)")
        }
    }

    @Test("shared channel with K > M holds", arguments: [(2, 1), (3, 2), (4, 3)])
    func sharedHolds(k: Int, m: Int) {
        let model = CreditLink(variant: .shared, slots: k, maxOutstanding: m)
        let result = Explorer(model: model, options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == ReferenceExplorer.explore(model).states)
    }

    @Test("split channels never deadlock", arguments: [(1, 1), (2, 2), (2, 3), (3, 2), (3, 3)])
    func splitHolds(k: Int, m: Int) {
        let model = CreditLink(variant: .split, slots: k, maxOutstanding: m)
        let expected = ReferenceExplorer.explore(model)
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .holds)
            #expect(result.statistics.states == expected.states)
            #expect(result.statistics.rulesFired == expected.rulesFired)
        }
    }
}
