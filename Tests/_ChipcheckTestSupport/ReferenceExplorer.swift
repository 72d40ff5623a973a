@_spi(UnsafeSuccessors) import StateSpace

/// A deliberately naive explorer, written for obviousness rather than speed: a `Set`-free
/// dictionary of states, an array as the queue, one level at a time. It applies the same
/// definitions as the engine (see `Verdict`) and serves as the oracle the engine is checked
/// against.
public struct ReferenceResult: Equatable {
    public var verdict: Verdict
    public var property: String?
    /// Distinct states stored when the search ended: the whole space (holds, trap); at a
    /// deadlock, every state before the deadlocked one in breadth-first order and all their
    /// successors; at a violation, everything up to the end of the violating state's level.
    public var states: Int
    /// Rule firings up to the same point.
    public var rulesFired: Int
    /// The counterexample's rule sequence.
    public var trace: [Int]
    public var cycleStart: Int?
}

public enum ReferenceExplorer {
    public static func explore<M: TransitionSystem>(_ model: M, checkTraps: Bool = true) -> ReferenceResult {
        var index: [StateWords: Int] = [:]
        var states: [StateWords] = []
        var parent: [(Int, Int)?] = []

        func path(to i: Int) -> [Int] {
            var rules: [Int] = []
            var j = i
            while let (p, r) = parent[j] {
                rules.append(r)
                j = p
            }
            return rules.reversed()
        }
        func invariant(_ s: StateWords) -> Int? { model.layout.withView(of: s) { model.violatedInvariant(in: $0) } }
        func successors(_ s: StateWords) -> [(Int, StateWords)] {
            (0..<model.ruleCount).compactMap { r in
                var t = s
                let ok = t.withUnsafeMutableBufferPointer { model.apply(r, to: PackedState(words: $0.baseAddress!)) }
                return ok ? (r, t) : nil
            }
        }

        for s in model.initialStates() where index[s] == nil {
            index[s] = states.count
            states.append(s)
            parent.append(nil)
        }
        if let i = states.indices.first(where: { invariant(states[$0]) != nil }) {
            return ReferenceResult(
                verdict: .violation, property: model.invariantNames[invariant(states[i])!], states: states.count,
                rulesFired: 0, trace: path(to: i))
        }
        var fired = 0
        var level = 0..<states.count
        while !level.isEmpty {
            for i in level {
                let next = successors(states[i])
                // The search stops where it meets the first deadlocked state.
                if next.isEmpty && !model.layout.withView(of: states[i], { model.isLegitimateEnd($0) }) {
                    return ReferenceResult(
                        verdict: .deadlock, property: "deadlock-freedom", states: states.count, rulesFired: fired,
                        trace: path(to: i))
                }
                fired += next.count
                for (r, t) in next where index[t] == nil {
                    index[t] = states.count
                    states.append(t)
                    parent.append((i, r))
                }
            }
            let newLevel = level.upperBound..<states.count
            if let v = newLevel.first(where: { invariant(states[$0]) != nil }) {
                return ReferenceResult(
                    verdict: .violation, property: model.invariantNames[invariant(states[v])!], states: states.count,
                    rulesFired: fired, trace: path(to: v))
            }
            level = newLevel
        }
        var result = ReferenceResult(verdict: .holds, states: states.count, rulesFired: fired, trace: [])
        guard checkTraps, model.definesLegitimateEnds else { return result }

        // Fixpoint: a state can finish if it is an end or some successor can finish.
        var canFinish = states.map { s in model.layout.withView(of: s) { model.isLegitimateEnd($0) } }
        let edges = states.map { successors($0).map { index[$0.1]! } }
        var changed = true
        while changed {
            changed = false
            for i in states.indices where !canFinish[i] && edges[i].contains(where: { canFinish[$0] }) {
                canFinish[i] = true
                changed = true
            }
        }
        guard let entry = states.indices.first(where: { !canFinish[$0] }) else { return result }
        var trace = path(to: entry)
        var seen = [entry: trace.count]
        var current = entry
        while true {
            let (rule, next) = successors(states[current])[0]
            trace.append(rule)
            let j = index[next]!
            if let start = seen[j] {
                result.verdict = .trap
                result.property = "end-state-reachability"
                result.trace = trace
                result.cycleStart = start
                return result
            }
            seen[j] = trace.count
            current = j
        }
    }
}

/// Checks a model's ``TransitionSystem/forEachSuccessor(of:into:sink:)`` against its rules one
/// by one: on every reachable state (up to `limit`), the same rules in the same order with the
/// same successors, and the source restored. Returns the states compared, or a description of
/// the first difference.
public enum SuccessorConsistency {
    public struct Difference: Error, CustomStringConvertible {
        public let description: String
    }

    struct Recorder: SuccessorSink {
        let buffer: UnsafeMutablePointer<UInt64>
        let count: Int
        var seen: [(Int, StateWords)] = []
        mutating func emit(_ rule: Int) { seen.append((rule, Array(UnsafeBufferPointer(start: buffer, count: count)))) }
    }

    public static func check<M: TransitionSystem>(_ model: M, limit: Int = 100_000) -> Result<Int, Difference> {
        let words = model.layout.wordCount
        var seen = Set(model.initialStates())
        var work = Array(seen)
        var compared = 0
        while let s = work.popLast(), compared < limit {
            compared += 1
            var expected: [(Int, StateWords)] = []
            for r in 0..<model.ruleCount {
                var t = s
                if t.withUnsafeMutableBufferPointer({ model.apply(r, to: PackedState(words: $0.baseAddress!)) }) {
                    expected.append((r, t))
                }
            }
            var source = s
            var successor = s
            let got: [(Int, StateWords)] = source.withUnsafeMutableBufferPointer { src in
                successor.withUnsafeMutableBufferPointer { dst in
                    var recorder = Recorder(buffer: dst.baseAddress!, count: words)
                    model.forEachSuccessor(
                        of: PackedState(words: src.baseAddress!), into: PackedState(words: dst.baseAddress!), sink: &recorder)
                    return recorder.seen
                }
            }
            guard got.map(\.0) == expected.map(\.0), got.map(\.1) == expected.map(\.1) else {
                return .failure(Difference(description: "state \(s): rules \(got.map(\.0)) from forEachSuccessor, \(expected.map(\.0)) from apply"))
            }
            guard successor == s else {
                return .failure(Difference(description: "state \(s): forEachSuccessor did not restore the successor buffer"))
            }
            for (_, t) in expected where seen.insert(t).inserted { work.append(t) }
        }
        return .success(compared)
    }
}
