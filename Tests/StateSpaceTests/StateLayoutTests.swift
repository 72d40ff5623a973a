import StateSpace
import Testing

@Suite struct StateLayoutTests {
    @Test("fields are packed first-fit and never straddle a word")
    func packing() {
        var b = StateLayoutBuilder()
        let a = b.add("a", values: 3)  // 2 bits
        let c = b.add("c", values: 1 << 40)  // 40 bits
        let d = b.add("d", values: 1 << 30)  // 30 bits: does not fit in the 22 left
        let e = b.addFlag("e")
        let layout = b.build()
        #expect(a.word == 0 && a.shift == 0 && a.mask == 3)
        #expect(c.word == 0 && c.shift == 2 && c.width == 40)
        #expect(d.word == 1 && d.shift == 0 && d.width == 30)
        #expect(e.word == 1 && e.shift == 30 && e.width == 1)
        #expect(layout.wordCount == 2)
        #expect(layout.usedBits == 73)
        // The last word's fields reach 31 bits up (d, then e); the first word's 42 do not count.
        #expect(layout.bitsInLastWord == 31)
        #expect(StateLayoutBuilder().build().bitsInLastWord == 0)
    }

    @Test("writing a field leaves every other bit alone")
    func isolation() {
        var b = StateLayoutBuilder()
        let fields = (0..<20).map { b.add("f\($0)", values: 7) }
        let layout = b.build()
        let state = layout.makeState { s in
            for (i, f) in fields.enumerated() { s[f] = i % 7 }
            s[fields[5]] = 6
            s[fields[5]] = 0
        }
        for (i, f) in fields.enumerated() { #expect(layout.value(of: f, in: state) == (i == 5 ? 0 : i % 7)) }
        #expect(layout.changes(from: state, to: state).isEmpty)
    }

    @Test("values render by name")
    func rendering() {
        var b = StateLayoutBuilder()
        let f = b.add("cache.state", values: 3, names: ["I", "S", "E"])
        let layout = b.build()
        let before = layout.makeState { _ in }
        let after = layout.makeState { $0[f] = 2 }
        let changes = layout.changes(from: before, to: after)
        #expect(changes.count == 1)
        #expect(changes.first.map { [$0.name, $0.old, $0.new] } == ["cache.state", "I", "E"])
    }
}
