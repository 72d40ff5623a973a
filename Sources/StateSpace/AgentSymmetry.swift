/// Interchangeable agents of a model (clients of a directory, caching agents of a die), for
/// symmetry reduction: states that differ only by a renaming of these agents behave alike, so
/// the explorer stores one representative of each class.
///
/// Every agent owns the same list of fields, in the same order (`agents[a][k]` is field `k` of
/// agent `a`). Fields outside the agents must not depend on agent identity, except *pointer*
/// fields, whose value names one agent (`value - offset` is an agent index; values below
/// `offset` mean no agent, e.g. undefined) and which are renamed along with the agents.
///
/// The representative is found by sorting the agents by their fields (and by which pointer
/// fields name them). Two agents that compare equal are identical in every field and no
/// pointer can tell them apart, so the order among them does not matter: the sorted state is
/// the same for every member of the class, the exact canonical form that trying all `n!`
/// renamings would give, at the cost of a sort.
///
/// Soundness: the reduction is sound for every property the engine checks when the model's
/// rules, invariants and legitimate ends treat all agents alike (renaming agents in a state
/// renames its successors, keeps invariants' truth and keeps end states end states): then a
/// state is reachable, violating, stuck or trapped exactly when its representative is.
public struct AgentSymmetry: Sendable {
    public struct Pointer: Sendable {
        public let field: Field
        public let offset: Int

        public init(field: Field, offset: Int) {
            self.field = field
            self.offset = offset
        }
    }

    public let agents: [[Field]]
    public let pointers: [Pointer]

    public init(agents: [[Field]], pointers: [Pointer] = []) {
        precondition(agents.allSatisfy { $0.count == agents.first?.count }, "every agent needs the same fields")
        precondition(agents.count <= 64, "at most 64 interchangeable agents")
        self.agents = agents
        self.pointers = pointers
    }

    /// Rewrites `state` into its class representative, using `scratch` (at least
    /// `wordCount` words) as a copy of the original. Returns without change for one agent.
    @inlinable @inline(__always)
    package func canonicalize(_ state: PackedState, scratch: UnsafeMutablePointer<UInt64>, wordCount: Int) {
        let n = agents.count
        guard n > 1 else { return }
        copyWords(scratch, from: state.words, count: wordCount)
        let original = PackedState(words: scratch)
        // Insertion sort of agent indices by their key; n is small (typically 2..8).
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { order in
            for a in 0..<n { order[a] = a }
            for i in 1..<n {
                let a = order[i]
                var j = i
                while j > 0 && less(a, order[j - 1], original) {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = a
            }
            // Agent slot j takes the fields of original agent order[j].
            for j in 0..<n where order[j] != j {
                let from = agents[order[j]]
                let to = agents[j]
                for k in 0..<from.count { state[to[k]] = original[from[k]] }
            }
            for p in pointers {
                let v = original[p.field]
                guard v >= p.offset else { continue }
                let agent = v - p.offset
                var newIndex = 0
                while order[newIndex] != agent { newIndex += 1 }
                state[p.field] = newIndex + p.offset
            }
        }
    }

    /// Orders agents by the pointers that name them first, then by their fields.
    @inlinable @inline(__always)
    func less(_ a: Int, _ b: Int, _ s: PackedState) -> Bool {
        for p in pointers {
            let v = s[p.field] - p.offset
            let pa = v == a
            let pb = v == b
            if pa != pb { return pa }
        }
        let fa = agents[a]
        let fb = agents[b]
        for k in 0..<fa.count {
            let x = s[fa[k]]
            let y = s[fb[k]]
            if x != y { return x < y }
        }
        return false
    }
}
