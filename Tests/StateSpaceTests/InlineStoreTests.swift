import BuiltinModels
@testable import StateSpace
import Testing
import _ChipcheckTestSupport

/// The exact store with one-word states inline in the table (see ``StateStore``): a slot holds
/// the state over a stamp in the bits its fields leave free. The random systems are padded so
/// that their fields end at a chosen bit: with one, two or three bits of stamp, the round alone
/// (coming round again every round, every three or every seven rounds); with seven and eight,
/// the task as well (for 2 and 4 threads: 18 and 34 tasks, five and six bits) under two or
/// three bits of round; with fifteen, plenty; and with no bit to spare, where the store keeps
/// them by tag and id as it does wider states.
@Suite struct InlineStoreTests {
    /// The one-word random systems (the first 150 seeds give well over 50).
    static let oneWordSeeds = (UInt64(1)...150).filter { RandomSystem(seed: $0).layout.wordCount == 1 }

    @Test("padded one-word random systems: the same verdicts, counterexamples and counts as the reference explorer",
          arguments: [48, 55, 56, 60, 61, 62, 63, 64])
    func paddedRandomSystems(topBit: Int) {
        #expect(Self.oneWordSeeds.count >= 50)
        for seed in Self.oneWordSeeds {
            let model = PaddedSystem(RandomSystem(seed: seed), topBit: topBit)
            let expected = ReferenceExplorer.explore(model)
            for threads in [1, 2, 3, 4] {
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

    @Test("with two threads a slot and an id per table slot while a bit is free, a slot alone from 63 bits on", arguments: [
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

    @Test("German N=4 inline from a small table: every growth moves the ids along (2 threads; one thread keeps none)",
          arguments: [1, 2])
    func growth(threads: Int) {
        var options = ExplorationOptions(threads: threads)
        options.initialTableSlots = 1 << 10
        let result = Explorer(model: German(clients: 4, dataValues: nil), options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 544_860)
        #expect(result.statistics.rulesFired == 2_913_840)
        // The table grew to 2^20 slots of 12 bytes with two threads, of 8 with one (the ids
        // are laid out only for the trap check, after the run's figures are taken).
        let table = result.statistics.bytesPerState * 544_860 - 16 * 544_860
        #expect(Int(table.rounded()) == (threads == 1 ? 8 : 12) << 20)
    }
}

extension InlineStoreTests {
    @Test("stamps: a task may lower the parents of states that later tasks of its round stored, and no others")
    func stamps() throws {
        // 52 bits of state leave 11 of stamp: 5 for 18 tasks, 6 for the round.
        let store = try #require(StateStore(wordCount: 1, arenaCapacity: 8, initialTableLog2: 10, stateBits: 52, tasks: 18))
        #expect(store.taskBits == 5)
        for _ in 0..<70 { store.beginRound() }  // round 70 = 6 modulo 64
        let view = store.view
        let third = view.stamp(forTask: 2)
        #expect(third.own == 6 << 5 | 3)
        for task in 0..<18 {
            let stamp = view.stamp(forTask: task).own
            #expect(third.mayLower(stamp) == (task > 2), "task \(task)")
            // The same task of another round, and a stamp no task has.
            #expect(!third.mayLower(stamp ^ 1 << 5))
        }
        #expect(third.mayLower(6 << 5 | 31))
        #expect(!third.mayLower(7 << 5))
        // The round alone when the task does not fit: 60 bits leave 3.
        let narrow = try #require(StateStore(wordCount: 1, arenaCapacity: 8, initialTableLog2: 10, stateBits: 60, tasks: 18))
        #expect(narrow.taskBits == 0)
        for _ in 0..<9 { narrow.beginRound() }  // round 9: 9 modulo 7, plus one
        let roundOnly = narrow.view.stamp(forTask: 5)
        #expect(roundOnly.own == 3)
        #expect((1...7).filter { roundOnly.mayLower(UInt64($0)) } == [3])
    }
}

extension InlineStoreTests {
    /// Every state in breadth-first order, as words, and each one's parent's queue position.
    static func graph<Model: TransitionSystem>(_ model: Model, threads: Int) -> (states: [StateWords], parents: [Int]) {
        var options = ExplorationOptions(threads: threads)
        options.checkTraps = false
        var search = Search(model: model, options: options)
        #expect(search.explore().verdict == .holds)
        let store = search.store!
        return (
            (0..<store.queueCount).map { store.state(Int(store.queue[$0])) },
            (0..<store.queueCount).map { store.parent(ofQueuePosition: $0) ?? -1 }
        )
    }

    @Test("German N=4: every state at the same queue position with the same parent for 1, 2 and 3 threads, with the task in the stamp and with the round alone",
          arguments: [nil, 62] as [Int?])
    func parentsEverywhere(topBit: Int?) {
        let german = German(clients: 4, dataValues: nil)
        let serial = topBit.map { Self.graph(PaddedSystem(german, topBit: $0), threads: 1) } ?? Self.graph(german, threads: 1)
        #expect(serial.states.count == 544_860)
        for threads in [2, 3] {
            let parallel =
                topBit.map { Self.graph(PaddedSystem(german, topBit: $0), threads: threads) }
                ?? Self.graph(german, threads: threads)
            // The first difference, not the arrays: a failure message diffing half a million
            // elements would take longer than the search.
            #expect(parallel.states.count == serial.states.count, "\(threads) threads")
            #expect(parallel.states.indices.first { parallel.states[$0] != serial.states[$0] } == nil, "\(threads) threads")
            #expect(parallel.parents.indices.first { parallel.parents[$0] != serial.parents[$0] } == nil, "\(threads) threads")
        }
    }
}

extension InlineStoreTests {
    @Test("one thread: the trap check lays the ids out after the search and finds the livelock's trap")
    func trapCheckWithoutSlotIDs() throws {
        let model = Livelock(steps: 2, loop: 3)
        let store = try #require(StateStore(wordCount: 1, arenaCapacity: 8, initialTableLog2: 10, stateBits: 8))
        #expect(store.slotIDs == nil && store.missingSlotIDBytes == 4 << 10)
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .trap, "\(threads) threads")
            #expect(result.statistics.states == 2 + 1 + 3, "\(threads) threads")
            // Two steps into the trap, then its three-step cycle.
            #expect(result.counterexample?.cycleStart == 2, "\(threads) threads")
            #expect(result.counterexample?.steps.count == 2 + 3, "\(threads) threads")
        }
    }
}
