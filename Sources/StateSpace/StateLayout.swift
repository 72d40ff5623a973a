/// Where one named variable of a model's state lives inside the packed words.
///
/// A field never straddles two words, so reading it is one shift and one mask.
public struct Field: Hashable, Sendable {
    /// Index of the 64-bit word that holds the field.
    public let word: Int
    /// Bit offset of the field's least significant bit inside that word.
    public let shift: UInt64
    /// `(1 << width) - 1`.
    public let mask: UInt64

    /// Number of bits the field occupies.
    public var width: Int { mask.nonzeroBitCount }

    /// The largest value the field can hold.
    public var maxValue: Int { Int(mask) }

    /// A field that takes no bits and always reads 0: for variables a model variant leaves out.
    public static let absent = Field(word: 0, shift: 0, mask: 0)
}

/// How a field's values read in counterexamples, waveforms and JSON.
public struct FieldDescription: Sendable {
    /// The name a person sees, e.g. `cache[2].state` or `cpu0.d2d0.vc1.credits`.
    public let name: String
    public let field: Field
    /// Names of the values `0..<valueNames.count`; `nil` prints the number.
    public let valueNames: [String]?
    /// How many distinct values the field may take (`0..<valueCount`).
    public let valueCount: Int
    /// The agent or component the field belongs to (a lifeline in sequence charts,
    /// a scope in waveforms); empty for global fields.
    public let owner: String

    @inlinable
    public init(name: String, field: Field, valueNames: [String]?, valueCount: Int, owner: String) {
        self.name = name
        self.field = field
        self.valueNames = valueNames
        self.valueCount = valueCount
        self.owner = owner
    }

    /// The value as a person should read it.
    public func render(_ value: Int) -> String {
        if let names = valueNames, value >= 0, value < names.count { return names[value] }
        return String(value)
    }
}

/// The packed layout of a model's state: how many words it takes and which named field
/// sits where.
///
/// The engine stores states as `wordCount` raw words and compares and hashes them as such, so
/// bits outside every field must stay zero; ``StateLayoutBuilder`` guarantees that by
/// construction as long as models only write through ``PackedState``'s field subscript.
public struct StateLayout: Sendable {
    /// Number of 64-bit words in one packed state.
    public let wordCount: Int
    /// Every field, in declaration order.
    public let fields: [FieldDescription]

    /// A layout of `wordCount` words with `fields` (``StateLayoutBuilder`` places fields; this
    /// is for rewriting a finished layout, e.g. renaming its fields for display).
    @inlinable
    public init(wordCount: Int, fields: [FieldDescription]) {
        self.wordCount = wordCount
        self.fields = fields
    }

    /// Total number of bits used by fields (the information content of a state).
    public var usedBits: Int { fields.reduce(0) { $0 + $1.field.width } }

    /// How many low bits of its last word the fields reach up to.
    public var bitsInLastWord: Int {
        fields.filter { $0.field.word == wordCount - 1 }
            .map { 64 - ($0.field.mask << $0.field.shift).leadingZeroBitCount }.max() ?? 0
    }
}

/// Builds a ``StateLayout`` field by field, packing fields into words first-fit in order.
public struct StateLayoutBuilder {
    @usableFromInline var fields: [FieldDescription] = []
    @usableFromInline var wordCount = 0
    @usableFromInline var usedInLastWord = 64

    public init() {}

    /// Adds a field that takes values `0..<valueCount`.
    ///
    /// - Parameters:
    ///   - name: the name a person reads in a counterexample.
    ///   - valueCount: number of distinct values (at least 1; a field with one value takes a bit anyway).
    ///   - valueNames: optional names for the values.
    ///   - owner: the agent the field belongs to, for charts and waveforms.
    public mutating func add(
        _ name: String, values valueCount: Int, names valueNames: [String]? = nil, owner: String = ""
    ) -> Field {
        precondition(valueCount >= 1, "field \(name) needs at least one value")
        let width = max(1, Int.bitWidth - (valueCount - 1).leadingZeroBitCount)
        precondition(width <= 64, "field \(name) is wider than a word")
        if usedInLastWord + width > 64 {
            wordCount += 1
            usedInLastWord = 0
        }
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        let field = Field(word: wordCount - 1, shift: UInt64(usedInLastWord), mask: mask)
        usedInLastWord += width
        fields.append(
            FieldDescription(name: name, field: field, valueNames: valueNames, valueCount: valueCount, owner: owner))
        return field
    }

    /// Adds a boolean field (`false` = 0, `true` = 1).
    public mutating func addFlag(_ name: String, owner: String = "") -> Field {
        add(name, values: 2, names: ["false", "true"], owner: owner)
    }

    /// The finished layout; a model with no fields still gets one word.
    public func build() -> StateLayout {
        StateLayout(wordCount: max(1, wordCount), fields: fields)
    }
}
