import BuiltinModels
import StateSpace
import Testing

/// The engine on models whose every figure is known in closed form.
@Suite struct ToyModelTests {
    static let threadCounts = [1, 2, 3]

    @Test("independent counters: k^n states, n(k-1)k^(n-1) firings, depth n(k-1)", arguments: [
        (1, 1), (1, 7), (2, 3), (3, 4), (4, 5), (6, 3), (5, 10),
    ])
    func counters(n: Int, k: Int) {
        for threads in Self.threadCounts {
            let result = Explorer(model: Counters(counters: n, limit: k), options: .init(threads: threads)).run()
            let power = (0..<n).reduce(1) { acc, _ in acc * k }
            #expect(result.verdict == .holds)
            #expect(result.statistics.states == power)
            #expect(result.statistics.rulesFired == n * (k - 1) * power / k)
            #expect(result.statistics.depth == n * (k - 1))
            #expect(result.counterexample == nil)
        }
    }

    @Test("dining philosophers deadlock after every philosopher takes the left fork", arguments: 2...7)
    func philosophers(n: Int) {
        for threads in Self.threadCounts {
            let model = DiningPhilosophers(philosophers: n)
            let result = Explorer(model: model, options: .init(threads: threads)).run()
            #expect(result.verdict == .deadlock)
            #expect(result.property == "deadlock-freedom")
            let trace = result.counterexample!
            #expect(trace.steps.map(\.ruleName) == (0..<n).map { "TakeLeft(\($0))" })
            #expect(model.layout.render(trace.finalState).allSatisfy { $0.value == "hasLeft" })
        }
    }

    /// The reachable phase vectors of the ring are the closed walks of length n over the
    /// neighbour relation (a philosopher who eats holds the next one's left fork), i.e. the
    /// trace of A^n. Every one of them is reachable, which a plain graph search confirms
    /// (the engine itself stops at the first deadlock).
    @Test("dining philosophers reach exactly trace(A^n) states", arguments: 2...8)
    func philosopherStateCount(n: Int) {
        let a = [[1, 1, 1], [1, 1, 1], [1, 0, 0]]
        var power = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
        for _ in 0..<n {
            var product = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
            for i in 0..<3 {
                for j in 0..<3 {
                    for m in 0..<3 { product[i][j] += power[i][m] * a[m][j] }
                }
            }
            power = product
        }
        let expected = power[0][0] + power[1][1] + power[2][2]
        #expect(reachableCount(DiningPhilosophers(philosophers: n)) == expected)
    }

    @Test("a livelock is a trap: entered after 2 steps, caught in a cycle of `loop` steps", arguments: [
        (2, 1), (4, 3), (10, 7),
    ])
    func livelock(steps: Int, loop: Int) {
        for threads in Self.threadCounts {
            let result = Explorer(model: Livelock(steps: steps, loop: loop), options: .init(threads: threads)).run()
            #expect(result.verdict == .trap)
            #expect(result.property == "end-state-reachability")
            #expect(result.statistics.states == steps + 1 + loop)
            let trace = result.counterexample!
            #expect(trace.cycleStart == 2)
            #expect(trace.steps.count == 2 + loop)
            #expect(Array(trace.steps.map(\.ruleName).prefix(2)) == ["Advance", "Slip"])
            #expect(trace.steps.last!.state == trace.state(before: 2))
        }
    }

    @Test("the trap check can be switched off, and then a livelock holds")
    func trapCheckOff() {
        var options = ExplorationOptions(threads: 1)
        options.checkTraps = false
        let result = Explorer(model: Livelock(steps: 4, loop: 3), options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.trapCheckSeconds == 0)
    }
}

/// Counts every reachable state by plain graph search, ignoring verdicts.
func reachableCount<M: TransitionSystem>(_ model: M) -> Int {
    var seen = Set(model.initialStates())
    var work = Array(seen)
    while let s = work.popLast() {
        for r in 0..<model.ruleCount {
            var t = s
            let ok = t.withUnsafeMutableBufferPointer { model.apply(r, to: PackedState(words: $0.baseAddress!)) }
            if ok && seen.insert(t).inserted { work.append(t) }
        }
    }
    return seen.count
}
