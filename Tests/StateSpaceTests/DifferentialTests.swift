import BuiltinModels
import StateSpace
import Testing
import _ChipcheckTestSupport

/// The engine against the naive reference explorer on generated systems: the same verdict,
/// the same counterexample (rule by rule), and the same number of states and rule firings
/// (where the search stopped, for a deadlock or a violation), for every thread count.
@Suite struct DifferentialTests {
    @Test("engine and reference explorer agree on 300 random systems", arguments: [1, 2, 4])
    func randomSystems(threads: Int) {
        var verdicts: [Verdict: Int] = [:]
        for seed in UInt64(1)...300 {
            let model = RandomSystem(seed: seed)
            let expected = ReferenceExplorer.explore(model)
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            verdicts[result.verdict, default: 0] += 1
            #expect(result.verdict == expected.verdict, "seed \(seed)")
            #expect(result.property == expected.property, "seed \(seed)")
            #expect(result.counterexample?.steps.map(\.rule) ?? [] == expected.trace, "seed \(seed)")
            #expect(result.counterexample?.cycleStart == expected.cycleStart, "seed \(seed)")
            #expect(result.statistics.states == expected.states, "seed \(seed)")
            #expect(result.statistics.rulesFired == expected.rulesFired, "seed \(seed)")
        }
        // The generator must exercise every verdict the engine can give on a complete search.
        for verdict in [Verdict.holds, .deadlock, .violation, .trap] {
            #expect(verdicts[verdict, default: 0] >= 10, "too few \(verdict) cases: \(verdicts)")
        }
    }

    @Test("random systems whose states span several words are generated")
    func multiWordStates() {
        let wide = (UInt64(1)...300).filter { RandomSystem(seed: $0).layout.wordCount > 1 }
        #expect(wide.count >= 20)
    }

    @Test("the table grows in parallel slices that need not divide it: same counts for 3 and 5 threads", arguments: [3, 5])
    func parallelGrowth(threads: Int) {
        let model = German(clients: 4, dataValues: nil)
        var options = ExplorationOptions(threads: threads)
        options.initialTableSlots = 1 << 10
        let result = Explorer(model: model, options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 544_860)
        #expect(result.statistics.rulesFired == 2_913_840)
    }
}
