import BuiltinModels
@testable import StateSpace
import Testing
import _ChipcheckTestSupport

/// The exact store with one-word states inline in the table (see ``StateStore``): a slot holds
/// the state over a mark in the bits its fields leave free, and several threads store into
/// segments of the table, one thread per segment. The random systems are padded so that their
/// fields end at a chosen bit: from plenty of bits to spare down to one, and with no bit to
/// spare, where the store keeps them by tag and id as it does wider states.
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

    @Test("a slot alone per state, whatever the thread count: no ids are kept while exploring", arguments: [
        (62, 1), (62, 2), (62, 4), (64, 2),
    ])
    func tableBytes(topBit: Int, threads: Int) {
        // 4^3 = 64 states, in the smallest table: 1,024 slots, and as many per segment (two for
        // two threads, four for four) when the states are inline.
        let model = PaddedSystem(Counters(counters: 3, limit: 4), topBit: topBit)
        var options = ExplorationOptions(threads: threads)
        options.initialTableSlots = 1 << 10
        options.checkTraps = false
        let result = Explorer(model: model, options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 64)
        // Besides the table: the state's word, a 4-byte parent and a 4-byte queue entry.
        let table = (result.statistics.bytesPerState - 16) * 64
        #expect(Int(table.rounded()) == (topBit < 63 ? 1024 * threads : 1024) * 8)
    }

    @Test("German N=4 inline from a small table: the same counts after every growth, for 1, 2 and 3 threads", arguments: [1, 2, 3])
    func growth(threads: Int) {
        var options = ExplorationOptions(threads: threads)
        options.initialTableSlots = 1 << 10
        options.checkTraps = false
        let result = Explorer(model: German(clients: 4, dataValues: nil), options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == 544_860)
        #expect(result.statistics.rulesFired == 2_913_840)
        // The table grew to 2^20 slots of 8 bytes.
        let table = result.statistics.bytesPerState * 544_860 - 16 * 544_860
        #expect(Int(table.rounded()) == 8 << 20)
    }

    @Test("segments: a probe wraps around within its segment, and the table has at least 1,024 slots per segment")
    func segments() throws {
        let store = try #require(StateStore(wordCount: 1, arenaCapacity: 8, initialTableLog2: 10, stateBits: 40, segments: 4))
        #expect(store.segmentBits == 2)
        #expect(store.tableSlots == 4096)
        let view = store.view
        #expect(view.nextSlot(0) == 1)
        #expect(view.nextSlot(1023) == 0)
        #expect(view.nextSlot(2047) == 1024)
        #expect(view.nextSlot(4095) == 3072)
        // One segment: the whole table.
        let whole = try #require(StateStore(wordCount: 1, arenaCapacity: 8, initialTableLog2: 10, stateBits: 40))
        #expect(whole.view.nextSlot(1023) == 0)
        #expect(whole.view.nextSlot(511) == 512)
    }

    @Test("routing: a word the task routed a moment ago is not routed again; one that took its cache slot is, and so is every word in the worker's next task")
    func routerDropsRecentRepeats() throws {
        let pool = WorkerPool(workerCount: 1, maxTasks: 2, wordCount: 1, idBlock: 1, segments: 2)
        let scratch = pool.worker(0)
        func router(task: Int) -> Router<RandomSystem> {
            Router<RandomSystem>(
                routes: UnsafeMutableRawPointer(pool.routes(task: task, segment: 0)),
                routeStride: WorkerPool.routeStride, segmentShift: 63, symmetry: nil, successor: scratch.pointee.successor,
                symmetryScratch: scratch.pointee.symmetryScratch, recent: scratch.pointee.recent)
        }
        func routed(task: Int) -> [Int: [(UInt64, UInt32)]] {
            var lists: [Int: [(UInt64, UInt32)]] = [:]
            for segment in 0..<2 {
                let list = pool.routes(task: task, segment: segment).pointee
                lists[segment] = (0..<list.count).map { (list.words[$0], list.predecessors[$0]) }
            }
            return lists
        }
        let first = router(task: 0)
        // Two words that share a cache slot.
        let word: UInt64 = 5
        let slot = hashOneWord(word) & WorkerScratch.recentMask
        let other = try #require((UInt64(6)...).first { hashOneWord($0) & WorkerScratch.recentMask == slot })
        first.route(word, predecessor: 10)
        first.route(word, predecessor: 11)  // dropped: routed a moment ago, with predecessor 10
        first.route(other, predecessor: 12)  // takes the slot
        first.route(word, predecessor: 13)  // routed again: the slot no longer holds it
        first.route(other, predecessor: 14)
        let lists = routed(task: 0)
        let all = (lists[0]! + lists[1]!).sorted { $0.1 < $1.1 }
        #expect(all.map(\.0) == [word, other, word, other])
        #expect(all.map(\.1) == [10, 12, 13, 14])
        // Each word went to the segment the top bit of its hash picks.
        for (segment, entries) in lists {
            for (w, _) in entries { #expect(Int(hashOneWord(w) >> 63) == segment) }
        }
        // The worker's next task starts with an empty cache: `other`, the last word routed,
        // is routed again, once.
        let next = router(task: 1)
        next.route(other, predecessor: 20)
        next.route(other, predecessor: 21)
        let nextLists = routed(task: 1)
        #expect((nextLists[0]! + nextLists[1]!).map(\.1) == [20])
    }
}

extension InlineStoreTests {
    /// Every state in breadth-first order, as words, and each one's parent's queue position.
    static func graph<Model: TransitionSystem>(
        _ model: Model, threads: Int, maxMemoryBytes: UInt64? = nil
    ) -> (states: [StateWords], parents: [Int]) {
        var options = ExplorationOptions(threads: threads)
        options.checkTraps = false
        options.maxMemoryBytes = maxMemoryBytes
        var search = Search(model: model, options: options)
        #expect(search.explore().verdict == .holds)
        let store = search.store!
        return (
            (0..<store.queueCount).map { store.state(Int(store.queue[$0])) },
            (0..<store.queueCount).map { store.parent(ofQueuePosition: $0) ?? -1 }
        )
    }

    @Test("German N=4: every state at the same queue position with the same parent for 1, 2 and 3 threads (two and four segments), as it is and padded to 62 bits",
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
    @Test("the trap check lays the ids out after the search and finds the livelock's trap, with one thread and with segments")
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

/// A root with `leaves` successors (rules 0, 1, ...), each leading on to one end state by one
/// of the highest of `1 << 17` rules: a routed link then keeps 17 bits for the rule, and a
/// round's positions must fit in the 15 left (see ``Search/routeRuleBits``).
private struct WideRuleFan: TransitionSystem {
    let layout: StateLayout
    let invariantNames: [String] = []
    let x: Field
    let leaves: Int
    var ruleCount: Int { 1 << 17 }

    init(leaves: Int) {
        var b = StateLayoutBuilder()
        x = b.add("x", values: 1 << 17)
        layout = b.build()
        self.leaves = leaves
    }

    /// The rule that takes leaf `v` on to its end state.
    func onward(_ v: Int) -> Int { ruleCount - 1 - v % 5 }

    func ruleName(_ rule: Int) -> String { "Rule(\(rule))" }
    func initialStates() -> [StateWords] { [layout.makeState { $0[x] = 0 }] }
    func apply(_ rule: Int, to s: PackedState) -> Bool {
        let v = s[x]
        if v == 0 && rule < leaves {
            s[x] = rule + 1
            return true
        }
        guard (1...leaves).contains(v), rule == onward(v) else { return false }
        s[x] = v + leaves
        return true
    }
    /// Only the rules that fire (the default would try all 131,072 for every state).
    func forEachSuccessor<Sink: SuccessorSink>(of source: PackedState, into successor: PackedState, sink: inout Sink) {
        let v = source[x]
        if v == 0 {
            for rule in 0..<leaves {
                successor[x] = rule + 1
                sink.emit(rule)
            }
        } else if v <= leaves {
            successor[x] = v + leaves
            sink.emit(onward(v))
        }
        successor[x] = v
    }
    func violatedInvariant(in s: PackedState) -> Int? { nil }
    var definesLegitimateEnds: Bool { true }
    func isLegitimateEnd(_ s: PackedState) -> Bool { s[x] > leaves }
}

/// A root whose successors all hash into the first of two segments: one round offers that
/// segment every new state, more than its share of the table's load limit.
private struct OneSegmentFan: TransitionSystem {
    let layout: StateLayout
    let invariantNames: [String] = []
    let x: Field
    let root: Int
    let leaves: [Int]

    init(leaves count: Int) {
        var b = StateLayoutBuilder()
        x = b.add("x", values: 1 << 16)
        layout = b.build()
        // The field is the word's low bits, so a value is its state's word.
        let inFirstSegment = (1...).lazy.filter { hashOneWord(UInt64($0)) >> 63 == 0 }
        let words = Array(inFirstSegment.prefix(count + 1))
        root = words[0]
        leaves = Array(words.dropFirst())
    }

    var ruleCount: Int { leaves.count }
    func ruleName(_ rule: Int) -> String { "Leaf(\(rule))" }
    func initialStates() -> [StateWords] { [layout.makeState { $0[x] = root }] }
    func apply(_ rule: Int, to s: PackedState) -> Bool {
        guard s[x] == root else { return false }
        s[x] = leaves[rule]
        return true
    }
    func violatedInvariant(in s: PackedState) -> Int? { nil }
    var definesLegitimateEnds: Bool { true }
    func isLegitimateEnd(_ s: PackedState) -> Bool { s[x] != root }
}

extension InlineStoreTests {
    @Test("segments: with 2^17 rules a round holds at most 2^15 positions, and the 40,000 leaves of one level keep their parents on 2 and 3 threads")
    func wideRules() {
        let model = WideRuleFan(leaves: 40_000)
        // A round's lists are sized for every rule of every state, at most a sixteenth of the
        // budget: only a budget of a terabyte would make a round of over 2^15 states (43,690),
        // so that is the budget here (address space: the store backs pages as states land).
        let budget: UInt64 = 1 << 40
        let serial = Self.graph(model, threads: 1, maxMemoryBytes: budget)
        #expect(serial.states.count == 1 + 2 * 40_000)
        // The root, its leaves in rule order, then each leaf's end state after its parent.
        #expect(serial.parents[40_000] == 0)
        #expect(serial.parents[40_001] == 1)
        #expect(serial.parents[80_000] == 40_000)
        for threads in [2, 3] {
            let parallel = Self.graph(model, threads: threads, maxMemoryBytes: budget)
            // The first difference, not the arrays (80,001 elements).
            #expect(parallel.states.count == serial.states.count, "\(threads) threads")
            #expect(parallel.states.indices.first { parallel.states[$0] != serial.states[$0] } == nil, "\(threads) threads")
            #expect(parallel.parents.indices.first { parallel.parents[$0] != serial.parents[$0] } == nil, "\(threads) threads")
        }
        // The root's 40,000 successors do not make the next round fault in pages for 40,000
        // new states per state: four at most. Its round is the first 2^15 leaves (the cap
        // above), the ids after the root's round end at 40,001, and no later round reaches
        // further. (Under --max-states ids are handed out one at a time, so where they end
        // does not depend on which thread stored which segment; the arena holds a million,
        // where an unbounded estimate would stop.)
        var options = ExplorationOptions(threads: 2)
        options.checkTraps = false
        options.maxMemoryBytes = budget
        options.maxStates = 1_000_000
        var search = Search(model: model, options: options)
        #expect(search.explore().verdict == .holds)
        #expect(search.prefaulted == 40_001 + 4 * 32_768 + 1024)
    }

    @Test("segments: a round that gives one segment more than its share grows the table between the phases, or stops incomplete when the budget forbids it")
    func segmentPastItsShare() throws {
        // 1,100 leaves into a segment of 1,024 slots: the table doubles between the phases
        // (without, the segment could not hold them all).
        var options = ExplorationOptions(threads: 2)
        options.initialTableSlots = 1 << 10
        options.checkTraps = false
        let grown = Explorer(model: OneSegmentFan(leaves: 1100), options: options).run()
        #expect(grown.verdict == .holds)
        #expect(grown.statistics.states == 1101)
        #expect(grown.statistics.rulesFired == 1100)
        // 1,100 leaves cannot fit in 1,024 slots, and 40,000 bytes do not hold a table of
        // 4,096 slots beside the one of 2,048: nothing of the round is stored.
        options.maxMemoryBytes = 40_000
        let stopped = Explorer(model: OneSegmentFan(leaves: 1100), options: options).run()
        #expect(stopped.verdict == .incomplete)
        #expect(stopped.limit == .maxMemory)
        #expect(stopped.statistics.states == 1)
        // One thread, with one table of 2,048 slots for all, stores the whole round in the same
        // budget, and stops at the next: it is sized for every rule of every leaf.
        options.threads = 1
        let serial = Explorer(model: OneSegmentFan(leaves: 1100), options: options).run()
        #expect(serial.verdict == .incomplete)
        #expect(serial.limit == .maxMemory)
        #expect(serial.statistics.states == 1101)
    }
}
