/// A view of one packed state in memory the engine owns, lent to a model for the duration of a
/// call.
///
/// It is a pointer, not a value: writing through it changes the engine's scratch buffer, which
/// is why models must not keep it. Reads and writes go through ``Field``s so that no bit outside
/// a field is ever set.
public struct PackedState {
    /// The first of the layout's `wordCount` words. Package access: the modules of this
    /// package that need raw words in their successor loops (German's compiled rules) have them,
    /// a model in another package reads and writes through fields only.
    @usableFromInline package let words: UnsafeMutablePointer<UInt64>

    @inlinable @inline(__always)
    package init(words: UnsafeMutablePointer<UInt64>) {
        self.words = words
    }

    /// The field's value.
    @inlinable @inline(__always)
    public subscript(field: Field) -> Int {
        get { Int(truncatingIfNeeded: (words[field.word] &>> field.shift) & field.mask) }
        nonmutating set {
            assert(newValue >= 0 && UInt64(newValue) <= field.mask, "value \(newValue) does not fit its field")
            let cleared = words[field.word] & ~(field.mask &<< field.shift)
            words[field.word] = cleared | ((UInt64(truncatingIfNeeded: newValue) & field.mask) &<< field.shift)
        }
    }

    /// A boolean field.
    @inlinable @inline(__always)
    public subscript(flag field: Field) -> Bool {
        get { (words[field.word] &>> field.shift) & 1 != 0 }
        nonmutating set { self[field] = newValue ? 1 : 0 }
    }
}

/// A state as an owned array of words: what initial states and counterexamples carry.
public typealias StateWords = [UInt64]

extension StateLayout {
    /// Builds an owned state: all fields zero, then `body` writes the fields it sets.
    public func makeState(_ body: (PackedState) -> Void) -> StateWords {
        var words = StateWords(repeating: 0, count: wordCount)
        words.withUnsafeMutableBufferPointer { body(PackedState(words: $0.baseAddress!)) }
        return words
    }

    /// Reads a field from an owned state.
    public func value(of field: Field, in state: StateWords) -> Int {
        Int(truncatingIfNeeded: (state[field.word] >> field.shift) & field.mask)
    }

    /// Calls `body` with a view of an owned state (for evaluating predicates outside the engine).
    public func withView<R>(of state: StateWords, _ body: (PackedState) -> R) -> R {
        var copy = state
        return copy.withUnsafeMutableBufferPointer { body(PackedState(words: $0.baseAddress!)) }
    }
}
