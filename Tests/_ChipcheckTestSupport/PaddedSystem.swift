import StateSpace

/// A model with a constant field of all ones laid out after its own fields, so that its states
/// reach up to bit `topBit - 1` of their last word: the store keeps one-word states inline only
/// while their fields leave a bit free, and with as few stamp bits as the word leaves over.
/// Rules, invariants and ends are the wrapped model's; the padding never changes.
public struct PaddedSystem<Base: TransitionSystem>: TransitionSystem {
    public let base: Base
    public let layout: StateLayout
    let padding: Field

    /// `base` with padding up to `topBit` bits in its last word (more than the base uses).
    public init(_ base: Base, topBit: Int) {
        self.base = base
        var builder = StateLayoutBuilder()
        // First-fit packing puts the same fields in the same places again.
        for f in base.layout.fields {
            let again = builder.add(f.name, values: f.valueCount, names: f.valueNames, owner: f.owner)
            precondition(again == f.field, "the base layout does not repack the same way")
        }
        let used = base.layout.fields.last.map { Int($0.field.shift) + $0.field.width } ?? 0
        precondition(topBit > used && topBit <= 64 && topBit - used <= 63, "the padding must fit the last word")
        let width = topBit - used
        padding = builder.add("padding", values: width == 63 ? Int.max : 1 << width, owner: "padding")
        layout = builder.build()
        precondition(layout.wordCount == base.layout.wordCount, "the padding must fit the last word")
    }

    public var ruleCount: Int { base.ruleCount }
    public func ruleName(_ rule: Int) -> String { base.ruleName(rule) }
    public var invariantNames: [String] { base.invariantNames }
    public var definesLegitimateEnds: Bool { base.definesLegitimateEnds }

    public func initialStates() -> [StateWords] {
        base.initialStates().map { words in
            var padded = words
            padded.withUnsafeMutableBufferPointer { PackedState(words: $0.baseAddress!)[padding] = Int(truncatingIfNeeded: padding.mask) }
            return padded
        }
    }

    public func apply(_ rule: Int, to state: PackedState) -> Bool { base.apply(rule, to: state) }
    public func violatedInvariant(in state: PackedState) -> Int? { base.violatedInvariant(in: state) }
    public func isLegitimateEnd(_ state: PackedState) -> Bool { base.isLegitimateEnd(state) }
}
