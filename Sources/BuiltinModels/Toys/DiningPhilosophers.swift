import StateSpace

/// A ring of `n` dining philosophers who each take their left fork, then their right, eat, and
/// put both down. Philosopher `i`'s left fork is fork `i`, the right one fork `(i+1) mod n`.
///
/// It deadlocks when every philosopher holds a left fork; the shortest deadlock is `n` steps.
/// Fork ownership is not stored: a fork is taken exactly when its left owner holds or eats, or
/// its right owner eats, so states are the philosophers' phases alone. The number of reachable
/// states is the trace of `A^n` for the adjacency matrix of allowed neighbour phases.
public struct DiningPhilosophers: TransitionSystem {
    enum Phase {
        static let thinking = 0
        static let hasLeft = 1
        static let eating = 2
    }

    public let philosophers: Int
    public let layout: StateLayout
    public let invariantNames = ["ForkExclusion"]
    let phase: [Field]

    public init(philosophers n: Int) {
        precondition(n >= 2, "a ring needs at least two philosophers")
        philosophers = n
        var b = StateLayoutBuilder()
        phase = (0..<n).map {
            b.add("phil[\($0)]", values: 3, names: ["thinking", "hasLeft", "eating"], owner: "phil\($0)")
        }
        layout = b.build()
    }

    public var ruleCount: Int { 3 * philosophers }

    public func ruleName(_ rule: Int) -> String {
        let i = rule % philosophers
        return ["TakeLeft", "TakeRight", "PutDown"][rule / philosophers] + "(\(i))"
    }

    public func initialStates() -> [StateWords] { [layout.makeState { _ in }] }

    /// Whether fork `f` is in someone's hand.
    private func forkTaken(_ f: Int, _ s: PackedState) -> Bool {
        let leftOwner = f
        let rightOwner = (f + philosophers - 1) % philosophers
        return s[phase[leftOwner]] != Phase.thinking || s[phase[rightOwner]] == Phase.eating
    }

    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let i = rule % philosophers
        switch rule / philosophers {
        case 0:
            guard s[phase[i]] == Phase.thinking, !forkTaken(i, s) else { return false }
            s[phase[i]] = Phase.hasLeft
        case 1:
            guard s[phase[i]] == Phase.hasLeft, !forkTaken((i + 1) % philosophers, s) else { return false }
            s[phase[i]] = Phase.eating
        default:
            guard s[phase[i]] == Phase.eating else { return false }
            s[phase[i]] = Phase.thinking
        }
        return true
    }

    /// No fork is held by two neighbours: `i` holding or eating excludes `i−1` eating.
    public func violatedInvariant(in s: PackedState) -> Int? {
        for i in 0..<philosophers {
            let left = (i + philosophers - 1) % philosophers
            if s[phase[i]] != Phase.thinking && s[phase[left]] == Phase.eating { return 0 }
        }
        return nil
    }
}
