/// A model the engine can explore: a transition system in the style of Murphi rules.
///
/// The model says how its state is packed (``layout``), which states it starts in, which rules
/// exist, and for each rule a guard and an action folded into one call, ``apply(_:to:)``. It
/// also names its invariants and which stuck states are legitimate ends.
///
/// The engine calls the model from several threads at once with different state buffers, so
/// conforming types are immutable values (`Sendable`). Everything a rule needs beyond the state
/// (sizes, field handles, rule tables) is computed once in the model's initialiser.
///
/// ```
///            ┌───────────── apply(rule, to: s) ─────────────┐
///   state s ─┤ guard false → returns false, s untouched     │
///            │ guard true  → s becomes the successor, true  │
///            └──────────────────────────────────────────────┘
/// ```
public protocol TransitionSystem: Sendable {
    /// The packed layout of every state.
    var layout: StateLayout { get }

    /// Number of rule instances; rules are numbered `0..<ruleCount` and tried in that order, so
    /// counterexamples are deterministic.
    var ruleCount: Int { get }

    /// The name of a rule instance as a person reads it, e.g. `SendReqS(client 2)`.
    func ruleName(_ rule: Int) -> String

    /// Every initial state, each `layout.wordCount` words (build them with `layout.makeState`).
    func initialStates() -> [StateWords]

    /// Fires `rule` on `state` if its guard holds.
    ///
    /// Contract: when the guard is false the method returns `false` and leaves `state`
    /// untouched; when it is true it overwrites `state` with the successor and returns `true`.
    /// It must not allocate: the engine calls it billions of times.
    func apply(_ rule: Int, to state: PackedState) -> Bool

    /// Names of the invariants, indexed as ``violatedInvariant(in:)`` reports them.
    var invariantNames: [String] { get }

    /// The index of the first invariant that fails in `state`, or `nil` when all hold.
    func violatedInvariant(in state: PackedState) -> Int?

    /// Whether the model distinguishes legitimate end states (quiescent: nothing outstanding).
    ///
    /// When `true`, a stuck state that is a legitimate end is not a deadlock, and the engine
    /// checks that a legitimate end stays reachable from every reachable state (trap check).
    /// When `false`, every stuck state is a deadlock and there is no trap check.
    var definesLegitimateEnds: Bool { get }

    /// Whether `state` is a legitimate end state.
    func isLegitimateEnd(_ state: PackedState) -> Bool

    /// Interchangeable agents, for symmetry reduction (`nil`: none declared).
    var symmetry: AgentSymmetry? { get }

    /// Fires every enabled rule of `source` in rule order: for each, writes the successor into
    /// `successor` and calls `sink.emit(rule)`; when `emit` returns, `successor` must hold `source`
    /// again before the next rule is tried. `successor` holds a copy of `source` on entry.
    ///
    /// The default tries ``apply(_:to:)`` for every rule. A model whose rules come in families
    /// (one rule per client, say) can do the same work with a loop per family and no dispatch
    /// per rule: the engine spends most of its time here. An override must produce exactly the
    /// same rules and successors as `apply` in the same order; the tests of such a model compare
    /// the two.
    func forEachSuccessor<Sink: SuccessorSink>(of source: PackedState, into successor: PackedState, sink: inout Sink)
}

/// Where a model's ``TransitionSystem/forEachSuccessor(of:into:sink:)`` delivers successors.
public protocol SuccessorSink {
    /// Rule `rule` fired; the successor is in the `successor` buffer the model was given.
    mutating func emit(_ rule: Int)

    /// A one-word state's successors, all at once: rule `rules[k]` leads to the state whose one
    /// word is `words[k]`, for `k` in `0..<count`, in rule order. Only for layouts of one word;
    /// `successor` is the buffer the model was given, which holds the source again on return.
    ///
    /// A model that builds its successors as words can hand a whole state's over in one call:
    /// the explorer then hashes and batches them in a tight loop, without a call, a store into
    /// the buffer and a restore per successor. The default feeds them to ``emit(_:)`` one by one.
    ///
    /// Raw words, so it is SPI: a model imports it with `@_spi(UnsafeSuccessors) import
    /// StateSpace`, stating that it hands the engine words it has checked itself. (A sink
    /// defined outside this module needs that import too, to see the default below.)
    @_spi(UnsafeSuccessors)
    mutating func emit(oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int,
                       successor: PackedState)
}

extension SuccessorSink {
    @_spi(UnsafeSuccessors) @inlinable
    public mutating func emit(oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int,
                              successor: PackedState) {
        emitOneByOne(oneWordSuccessors: words, rules: rules, count: count, successor: successor)
    }

    /// Feeds one-word successors to ``emit(_:)`` one at a time through the `successor` buffer,
    /// which holds the source again on return: what a sink without a faster path does.
    @inlinable
    package mutating func emitOneByOne(
        oneWordSuccessors words: UnsafePointer<UInt64>, rules: UnsafePointer<Int>, count: Int, successor: PackedState
    ) {
        let source = successor.words[0]
        for k in 0..<count {
            successor.words[0] = words[k]
            emit(rules[k])
        }
        successor.words[0] = source
    }
}

extension TransitionSystem {
    @inlinable public var definesLegitimateEnds: Bool { false }
    @inlinable public func isLegitimateEnd(_ state: PackedState) -> Bool { false }
    @inlinable public var symmetry: AgentSymmetry? { nil }

    @inlinable @inline(__always)
    public func forEachSuccessor<Sink: SuccessorSink>(of source: PackedState, into successor: PackedState, sink: inout Sink) {
        let count = layout.wordCount
        for rule in 0..<ruleCount where apply(rule, to: successor) {
            sink.emit(rule)
            copyWords(successor.words, from: source.words, count: count)
        }
    }
}
