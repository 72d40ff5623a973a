import StateSpace

/// A small transition system generated from a seed, for differential testing: `valueCount`
/// abstract states spread over several fields (some wide, so states span several words), rules
/// given by random successor tables, a random bad value and random legitimate ends.
public struct RandomSystem: TransitionSystem {
    public let layout: StateLayout
    public let invariantNames = ["NotBad"]
    public let ruleCount: Int
    let digits: [Field]
    let base: Int
    let next: [[Int]]  // next[rule][value] or -1 when the guard is false
    let initial: [Int]
    let bad: Int?
    let ends: Set<Int>
    public let definesLegitimateEnds: Bool

    /// A tiny deterministic generator (SplitMix64), so a seed means the same system everywhere.
    public struct Generator {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        public mutating func int(_ range: Range<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
    }

    public init(seed: UInt64) {
        var g = Generator(seed: seed)
        let base = g.int(2..<5)
        let digitCount = g.int(1..<5)
        var valueCount = 1
        for _ in 0..<digitCount { valueCount *= base }
        var b = StateLayoutBuilder()
        // Alternate narrow and very wide fields so that some systems need several words.
        digits = (0..<digitCount).map { d in
            b.add("d\(d)", values: d % 2 == 1 && g.int(0..<2) == 0 ? 1 << 40 : base, owner: "agent\(d)")
        }
        layout = b.build()
        self.base = base
        ruleCount = g.int(1..<6)
        let density = g.int(20..<90)
        next = (0..<ruleCount).map { _ in
            (0..<valueCount).map { _ in g.int(0..<100) < density ? g.int(0..<valueCount) : -1 }
        }
        initial = (0..<g.int(1..<4)).map { _ in g.int(0..<valueCount) }
        bad = g.int(0..<3) == 0 ? g.int(0..<valueCount) : nil
        definesLegitimateEnds = g.int(0..<3) != 0
        ends = Set((0..<g.int(0..<4)).map { _ in g.int(0..<valueCount) })
    }

    func value(_ s: PackedState) -> Int {
        var v = 0
        for d in digits.reversed() { v = v * base + s[d] }
        return v
    }

    func store(_ v: Int, _ s: PackedState) {
        var v = v
        for d in digits {
            s[d] = v % base
            v /= base
        }
    }

    public func ruleName(_ rule: Int) -> String { "R\(rule)" }

    public func initialStates() -> [StateWords] { initial.map { v in layout.makeState { store(v, $0) } } }

    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let target = next[rule][value(s)]
        guard target >= 0 else { return false }
        store(target, s)
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? { value(s) == bad ? 0 : nil }

    public func isLegitimateEnd(_ s: PackedState) -> Bool { ends.contains(value(s)) }
}
