import BuiltinModels
@testable import StateSpace
import Testing
import _ChipcheckTestSupport

/// The fingerprint (hash-compaction) store against the exact store and the reference explorer:
/// the same counts and verdicts (a trap is out of its reach: it reports `holds` there, without
/// claiming end-state reachability), counterexamples of the same length that replay on the
/// model, and a probability bound with every `holds`.
@Suite struct FingerprintStoreTests {
    static func options(threads: Int) -> ExplorationOptions {
        var options = ExplorationOptions(threads: threads)
        options.storage = .fingerprint
        return options
    }

    /// Fires the reported rules on the model from the reported initial state: each must be
    /// enabled and give the state shown.
    static func replays<Model: TransitionSystem>(_ trace: Counterexample, on model: Model) -> Bool {
        guard model.initialStates().contains(trace.initialState) else { return false }
        var state = trace.initialState
        for step in trace.steps {
            let fired = state.withUnsafeMutableBufferPointer { model.apply(step.rule, to: PackedState(words: $0.baseAddress!)) }
            guard fired, state == step.state else { return false }
        }
        return true
    }

    @Test("fingerprint store and reference explorer agree on 300 random systems", arguments: [1, 2])
    func randomSystems(threads: Int) {
        for seed in UInt64(1)...300 {
            let model = RandomSystem(seed: seed)
            let expected = ReferenceExplorer.explore(model)
            let result = Explorer(model: model, options: Self.options(threads: threads)).run()
            let expectedVerdict = expected.verdict == .trap ? Verdict.holds : expected.verdict
            #expect(result.verdict == expectedVerdict, "seed \(seed)")
            #expect(!result.checkedProperties.contains("end-state-reachability"), "seed \(seed)")
            switch result.verdict {
            case .holds:
                #expect(result.statistics.states == expected.states, "seed \(seed)")
                #expect(result.statistics.rulesFired == expected.rulesFired, "seed \(seed)")
                // One-word states cannot collide; wider ones carry the birthday bound.
                let oneWord = model.layout.wordCount == 1
                let bound = oneWord ? 0 : ExplorationStatistics.fingerprintCollisionBound(states: expected.states)
                #expect(result.statistics.omissionProbability == bound, "seed \(seed)")
                #expect(bound < 1e-12, "seed \(seed)")
                #expect(
                    result.note?.hasPrefix(
                        oneWord
                            ? "fingerprint store: a state is one word and its own fingerprint"
                            : "fingerprint store: the probability that a state was missed is at most") == true,
                    "seed \(seed)")
            case .deadlock, .violation:
                #expect(result.property == expected.property, "seed \(seed)")
                let trace = result.counterexample!
                #expect(trace.steps.count == expected.trace.count, "seed \(seed)")
                #expect(Self.replays(trace, on: model), "seed \(seed)")
                // One thread inserts in breadth-first order, exactly as the exact store does.
                if threads == 1 { #expect(trace.steps.map(\.rule) == expected.trace, "seed \(seed)") }
            default:
                Issue.record("seed \(seed): unexpected verdict \(result.verdict)")
            }
        }
    }

    @Test("German data-free N=4: the exact counts, and fewer bytes per state than the exact store", arguments: [1, 2])
    func german(threads: Int) {
        let model = German(clients: 4, dataValues: nil)
        var exactOptions = ExplorationOptions(threads: threads)
        exactOptions.checkTraps = false
        let exact = Explorer(model: model, options: exactOptions).run()
        let printed = Explorer(model: model, options: Self.options(threads: threads)).run()
        #expect(printed.verdict == .holds)
        #expect(printed.statistics.states == exact.statistics.states)
        #expect(printed.statistics.rulesFired == exact.statistics.rulesFired)
        #expect(printed.statistics.depth == exact.statistics.depth)
        #expect(printed.statistics.bytesPerState < exact.statistics.bytesPerState)
        #expect(exact.statistics.omissionProbability == nil)
    }

    @Test("bytes per state: the exact store holds state, parent, queue entry and table; the fingerprint store the table alone")
    func bytesPerState() {
        for model in [German(clients: 2, dataValues: 2), German(clients: 3, dataValues: nil)] {
            var exactOptions = ExplorationOptions(threads: 1)
            exactOptions.checkTraps = false
            let exact = Explorer(model: model, options: exactOptions).run().statistics
            let printed = Explorer(model: model, options: Self.options(threads: 1)).run().statistics
            let n = exact.states
            #expect(printed.states == n)
            // What is left besides the per-state words is one table of 8-byte slots, a power
            // of two, filled to at most 3/4 (exact) or 9/10 (fingerprint). (Both models' states
            // are one word with bits to spare, which the exact store keeps inline; one thread
            // keeps no ids beside the slots.)
            // The exact store: the state's words, a 4-byte parent and a 4-byte queue entry.
            let exactTable = Int(((exact.bytesPerState - Double(8 * exact.stateWords + 4 + 4)) * Double(n)).rounded())
            let printedTable = Int((printed.bytesPerState * Double(n)).rounded())
            for (table, slotBytes, fill) in [(exactTable, 8, 0.75), (printedTable, 8, 0.9)] {
                #expect(table % slotBytes == 0 && (table / slotBytes).nonzeroBitCount == 1)
                #expect(Double(n) <= Double(table / slotBytes) * fill)
            }
            #expect(printedTable <= exactTable)
            // The links went to the scratch file, one word per state.
            #expect(printed.predecessorFileBytes == 8 * n)
            #expect(exact.predecessorFileBytes == nil)
        }
    }

    @Test("seeded bugs: the shortest counterexample, replayed from the links", arguments: [
        German.Bug.grantExclusiveWithoutAcks, .invAckWithoutData, .grantSharedWhileExclusive,
    ])
    func seededBugs(bug: German.Bug) {
        let model = German(clients: 3, dataValues: 2, bug: bug)
        let exact = Explorer(model: model, options: .init(threads: 1)).run()
        for threads in [1, 2] {
            let result = Explorer(model: model, options: Self.options(threads: threads)).run()
            #expect(result.verdict == .violation)
            #expect(result.property == exact.property)
            #expect(result.counterexample!.steps.count == exact.counterexample!.steps.count)
            #expect(Self.replays(result.counterexample!, on: model))
            if threads == 1 {
                #expect(result.counterexample!.steps.map(\.rule) == exact.counterexample!.steps.map(\.rule))
            }
        }
    }

    @Test("with symmetry reduction: Rumur's class counts, and a concrete counterexample")
    func symmetry() {
        var options = Self.options(threads: 2)
        options.symmetryReduction = true
        let classes = Explorer(model: German(clients: 4, dataValues: nil), options: options).run()
        #expect(classes.statistics.states == 27_569)
        #expect(classes.statistics.rulesFired == 147_436)
        let buggy = German(clients: 3, dataValues: 2, bug: .invAckWithoutData)
        let result = Explorer(model: buggy, options: options).run()
        #expect(result.verdict == .violation)
        #expect(Self.replays(result.counterexample!, on: buggy))
    }

    @Test("a deadlock is reported with its path (credit-link shared, 2K steps)")
    func deadlock() {
        let model = CreditLink(variant: .shared, slots: 3, maxOutstanding: 3)
        let result = Explorer(model: model, options: Self.options(threads: 2)).run()
        #expect(result.verdict == .deadlock)
        #expect(result.counterexample!.steps.count == 6)
        #expect(Self.replays(result.counterexample!, on: model))
    }

    @Test("a memory budget too small stops cleanly with incomplete")
    func maxMemory() {
        var options = Self.options(threads: 2)
        options.maxMemoryBytes = 4 << 20
        let result = Explorer(model: German(clients: 4, dataValues: nil), options: options).run()
        #expect(result.verdict == .incomplete)
        #expect(result.limit == .maxMemory)
    }

    @Test("random systems of one word and of several both occur above")
    func bothWidths() {
        let widths = Set((UInt64(1)...300).map { RandomSystem(seed: $0).layout.wordCount == 1 })
        #expect(widths == [true, false])
    }

    @Test("a one-word state's hash is invertible: the finaliser undone gives the state back")
    func oneWordHashInverts() {
        /// The inverse of multiplication by an odd constant modulo 2^64 (Newton's iteration).
        func inverse(_ a: UInt64) -> UInt64 {
            var x = a
            for _ in 0..<5 { x = x &* (2 &- a &* x) }
            return x
        }
        /// `h ^= h >> 33` is its own inverse (the shift is at least half the width).
        func unshift(_ h: UInt64) -> UInt64 { h ^ (h >> 33) }
        var generator = RandomSystem.Generator(seed: 7)
        for _ in 0..<10_000 {
            var word = generator.next()
            let h = hashState(&word, count: 1)
            var x = unshift(h)
            x = x &* inverse(0xC4CE_B9FE_1A85_EC53)
            x = unshift(x)
            x = x &* inverse(0xFF51_AFD7_ED55_8CCD)
            x = unshift(x)
            #expect(x ^ (0x9E37_79B9_7F4A_7C15 &* 2) == word)
        }
    }

    @Test("the hash 0, which marks an empty slot, is a state of its own, distinct from the hash 1", arguments: [false, true])
    func zeroHash(concurrent: Bool) throws {
        let store = try #require(StateStore(wordCount: 1, arenaCapacity: 8, initialTableLog2: 10, predecessorFile: PredecessorFile()))
        let view = store.view
        var ids = IDAllocator(block: 1)
        var zero: UInt64 = 10
        var one: UInt64 = 11
        func outcome(_ state: inout UInt64, hash: UInt64) -> String {
            switch view.insertFingerprint(&state, hash: hash, concurrent: concurrent, ids: &ids) {
            case .inserted(let id): "inserted \(id)"
            case .found(let id): "found \(id)"
            case .seen: "seen"
            case .full: "full"
            }
        }
        #expect(outcome(&zero, hash: 0) == "inserted 0")
        #expect(outcome(&zero, hash: 0) == "seen")
        #expect(outcome(&one, hash: 1) == "inserted 1")
        #expect(outcome(&one, hash: 1) == "seen")
        #expect(store.entry(0).pointee == 10 && store.entry(1).pointee == 11)
    }

    @Test("the collision bound and its rendering")
    func bound() {
        #expect(ExplorationStatistics.fingerprintCollisionBound(states: 1) == 0)
        let n = 10_978_821.0
        let pairs = n * (n - 1) / 0x1p65
        // 1 - exp(-x) is x - x²/2 + ... for small x.
        #expect(abs(ExplorationStatistics.fingerprintCollisionBound(states: 10_978_821) - (pairs - pairs * pairs / 2)) < 1e-15)
        #expect(ExplorationStatistics.describeProbability(3.2677e-06) == "3.3e-06")
        #expect(ExplorationStatistics.describeProbability(0.0265) == "0.027")
        #expect(ExplorationStatistics.describeProbability(0.0013263) == "1.3e-03")
        #expect(ExplorationStatistics.describeProbability(0.5) == "0.5")
        #expect(ExplorationStatistics.describeProbability(0) == "0")
    }
}
