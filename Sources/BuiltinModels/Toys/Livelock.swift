import StateSpace

/// A livelock with no deadlock: a job advances through `steps` stages to completion (the
/// legitimate end), but at stage 1 it may slip into a retry loop of `loop` states that it
/// never leaves. Deadlock detection sees nothing wrong (every loop state has a successor);
/// the trap check must report the loop, entered after 2 steps, with a cycle of `loop` steps.
///
/// States: `steps + 1` stages plus `loop` loop states.
public struct Livelock: TransitionSystem {
    public let steps: Int
    public let loop: Int
    public let layout: StateLayout
    public let invariantNames: [String] = []
    let looping: Field
    let position: Field

    public init(steps: Int, loop: Int) {
        precondition(steps >= 2 && loop >= 1, "livelock needs steps >= 2 and loop >= 1")
        self.steps = steps
        self.loop = loop
        var b = StateLayoutBuilder()
        looping = b.addFlag("retrying", owner: "job")
        position = b.add("position", values: max(steps + 1, loop), owner: "job")
        layout = b.build()
    }

    public var ruleCount: Int { 3 }
    public func ruleName(_ rule: Int) -> String { ["Advance", "Slip", "Retry"][rule] }
    public func initialStates() -> [StateWords] { [layout.makeState { _ in }] }

    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let retrying = s[flag: looping]
        let p = s[position]
        switch rule {
        case 0:
            guard !retrying, p < steps else { return false }
            s[position] = p + 1
        case 1:
            guard !retrying, p == 1 else { return false }
            s[flag: looping] = true
            s[position] = 0
        default:
            guard retrying else { return false }
            s[position] = (p + 1) % loop
        }
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? { nil }
    public var definesLegitimateEnds: Bool { true }
    public func isLegitimateEnd(_ s: PackedState) -> Bool { !s[flag: looping] && s[position] == steps }
}
