import Foundation

/// Evaluates IP-XACT constant expressions on 64-bit signed integers, reals and strings.
///
/// Integer arithmetic is checked: overflow, division by zero and shifts past 63 bits are reported,
/// never wrapped. `&&`, `||` and `?:` evaluate only what decides the result, so a guarded
/// `N == 0 ? 0 : M / N` is fine.
public struct ExpressionEvaluator {
    /// Looks an identifier up; throws to report an unknown or failed parameter.
    let lookup: (String, Int) throws(ExpressionFailure) -> ParameterValue

    init(lookup: @escaping (String, Int) throws(ExpressionFailure) -> ParameterValue) {
        self.lookup = lookup
    }

    /// Parses and evaluates `text` with `parameters` as the identifiers in scope.
    public static func evaluate(_ text: String, parameters: [String: ParameterValue] = [:]) -> Result<ParameterValue, ExpressionFailure> {
        do throws(ExpressionFailure) {
            let expression = try ExpressionParser.parse(text)
            let evaluator = ExpressionEvaluator { (name, offset) throws(ExpressionFailure) in
                if let value = parameters[name] { return value }
                throw unknownIdentifier(name, offset: offset, known: parameters.keys)
            }
            return .success(try evaluator.evaluate(expression))
        } catch {
            return .failure(error)
        }
    }

    static func unknownIdentifier(_ name: String, offset: Int, known: some Sequence<String>) -> ExpressionFailure {
        ExpressionFailure(
            code: .unknownIdentifier, message: "unknown parameter '\(name)'", offset: offset,
            suggestion: EditDistance.closest(to: name, among: known).map { "did you mean '\($0)'?" })
    }

    func evaluate(_ expression: Expression) throws(ExpressionFailure) -> ParameterValue {
        switch expression {
        case .literal(let value):
            return value
        case .identifier(let name, let offset):
            return try lookup(name, offset)
        case .unary(let op, let operandExpression, let offset):
            let operand = try evaluate(operandExpression)
            return try Self.apply(op, operand, offset: offset)
        case .binary(let op, let lhsExpression, let rhsExpression, let offset):
            return try combine(try evaluate(lhsExpression), op, rhsExpression, offset: offset)
        case .chain(let first, let links):
            var value = try evaluate(first)
            for link in links { value = try combine(value, link.op, link.operand, offset: link.offset) }
            return value
        case .conditional(let condition, let whenTrue, let whenFalse):
            return try Self.truth(try evaluate(condition), offset: 0) ? evaluate(whenTrue) : evaluate(whenFalse)
        case .call(let name, let argumentExpressions, let offset):
            var arguments: [ParameterValue] = []
            for argument in argumentExpressions { arguments.append(try evaluate(argument)) }
            return try Self.call(name, arguments, offset: offset)
        }
    }

    /// `lhs op rhs`, evaluating `rhs` only when `&&` or `||` needs it.
    private func combine(
        _ lhs: ParameterValue, _ op: BinaryOperator, _ rhsExpression: Expression, offset: Int
    ) throws(ExpressionFailure) -> ParameterValue {
        if op == .logicalAnd || op == .logicalOr {
            let left = try Self.truth(lhs, offset: offset)
            if op == .logicalAnd && !left { return .integer(0) }
            if op == .logicalOr && left { return .integer(1) }
            return .integer(try Self.truth(try evaluate(rhsExpression), offset: offset) ? 1 : 0)
        }
        return try Self.apply(op, lhs, try evaluate(rhsExpression), offset: offset)
    }

    // MARK: - Operators

    private static func typeError(_ message: String, _ offset: Int) -> ExpressionFailure {
        ExpressionFailure(code: .typeMismatch, message: message, offset: offset)
    }

    private static func overflow(_ what: String, _ offset: Int) -> ExpressionFailure {
        ExpressionFailure(code: .arithmeticOverflow, message: "\(what) overflows a 64-bit signed integer", offset: offset)
    }

    static func truth(_ value: ParameterValue, offset: Int) throws(ExpressionFailure) -> Bool {
        switch value {
        case .integer(let integer): return integer != 0
        case .real(let real): return real != 0
        case .string(let string): throw typeError("string \"\(string)\" used as a condition", offset)
        }
    }

    private static func integer(_ value: ParameterValue, _ op: String, _ offset: Int) throws(ExpressionFailure) -> Int {
        switch value {
        case .integer(let integer): return integer
        case .real: throw typeError("operator '\(op)' needs integer operands, got real \(value)", offset)
        case .string: throw typeError("operator '\(op)' needs integer operands, got string \(value)", offset)
        }
    }

    private static func apply(_ op: UnaryOperator, _ operand: ParameterValue, offset: Int) throws(ExpressionFailure) -> ParameterValue {
        switch (op, operand) {
        case (.plus, .integer), (.plus, .real): return operand
        case (.minus, .integer(let value)):
            guard value != .min else { throw overflow("negation of \(value)", offset) }
            return .integer(-value)
        case (.minus, .real(let value)): return .real(-value)
        case (.logicalNot, _): return .integer(try truth(operand, offset: offset) ? 0 : 1)
        case (.bitwiseNot, .integer(let value)): return .integer(~value)
        default: throw typeError("operator '\(op.rawValue)' cannot apply to \(operand)", offset)
        }
    }

    private static func apply(
        _ op: BinaryOperator, _ lhs: ParameterValue, _ rhs: ParameterValue, offset: Int
    ) throws(ExpressionFailure) -> ParameterValue {
        // Comparisons work on two strings or two numbers.
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            return .integer(try compare(op, lhs, rhs, offset: offset) ? 1 : 0)
        default:
            break
        }
        if case .real = lhs, rhs.stringValue == nil { return try applyReal(op, lhs, rhs, offset: offset) }
        if case .real = rhs, lhs.stringValue == nil { return try applyReal(op, lhs, rhs, offset: offset) }
        let a = try integer(lhs, op.rawValue, offset)
        let b = try integer(rhs, op.rawValue, offset)
        switch op {
        case .add:
            let (result, overflowed) = a.addingReportingOverflow(b)
            if overflowed { throw overflow("\(a) + \(b)", offset) }
            return .integer(result)
        case .subtract:
            let (result, overflowed) = a.subtractingReportingOverflow(b)
            if overflowed { throw overflow("\(a) - \(b)", offset) }
            return .integer(result)
        case .multiply:
            let (result, overflowed) = a.multipliedReportingOverflow(by: b)
            if overflowed { throw overflow("\(a) * \(b)", offset) }
            return .integer(result)
        case .divide, .modulo:
            guard b != 0 else {
                throw ExpressionFailure(
                    code: .divisionByZero, message: "\(op == .divide ? "division" : "modulo") by zero in \(a) \(op.rawValue) 0",
                    offset: offset)
            }
            let (result, overflowed) = op == .divide ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
            if overflowed { throw overflow("\(a) \(op.rawValue) \(b)", offset) }
            return .integer(result)
        case .power:
            return .integer(try power(a, b, offset: offset))
        case .shiftLeft, .arithmeticShiftLeft:
            guard b >= 0, b < 64 else { throw overflow("shift by \(b)", offset) }
            let result = a << b
            guard result >> b == a else { throw overflow("\(a) << \(b)", offset) }
            return .integer(result)
        case .shiftRight, .arithmeticShiftRight:
            guard b >= 0 else { throw overflow("shift by \(b)", offset) }
            if b >= 64 { return .integer(op == .arithmeticShiftRight && a < 0 ? -1 : 0) }
            // `>>` is logical in SystemVerilog; on a negative value that differs from `>>>`.
            return .integer(op == .arithmeticShiftRight ? a >> b : Int(bitPattern: UInt(bitPattern: a) >> UInt(b)))
        case .bitwiseAnd: return .integer(a & b)
        case .bitwiseOr: return .integer(a | b)
        case .bitwiseXor: return .integer(a ^ b)
        case .bitwiseXnor: return .integer(~(a ^ b))
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .logicalAnd, .logicalOr:
            preconditionFailure("handled above")
        }
    }

    private static func applyReal(
        _ op: BinaryOperator, _ lhs: ParameterValue, _ rhs: ParameterValue, offset: Int
    ) throws(ExpressionFailure) -> ParameterValue {
        func real(_ value: ParameterValue) -> Double {
            switch value {
            case .integer(let integer): Double(integer)
            case .real(let real): real
            case .string: .nan
            }
        }
        let a = real(lhs)
        let b = real(rhs)
        switch op {
        case .add: return .real(a + b)
        case .subtract: return .real(a - b)
        case .multiply: return .real(a * b)
        case .divide:
            guard b != 0 else { throw ExpressionFailure(code: .divisionByZero, message: "division by zero", offset: offset) }
            return .real(a / b)
        case .power: return .real(pow(a, b))
        default: throw typeError("operator '\(op.rawValue)' cannot apply to real operands", offset)
        }
    }

    private static func compare(
        _ op: BinaryOperator, _ lhs: ParameterValue, _ rhs: ParameterValue, offset: Int
    ) throws(ExpressionFailure) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            return compareOrdered(op, a, b)
        case (.string, _), (_, .string):
            throw typeError("cannot compare \(lhs) with \(rhs): one is a string", offset)
        case (.integer(let a), .integer(let b)):
            return compareOrdered(op, a, b)
        default:
            let a = lhs.integerValue.map(Double.init) ?? (lhs == rhs ? 0 : realValue(lhs))
            let b = rhs.integerValue.map(Double.init) ?? realValue(rhs)
            return compareOrdered(op, a, b)
        }
    }

    private static func realValue(_ value: ParameterValue) -> Double {
        if case .real(let real) = value { return real }
        if case .integer(let integer) = value { return Double(integer) }
        return .nan
    }

    private static func compareOrdered<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        case .greaterEqual: a >= b
        default: false
        }
    }

    private static func power(_ base: Int, _ exponent: Int, offset: Int) throws(ExpressionFailure) -> Int {
        guard exponent >= 0 else {
            throw ExpressionFailure(code: .arithmeticOverflow, message: "negative exponent \(exponent) in integer power", offset: offset)
        }
        var result = 1
        var factor = base
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                let (product, overflowed) = result.multipliedReportingOverflow(by: factor)
                if overflowed { throw overflow("\(base) ** \(exponent)", offset) }
                result = product
            }
            remaining >>= 1
            if remaining > 0 {
                let (square, overflowed) = factor.multipliedReportingOverflow(by: factor)
                if overflowed { throw overflow("\(base) ** \(exponent)", offset) }
                factor = square
            }
        }
        return result
    }

    // MARK: - Functions

    static let functions = ["$clog2", "$pow", "$sqrt"]

    private static func call(_ name: String, _ arguments: [ParameterValue], offset: Int) throws(ExpressionFailure) -> ParameterValue {
        func arity(_ count: Int) throws(ExpressionFailure) {
            guard arguments.count == count else {
                throw ExpressionFailure(
                    code: .expressionSyntax, message: "\(name) takes \(count) argument\(count == 1 ? "" : "s"), got \(arguments.count)",
                    offset: offset)
            }
        }
        switch name {
        case "$clog2":
            try arity(1)
            let value = try integer(arguments[0], name, offset)
            guard value >= 0 else { throw typeError("$clog2 of negative value \(value)", offset) }
            // Ceiling of log2; $clog2(0) and $clog2(1) are 0 as in SystemVerilog.
            return .integer(value <= 1 ? 0 : Int.bitWidth - (value - 1).leadingZeroBitCount)
        case "$pow":
            try arity(2)
            if arguments.allSatisfy({ $0.integerValue != nil }) {
                return .integer(try power(arguments[0].integerValue!, arguments[1].integerValue!, offset: offset))
            }
            return try applyReal(.power, arguments[0], arguments[1], offset: offset)
        case "$sqrt":
            try arity(1)
            let value = realValue(arguments[0])
            guard arguments[0].stringValue == nil, value >= 0 else { throw typeError("$sqrt needs a non-negative number", offset) }
            return .real(value.squareRoot())
        default:
            throw ExpressionFailure(
                code: .unknownFunction, message: "unknown function \(name)", offset: offset,
                suggestion: "supported functions: " + functions.joined(separator: ", "))
        }
    }
}
