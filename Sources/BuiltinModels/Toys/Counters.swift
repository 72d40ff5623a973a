import StateSpace

/// `n` independent counters, each counting from 0 up to `k - 1`: exactly `k^n` states,
/// `n·(k−1)·k^(n−1)` rule firings and depth `n·(k−1)`. The state where every counter is at its
/// top is the legitimate end. A model whose every figure is known in closed form, for testing
/// the engine.
public struct Counters: TransitionSystem {
    public let counters: Int
    public let limit: Int
    public let layout: StateLayout
    public let invariantNames: [String] = []
    let fields: [Field]

    public init(counters n: Int, limit k: Int) {
        precondition(n >= 1 && k >= 1, "counters needs n >= 1 and k >= 1")
        counters = n
        limit = k
        var b = StateLayoutBuilder()
        fields = (0..<n).map { b.add("c[\($0)]", values: k, owner: "counter\($0)") }
        layout = b.build()
    }

    public var ruleCount: Int { counters }
    public func ruleName(_ rule: Int) -> String { "Inc(\(rule))" }
    public func initialStates() -> [StateWords] { [layout.makeState { _ in }] }

    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        guard s[fields[rule]] < limit - 1 else { return false }
        s[fields[rule]] += 1
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? { nil }
    public var definesLegitimateEnds: Bool { true }
    public func isLegitimateEnd(_ s: PackedState) -> Bool {
        fields.allSatisfy { s[$0] == limit - 1 }
    }
}
