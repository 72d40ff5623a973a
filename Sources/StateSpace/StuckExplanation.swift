/// Why a state is stuck, in the words of the model: who has work to do and what stops it, and
/// which resources wait for which.
///
/// The engine knows no protocol, so it cannot say why a deadlock happens; a model can. A model
/// that conforms to ``ExplainsStuckStates`` describes a stuck state with strings only: the
/// *blocked parties* (an agent or channel, the action it would take, and the guard that fails,
/// with the numbers) and the *wait-for edges* among resources (buffers, credits): "this buffer
/// cannot drain until that credit comes back". The engine finds a cycle among the edges
/// (``cycle``): in a credit deadlock the cycle is the deadlock, and it names the resources a
/// designer must change.
///
/// Everything is plain text so that the renaming that gives a link model's generic names the
/// descriptor's names (``AnyTransitionSystem/renamed(_:)``) applies here as well.
public struct StuckExplanation: Sendable, Hashable {
    /// An agent or channel that has something to do and cannot.
    public struct Blocked: Sendable, Hashable {
        /// Who (`die1`, `rn0`, `link.gpu→cpu.REQ`).
        public var party: String
        /// What it would do (`serveRequest(VC0→VC0)`).
        public var action: String
        /// The guard that fails, with the values that make it fail (`needs a VC0 credit: 0 of 1`).
        public var reason: String

        public init(party: String, action: String, reason: String) {
            self.party = party
            self.action = action
            self.reason = reason
        }
    }

    /// A resource of the wait-for graph and its state in words.
    public struct Resource: Sendable, Hashable {
        /// The resource's name (`die1 VC0 receive buffer`); edges refer to it by this name.
        public var name: String
        /// Its state (`full: 1 of 1, head Req`).
        public var state: String

        public init(name: String, state: String) {
            self.name = name
            self.state = state
        }
    }

    /// `waiter` cannot be released before `holder` is: an edge of the wait-for graph.
    public struct Wait: Sendable, Hashable {
        public var waiter: String
        public var holder: String
        /// Why, in words (`its head request leaves only with a response on VC0`).
        public var reason: String

        public init(waiter: String, holder: String, reason: String) {
            self.waiter = waiter
            self.holder = holder
            self.reason = reason
        }
    }

    public var blocked: [Blocked]
    public var resources: [Resource]
    public var waits: [Wait]

    public init(blocked: [Blocked] = [], resources: [Resource] = [], waits: [Wait] = []) {
        self.blocked = blocked
        self.resources = resources
        self.waits = waits
    }

    /// Whether the model said nothing.
    public var isEmpty: Bool { blocked.isEmpty && waits.isEmpty }

    /// The state of a named resource, if the model gave one.
    public func state(of resource: String) -> String? { resources.first { $0.name == resource }?.state }

    /// The first cycle of the wait-for graph, as its edges in order (each edge's holder is the
    /// next edge's waiter, the last edge's holder the first edge's waiter); `nil` when the graph
    /// has none.
    ///
    /// A depth-first search from every resource in the order the edges first name them, trying
    /// edges in the order the model gave them: the same explanation always yields the same
    /// cycle.
    public func cycle() -> [Wait]? {
        var order: [String] = []
        var index: [String: Int] = [:]
        for w in waits {
            for name in [w.waiter, w.holder] where index[name] == nil {
                index[name] = order.count
                order.append(name)
            }
        }
        var outgoing = [[Int]](repeating: [], count: order.count)
        for (e, w) in waits.enumerated() { outgoing[index[w.waiter]!].append(e) }
        // 0: not visited, 1: on the current path, 2: done.
        var mark = [UInt8](repeating: 0, count: order.count)
        var path: [Int] = []  // edges from the search's root to the current node

        func visit(_ node: Int) -> [Wait]? {
            mark[node] = 1
            for e in outgoing[node] {
                let next = index[waits[e].holder]!
                if mark[next] == 1 {
                    // The cycle starts at the edge on the path that leaves `next`.
                    let edges = path + [e]
                    let start = edges.firstIndex { index[waits[$0].waiter]! == next }!
                    return edges[start...].map { waits[$0] }
                }
                if mark[next] == 0 {
                    path.append(e)
                    if let found = visit(next) { return found }
                    path.removeLast()
                }
            }
            mark[node] = 2
            return nil
        }
        for node in order.indices where mark[node] == 0 {
            if let found = visit(node) { return found }
        }
        return nil
    }

    /// The same explanation with every name passed through `rename`.
    public func renamed(_ rename: (String) -> String) -> StuckExplanation {
        StuckExplanation(
            blocked: blocked.map { Blocked(party: rename($0.party), action: rename($0.action), reason: rename($0.reason)) },
            resources: resources.map { Resource(name: rename($0.name), state: rename($0.state)) },
            waits: waits.map { Wait(waiter: rename($0.waiter), holder: rename($0.holder), reason: rename($0.reason)) })
    }
}

/// A model that can say why a stuck state is stuck (see ``StuckExplanation``), and what keeps
/// a state from being a legitimate end (for traps).
///
/// Optional: a model that does not conform gets no explanation, and the reports say only that
/// no rule can fire. Called once per report, outside the exploration, so it may allocate.
public protocol ExplainsStuckStates {
    /// Why `state` (a state in which no rule is enabled) is stuck.
    func explainStuck(_ state: PackedState) -> StuckExplanation

    /// What keeps `state` from being a legitimate end, one item per piece of unfinished work
    /// (`die0 has 1 request outstanding`), in a fixed order; empty for a legitimate end.
    func unfinishedWork(_ state: PackedState) -> [String]
}

extension ExplainsStuckStates {
    public func unfinishedWork(_ state: PackedState) -> [String] { [] }
}

/// Why a trap's cycle never reaches a legitimate end: the rules that go round it, and the
/// unfinished work found in every state of the cycle (what none of its steps ever completes).
public struct TrapExplanation: Sendable, Hashable {
    /// The cycle's rules in order.
    public var cycleRules: [String]
    /// Work unfinished in every state of the cycle, in the model's order.
    public var unfinishedThroughout: [String]

    public init(cycleRules: [String], unfinishedThroughout: [String]) {
        self.cycleRules = cycleRules
        self.unfinishedThroughout = unfinishedThroughout
    }

    /// The explanation of `trace`'s cycle, given the model's ``ExplainsStuckStates/unfinishedWork(_:)``
    /// over owned states; `nil` when the trace has no cycle.
    public static func make(_ trace: Counterexample, unfinished: (StateWords) -> [String]) -> TrapExplanation? {
        guard let start = trace.cycleStart, start < trace.steps.count else { return nil }
        var common = unfinished(trace.state(before: start))
        for index in start..<trace.steps.count {
            let here = Set(unfinished(trace.steps[index].state))
            common = common.filter { here.contains($0) }
        }
        return TrapExplanation(cycleRules: trace.steps[start...].map(\.ruleName), unfinishedThroughout: common)
    }
}

/// A model's explanations over owned states, kept by ``AnyTransitionSystem``.
@usableFromInline
struct StateExplainer: Sendable {
    let stuck: @Sendable (StateWords) -> StuckExplanation
    let unfinished: @Sendable (StateWords) -> [String]

    /// The explainer of `model`, if it has one.
    @usableFromInline
    static func of<Model: TransitionSystem>(_ model: Model) -> StateExplainer? {
        guard let explaining = model as? any (ExplainsStuckStates & TransitionSystem) else { return nil }
        let layout = model.layout
        return StateExplainer(
            stuck: { state in layout.withView(of: state) { explaining.explainStuck($0) } },
            unfinished: { state in layout.withView(of: state) { explaining.unfinishedWork($0) } })
    }

    /// The same with every name passed through `rename`.
    func renamed(_ rename: @escaping @Sendable (String) -> String) -> StateExplainer {
        let original = self
        return StateExplainer(
            stuck: { original.stuck($0).renamed(rename) }, unfinished: { original.unfinished($0).map(rename) })
    }
}
