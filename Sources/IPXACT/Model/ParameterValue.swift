/// The value of a resolved parameter or expression.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case string(String)

    public var integerValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// SystemVerilog-style rendering: strings quoted, numbers plain.
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .string(let value): "\"\(value)\""
        }
    }
}

/// IP-XACT parameter `type` (absent means `string`).
public enum ParameterType: String, Hashable, Sendable {
    case bit, byte, shortint, int, longint, shortreal, real, string

    var isInteger: Bool {
        switch self {
        case .bit, .byte, .shortint, .int, .longint: true
        case .shortreal, .real, .string: false
        }
    }
}

/// Where a resolved value came from. Rendered by ``description`` for `describe` output.
public struct Provenance: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The component's own `parameter/value`.
        case componentDefault = "component default"
        /// A `busInterface/parameters/parameter/value` of the component.
        case interfaceValue = "interface value"
        /// A design's `configurableElementValue` on the instance's `componentRef`.
        case designOverride = "design override"
        /// The bus definition's default for a parameter the interface does not set.
        case busDefinitionDefault = "bus definition default"
        /// A design's own parameter.
        case designParameter = "design parameter"
        /// A design configuration's parameter.
        case configurationParameter = "design configuration parameter"
    }

    public var kind: Kind
    /// Where the value (or the override) is written.
    public var location: SourceLocation
    /// The expression text as written.
    public var expression: String
    /// Parameters the expression read, with their values (`PKG_D2D_VCS = 4`), in order of first use.
    public var inputs: [String]
    /// For a bus-definition default: the bus definition.
    public var busDefinition: VLNV?

    public init(kind: Kind, location: SourceLocation, expression: String, inputs: [String] = [], busDefinition: VLNV? = nil) {
        self.kind = kind
        self.location = location
        self.expression = expression
        self.inputs = inputs
        self.busDefinition = busDefinition
    }

    public var description: String {
        var text = kind.rawValue
        if let busDefinition { text += " of \(busDefinition)" }
        text += " at \(location), `\(expression)`"
        if !inputs.isEmpty { text += " with " + inputs.joined(separator: ", ") }
        return text
    }
}

/// One parameter after resolution.
public struct ResolvedParameter: Hashable, Sendable {
    /// `parameter/name`: what checks and models bind to.
    public var name: String
    /// `parameterId`: the handle expressions use.
    public var id: String
    public var type: ParameterType
    public var value: ParameterValue
    public var provenance: Provenance

    public init(name: String, id: String, type: ParameterType, value: ParameterValue, provenance: Provenance) {
        self.name = name
        self.id = id
        self.type = type
        self.value = value
        self.provenance = provenance
    }
}

extension Array where Element == ResolvedParameter {
    /// The parameter named `name` (by `parameter/name`, not id).
    public subscript(name name: String) -> ResolvedParameter? {
        first { $0.name == name }
    }
}
