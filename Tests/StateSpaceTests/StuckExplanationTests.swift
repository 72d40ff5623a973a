import Catalog
import StateSpace
import Testing

/// The wait-for cycle search of ``StuckExplanation``: plain graphs with known cycles.
@Suite struct StuckExplanationTests {
    func wait(_ a: String, _ b: String) -> StuckExplanation.Wait { .init(waiter: a, holder: b, reason: "\(a)>\(b)") }

    @Test("no edges, or a chain, has no cycle")
    func acyclic() {
        #expect(StuckExplanation().cycle() == nil)
        #expect(StuckExplanation(waits: [wait("a", "b"), wait("b", "c"), wait("a", "c")]).cycle() == nil)
    }

    @Test("the cycle is found past a tail that leads into it, and starts where the path enters it")
    func tailIntoCycle() {
        let e = StuckExplanation(waits: [wait("t", "a"), wait("a", "b"), wait("b", "c"), wait("c", "a")])
        #expect(e.cycle()?.map(\.waiter) == ["a", "b", "c"])
        #expect(e.cycle()?.map(\.holder) == ["b", "c", "a"])
    }

    @Test("a self-wait is a cycle of one edge; of two cycles the first in edge order wins")
    func firstCycle() {
        #expect(StuckExplanation(waits: [wait("x", "x")]).cycle()?.map(\.waiter) == ["x"])
        let e = StuckExplanation(waits: [wait("a", "b"), wait("b", "a"), wait("c", "d"), wait("d", "c")])
        #expect(e.cycle()?.map(\.waiter) == ["a", "b"])
        // A dead end tried first does not hide the cycle behind the second edge.
        let f = StuckExplanation(waits: [wait("a", "z"), wait("a", "b"), wait("b", "a")])
        #expect(f.cycle()?.map(\.waiter) == ["a", "b"])
    }

    @Test("renaming reaches every string")
    func renaming() {
        let e = StuckExplanation(
            blocked: [.init(party: "die0", action: "go(die0)", reason: "die1 first")],
            resources: [.init(name: "die0 buf", state: "die1")], waits: [wait("die0 buf", "die1 buf")])
        let r = e.renamed { replacingWords(in: $0, ["die0": "cpu0", "die1": "xpu0"]) }
        #expect(r.blocked == [.init(party: "cpu0", action: "go(cpu0)", reason: "xpu0 first")])
        #expect(r.resources == [.init(name: "cpu0 buf", state: "xpu0")])
        #expect(r.waits == [.init(waiter: "cpu0 buf", holder: "xpu0 buf", reason: "cpu0 buf>xpu0 buf")])
    }
}
