import BuiltinModels
import StateSpace
import Testing

/// A search cut short reports `incomplete`, never `holds`.
@Suite struct LimitTests {
    @Test("--max-states stops with exactly that many states stored", arguments: [1, 2])
    func maxStates(threads: Int) {
        let model = German(clients: 3, dataValues: nil)
        let result = Explorer(model: model, options: .init(maxStates: 1000, threads: threads)).run()
        #expect(result.verdict == .incomplete)
        #expect(result.limit == .maxStates)
        #expect(result.statistics.states == 1000)
        #expect(result.counterexample == nil)
    }

    @Test("--max-depth stops before expanding deeper states")
    func maxDepth() {
        let result = Explorer(model: Counters(counters: 2, limit: 5), options: .init(maxDepth: 3, threads: 1)).run()
        #expect(result.verdict == .incomplete)
        #expect(result.limit == .maxDepth)
        // States within depth 3 of (0,0): 1 + 2 + 3 + 4.
        #expect(result.statistics.states == 10)
        #expect(result.statistics.depth == 3)
    }

    @Test("a depth bound at the model's depth still finishes the search")
    func depthBoundLargeEnough() {
        let result = Explorer(model: Counters(counters: 2, limit: 5), options: .init(maxDepth: 9, threads: 1)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 25)
    }

    @Test("a memory budget too small for the table stops cleanly")
    func maxMemory() {
        let model = German(clients: 4, dataValues: nil)
        let result = Explorer(model: model, options: .init(maxMemoryBytes: 4 << 20, threads: 2)).run()
        #expect(result.verdict == .incomplete)
        #expect(result.limit == .maxMemory)
        #expect(result.statistics.states > 0)
    }

    @Test("the first table has 2^20 slots, fewer when the budget is tight, and a small model never grows it", arguments: [
        (nil, 1 << 20), (4 << 20, 1 << 16), (1 << 20, 1 << 14),
    ] as [(UInt64?, Int)])
    func initialTable(budget: UInt64?, slots: Int) {
        // German N=2: 1,470 one-word states, inline; one thread keeps no ids beside the slots.
        var options = ExplorationOptions(maxMemoryBytes: budget, threads: 1)
        options.checkTraps = false
        let result = Explorer(model: German(clients: 2, dataValues: nil), options: options).run()
        #expect(result.verdict == .holds)
        let n = result.statistics.states
        #expect(n == 1_470)
        // Besides the table: per state its word, a parent and a queue entry.
        let tableBytes = Int((result.statistics.bytesPerState * Double(n)).rounded()) - n * (8 + 4 + 4)
        #expect(tableBytes == slots * 8)
    }

    @Test("a trap check that does not fit the budget makes the verdict incomplete, never holds")
    func trapCheckBudget() {
        let model = German(clients: 4, dataValues: nil)
        let tight = Explorer(model: model, options: .init(maxMemoryBytes: 48 << 20, threads: 1)).run()
        #expect(tight.verdict == .incomplete)
        #expect(tight.limit == .maxMemory)
        #expect(tight.statistics.states == 544_860)
        #expect(tight.note?.hasSuffix("but the trap check did not fit in the memory budget") == true)
        let enough = Explorer(model: model, options: .init(maxMemoryBytes: 96 << 20, threads: 1)).run()
        #expect(enough.verdict == .holds)
        #expect(enough.checkedProperties.contains("end-state-reachability"))
    }
}

