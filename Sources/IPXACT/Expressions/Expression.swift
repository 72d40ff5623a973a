/// Parsed form of an IP-XACT (SystemVerilog-style) constant expression.
indirect enum Expression: Hashable, Sendable {
    case literal(ParameterValue)
    /// A parameterId (or `true`/`false`, folded to literals by the parser). `offset` is the
    /// character offset in the source text, for messages.
    case identifier(String, offset: Int)
    case unary(UnaryOperator, Expression, offset: Int)
    case binary(BinaryOperator, Expression, Expression, offset: Int)
    /// A left-to-right chain of two or more binary operators at one nesting level
    /// (`a + b * c - d` is `a`, then `+ (b * c)`, then `- d`). A flat sum of a million terms is one
    /// node with a million links, so neither evaluation nor destruction recurses per term.
    case chain(Expression, [ChainLink])
    case conditional(Expression, Expression, Expression)
    case call(String, [Expression], offset: Int)

    /// Identifiers the expression mentions, in order of first appearance.
    var identifiers: [String] {
        var seen: [String] = []
        var known: Set<String> = []
        func walk(_ expression: Expression) {
            switch expression {
            case .literal: break
            case .identifier(let name, _): if known.insert(name).inserted { seen.append(name) }
            case .unary(_, let operand, _): walk(operand)
            case .binary(_, let lhs, let rhs, _): walk(lhs); walk(rhs)
            case .chain(let first, let links): walk(first); links.forEach { walk($0.operand) }
            case .conditional(let condition, let whenTrue, let whenFalse): walk(condition); walk(whenTrue); walk(whenFalse)
            case .call(_, let arguments, _): arguments.forEach(walk)
            }
        }
        walk(self)
        return seen
    }
}

/// One step of an ``Expression/chain(_:_:)``: apply `op` to the value so far and `operand`.
struct ChainLink: Hashable, Sendable {
    var op: BinaryOperator
    var operand: Expression
    /// Character offset of the operator, for messages.
    var offset: Int
}

enum UnaryOperator: String, Hashable, Sendable {
    case plus = "+", minus = "-", logicalNot = "!", bitwiseNot = "~"
}

enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case power = "**"
    case multiply = "*", divide = "/", modulo = "%"
    case add = "+", subtract = "-"
    case shiftLeft = "<<", shiftRight = ">>", arithmeticShiftLeft = "<<<", arithmeticShiftRight = ">>>"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case equal = "==", notEqual = "!="
    case bitwiseAnd = "&"
    case bitwiseXor = "^", bitwiseXnor = "~^"
    case bitwiseOr = "|"
    case logicalAnd = "&&"
    case logicalOr = "||"

    /// Binding strength, following IEEE 1800 operator precedence (higher binds tighter).
    var precedence: Int {
        switch self {
        case .power: 12
        case .multiply, .divide, .modulo: 11
        case .add, .subtract: 10
        case .shiftLeft, .shiftRight, .arithmeticShiftLeft, .arithmeticShiftRight: 9
        case .less, .lessEqual, .greater, .greaterEqual: 8
        case .equal, .notEqual: 7
        case .bitwiseAnd: 6
        case .bitwiseXor, .bitwiseXnor: 5
        case .bitwiseOr: 4
        case .logicalAnd: 3
        case .logicalOr: 2
        }
    }
}

/// Why an expression could not be parsed or evaluated.
public struct ExpressionFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: DiagnosticCode
    public var message: String
    /// Character offset in the expression text where the problem is.
    public var offset: Int
    public var suggestion: String?
    /// Set when the failure is the consequence of another parameter's failure that has already
    /// been reported; callers then stay silent instead of repeating the root cause.
    var alreadyReported = false

    static func dependencyFailed(offset: Int) -> ExpressionFailure {
        var failure = ExpressionFailure(code: .expressionSyntax, message: "depends on a parameter that failed", offset: offset)
        failure.alreadyReported = true
        return failure
    }

    public init(code: DiagnosticCode, message: String, offset: Int, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.suggestion = suggestion
    }

    public var description: String { "[\(code.rawValue)] \(message) (offset \(offset))" }
}
