@testable import BuiltinModels
import StateSpace
import Testing
import _ChipcheckTestSupport

@Suite struct GermanTests {
    @Test("engine and reference explorer agree on German", arguments: [
        (1, 1), (1, 2), (2, 1), (2, 2),
    ])
    func matchesReference(clients: Int, values: Int) {
        let model = German(clients: clients, dataValues: values)
        let expected = ReferenceExplorer.explore(model)
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .holds)
            #expect(result.statistics.states == expected.states)
            #expect(result.statistics.rulesFired == expected.rulesFired)
        }
    }

    @Test("engine and reference explorer agree on data-free German", arguments: 1...3)
    func dataFreeMatchesReference(clients: Int) {
        let model = German(clients: clients, dataValues: nil)
        let expected = ReferenceExplorer.explore(model)
        let result = Explorer(model: model, options: .init(threads: 2)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == expected.states)
        #expect(result.statistics.rulesFired == expected.rulesFired)
    }

    @Test("every seeded bug breaks the invariant it targets, with the reference's shortest trace", arguments: [
        (German.Bug.grantExclusiveWithoutAcks, "Control", true),
        (German.Bug.invAckWithoutData, "Data", true),
        (German.Bug.grantSharedWhileExclusive, "Control", true),
        (German.Bug.grantExclusiveWithoutAcks, "Control", false),
        (German.Bug.grantSharedWhileExclusive, "Control", false),
    ])
    func seededBugs(bug: German.Bug, invariant: String, data: Bool) {
        let model = German(clients: 2, dataValues: data ? 2 : nil, bug: bug)
        let expected = ReferenceExplorer.explore(model)
        #expect(expected.verdict == .violation)
        for threads in [1, 2] {
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .violation)
            #expect(result.property == invariant)
            #expect(result.counterexample!.steps.map(\.rule) == expected.trace)
        }
    }

    @Test("the same counterexample and counts for every thread count")
    func determinism() {
        let model = German(clients: 3, dataValues: 1, bug: .grantSharedWhileExclusive)
        let runs = [1, 2, 3, 4].map { Explorer(model: model, options: .init(threads: $0)).run() }
        for run in runs.dropFirst() {
            #expect(run.statistics.states == runs[0].statistics.states)
            #expect(run.statistics.rulesFired == runs[0].statistics.rulesFired)
            #expect(run.counterexample!.steps.map(\.rule) == runs[0].counterexample!.steps.map(\.rule))
        }
    }
}

@Suite struct GermanSuccessorLoopTests {
    @Test("the per-family successor loop fires exactly the rules apply fires, in order", arguments: [
        (2, 2, German.Bug.none), (2, nil, .none), (3, nil, .none), (2, 2, .invAckWithoutData),
        (2, 1, .grantExclusiveWithoutAcks), (2, 1, .grantSharedWhileExclusive),
        // Data-free with two to six clients: the loop over compiled rules; seven: the plain loop.
        (1, nil, .none), (4, nil, .none), (6, nil, .none), (7, nil, .none), (3, nil, .grantExclusiveWithoutAcks),
        (3, nil, .grantSharedWhileExclusive),
    ] as [(Int, Int?, German.Bug)])
    func matchesApply(clients: Int, values: Int?, bug: German.Bug) {
        let model = German(clients: clients, dataValues: values, bug: bug)
        // The comparison walks every reachable state, past a seeded bug's violation: so does the
        // engine on the same rules without invariants or deadlock check.
        var options = ExplorationOptions(maxStates: 20_000, threads: 1)
        options.checkDeadlocks = false
        let reachable = Explorer(model: RulesOnly(model: model), options: options).run().statistics.states
        switch SuccessorConsistency.check(model, limit: 20_000) {
        case .success(let compared): #expect(compared == min(20_000, reachable))
        case .failure(let difference): Issue.record("\(difference)")
        }
    }

    /// A model's rules alone: no invariant, so a search goes on past a seeded bug.
    struct RulesOnly<Model: TransitionSystem>: TransitionSystem {
        let model: Model
        var layout: StateLayout { model.layout }
        var ruleCount: Int { model.ruleCount }
        func ruleName(_ rule: Int) -> String { model.ruleName(rule) }
        func initialStates() -> [StateWords] { model.initialStates() }
        func apply(_ rule: Int, to state: PackedState) -> Bool { model.apply(rule, to: state) }
        var invariantNames: [String] { [] }
        func violatedInvariant(in state: PackedState) -> Int? { nil }
    }

    @Test("the data-free variant compiles its rules for two to six clients, and only then")
    func compiledRules() throws {
        #expect(German(clients: 1, dataValues: nil).ruleTable == nil)
        #expect(German(clients: 2, dataValues: 2).ruleTable == nil)
        // Seven clients take more than one word.
        #expect(German(clients: 7, dataValues: nil).ruleTable == nil)
        #expect(German(clients: 6, dataValues: nil).ruleTable != nil)
        let table = try #require(German(clients: 5, dataValues: nil).ruleTable)
        #expect(table.entries.count == 16 << 14)
        #expect(table.loop.firstShift == 0)
        // Nothing pending, cache invalid, home idle: SendReqS and SendReqE only.
        #expect(table.entries[0 * 16 + 15] == 0b11)
        // SendReqS from there: chan1 (bits 2–3) becomes ReqS (bit 2 flips), nothing else changes.
        #expect(table.entries[0 * 16 + GermanRuleFamily.sendReqS.rawValue] == 0b01_00)
        // RecvReqE with chan1 = ReqE and curPtr elsewhere: chan1 empties (bit 3 flips), curCmd
        // becomes ReqE (the upper of its bits, 11, flips; exGntd at 9 does not), curPtr names
        // the client (11 in bits 12–13: cleared, then set), and every invSet is reloaded from
        // shrSet (bit 14).
        #expect(table.entries[0b10_00 * 16 + 15] & (1 << GermanRuleFamily.recvReqE.rawValue) != 0)
        #expect(table.entries[0b10_00 * 16 + GermanRuleFamily.recvReqE.rawValue] == 0b1_11_100_0_0000_1000)
    }

    @Test("Control counted by bits agrees with its pairwise definition on the reachable states (up to 50,000)", arguments: [
        (3, nil, German.Bug.grantExclusiveWithoutAcks), (3, nil, .grantSharedWhileExclusive), (2, 2, .grantSharedWhileExclusive),
        (4, nil, .none),
    ] as [(Int, Int?, German.Bug)])
    func controlInvariant(clients: Int, values: Int?, bug: German.Bug) {
        let model = German(clients: clients, dataValues: values, bug: bug)
        var seen = Set(model.initialStates())
        var work = Array(seen)
        var violations = 0
        while let state = work.popLast(), seen.count < 50_000 {
            let states = (0..<clients).map { model.layout.value(of: model.fields.client[$0].cacheState, in: state) }
            // Pairwise, as the definition states it: E excludes any other valid copy.
            var pairwise = true
            for i in 0..<clients {
                for j in 0..<clients where i != j && states[i] == CacheState.exclusive && states[j] != CacheState.invalid {
                    pairwise = false
                }
            }
            let reported = model.layout.withView(of: state) { model.violatedInvariant(in: $0) }
            #expect((reported == 0) == !pairwise, "state \(state)")
            if !pairwise { violations += 1 }
            for rule in 0..<model.ruleCount {
                var next = state
                if next.withUnsafeMutableBufferPointer({ model.apply(rule, to: PackedState(words: $0.baseAddress!)) }),
                    seen.insert(next).inserted
                {
                    work.append(next)
                }
            }
        }
        // The seeded bugs do reach states that break Control; the correct protocol does not.
        #expect((violations > 0) == (bug != .none))
    }
}
