import BuiltinModels
@testable import StateSpace
import Testing
import _ChipcheckTestSupport

/// The exact store with one-word states inline in the table (see ``StateStore``): a slot holds
/// the state over a round stamp of the bits its fields leave free. The random systems are
/// padded so that their fields end at a chosen bit: with one, two or three bits of stamp (the
/// stamp then comes round again every round, every three or every seven rounds), and with no
/// bit to spare, where the store keeps them by tag and id as it does wider states.
@Suite struct InlineStoreTests {
    /// The one-word random systems (the first 150 seeds give well over 50).
    static let oneWordSeeds = (UInt64(1)...150).filter { RandomSystem(seed: $0).layout.wordCount == 1 }

    @Test("padded one-word random systems: the same verdicts, counterexamples and counts as the reference explorer",
          arguments: [60, 61, 62, 63, 64])
    func paddedRandomSystems(topBit: Int) {
        #expect(Self.oneWordSeeds.count >= 50)
        for seed in Self.oneWordSeeds {
            let model = PaddedSystem(RandomSystem(seed: seed), topBit: topBit)
            let expected = ReferenceExplorer.explore(model)
            for threads in [1, 2, 4] {
                let result = Explorer(model: model, options: .init(threads: threads)).run()
                #expect(result.verdict == expected.verdict, "seed \(seed), \(threads) threads")
                #expect(result.property == expected.property, "seed \(seed), \(threads) threads")
                #expect(result.counterexample?.steps.map(\.rule) ?? [] == expected.trace, "seed \(seed), \(threads) threads")
                #expect(result.counterexample?.cycleStart == expected.cycleStart, "seed \(seed), \(threads) threads")
                if result.verdict == .holds || result.verdict == .trap {
                    #expect(result.statistics.states == expected.states, "seed \(seed), \(threads) threads")
                    #expect(result.statistics.rulesFired == expected.rulesFired, "seed \(seed), \(threads) threads")
                }
            }
        }
    }

    @Test("a slot and an id per table slot while a bit is free, a slot alone from 63 bits on", arguments: [
        (62, 12), (63, 8), (64, 8),
    ])
    func tableBytes(topBit: Int, bytesPerSlot: Int) {
        // 4^3 = 64 states, in the smallest table (1,024 slots).
        let model = PaddedSystem(Counters(counters: 3, limit: 4), topBit: topBit)
        var options = ExplorationOptions(threads: 2)
        options.initialTableSlots = 1 << 10
        let result = Explorer(model: model, options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 64)
        // Besides the table: the state's word, a 4-byte parent and a 4-byte queue entry.
        let table = (result.statistics.bytesPerState - 16) * 64
        #expect(Int(table.rounded()) == 1024 * bytesPerSlot)
    }

    @Test("German N=4 inline from a small table: every growth moves the ids along, with 1 and 2 threads",
          arguments: [1, 2])
    func growth(threads: Int) {
        var options = ExplorationOptions(threads: threads)
        options.initialTableSlots = 1 << 10
        let result = Explorer(model: German(clients: 4, dataValues: nil), options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 544_860)
        #expect(result.statistics.rulesFired == 2_913_840)
        // The table grew to 2^20 slots of 12 bytes.
        let table = result.statistics.bytesPerState * 544_860 - 16 * 544_860
        #expect(Int(table.rounded()) == 12 << 20)
    }
}
