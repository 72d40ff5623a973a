/// Precedence-climbing parser for IP-XACT constant expressions.
///
/// Nesting (parentheses, unary operators, function arguments, `?:` branches) is limited to
/// ``maximumNesting`` levels and reported as ``DiagnosticCode/expressionTooDeep`` at the token
/// that goes one level deeper: the parser and the evaluator recurse once per level, and a
/// hostile file must not overflow the stack. Operators side by side at one level are not
/// nesting: they become one ``Expression/chain(_:_:)`` of any length.
struct ExpressionParser {
    /// Deepest nesting accepted. Real descriptors nest a handful of levels; at this limit the
    /// parser and evaluator stay well inside a 512 KiB thread stack even in a debug build.
    static let maximumNesting = 100

    private var tokens: [ExpressionLexer.Token]
    private var index = 0
    private var depth = 0

    /// Parses `text`; throws on the first syntax error (an expression has one root cause).
    static func parse(_ text: String) throws(ExpressionFailure) -> Expression {
        var lexer = ExpressionLexer(text)
        var parser = ExpressionParser(tokens: try lexer.tokenize())
        if parser.current.kind == .end {
            throw ExpressionFailure(code: .expressionSyntax, message: "empty expression", offset: 0)
        }
        let expression = try parser.conditional()
        guard parser.current.kind == .end else {
            throw ExpressionFailure(
                code: .expressionSyntax, message: "unexpected \(parser.describe(parser.current)) after a complete expression",
                offset: parser.current.offset)
        }
        return expression
    }

    private init(tokens: [ExpressionLexer.Token]) {
        self.tokens = tokens
    }

    private var current: ExpressionLexer.Token { tokens[index] }

    private func describe(_ token: ExpressionLexer.Token) -> String {
        switch token.kind {
        case .number(let value): "number \(value)"
        case .string(let value): "string \"\(value)\""
        case .identifier(let name): "identifier '\(name)'"
        case .function(let name): "function '\(name)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of expression"
        }
    }

    private mutating func expect(_ symbol: String) throws(ExpressionFailure) {
        guard current.kind == .symbol(symbol) else {
            throw ExpressionFailure(
                code: .expressionSyntax, message: "expected '\(symbol)' but found \(describe(current))", offset: current.offset)
        }
        index += 1
    }

    /// Enters one nesting level at `offset`; throws past ``maximumNesting``.
    private mutating func enter(at offset: Int) throws(ExpressionFailure) {
        depth += 1
        guard depth <= Self.maximumNesting else {
            throw ExpressionFailure(
                code: .expressionTooDeep,
                message: "expression nests deeper than \(Self.maximumNesting) levels (parentheses, unary operators, function calls, ?: branches)",
                offset: offset, suggestion: "split it into parameters that refer to each other")
        }
    }

    private mutating func conditional() throws(ExpressionFailure) -> Expression {
        try enter(at: current.offset)
        defer { depth -= 1 }
        let condition = try binary()
        guard current.kind == .symbol("?") else { return condition }
        index += 1
        let whenTrue = try conditional()
        try expect(":")
        let whenFalse = try conditional()
        return .conditional(condition, whenTrue, whenFalse)
    }

    /// Binary operators of one nesting level, by operator precedence with explicit stacks
    /// (shunting-yard) rather than one call per precedence level, so a level costs one frame.
    ///
    /// Every reduction folds into the value on its left (`(lhs op rhs)`), so it appends a link to
    /// that operand's chain instead of wrapping it: `1 + 1 + ... + 1` is one chain of any length,
    /// and `a + b * c - d` is `a`, `+ (b * c)`, `- d`.
    private mutating func binary() throws(ExpressionFailure) -> Expression {
        var operands: [PartialChain] = [PartialChain(first: try unary())]
        var operators: [(op: BinaryOperator, offset: Int)] = []
        func reduce() {
            let (op, offset) = operators.removeLast()
            let rhs = operands.removeLast().expression
            operands[operands.count - 1].links.append(ChainLink(op: op, operand: rhs, offset: offset))
        }
        while case .symbol(let symbol) = current.kind, let op = BinaryOperator(rawValue: symbol) {
            // All binary operators are left-associative: equal precedence reduces first.
            while let top = operators.last, top.op.precedence >= op.precedence { reduce() }
            operators.append((op, current.offset))
            index += 1
            operands.append(PartialChain(first: try unary()))
        }
        while !operators.isEmpty { reduce() }
        return operands[0].expression
    }

    /// An operand being built: `first` followed by the links folded into it so far.
    private struct PartialChain {
        var first: Expression
        var links: [ChainLink] = []

        var expression: Expression {
            switch links.count {
            case 0: first
            case 1: .binary(links[0].op, first, links[0].operand, offset: links[0].offset)
            default: .chain(first, links)
            }
        }
    }

    private mutating func unary() throws(ExpressionFailure) -> Expression {
        if case .symbol(let symbol) = current.kind, let op = UnaryOperator(rawValue: symbol) {
            let offset = current.offset
            try enter(at: offset)
            defer { depth -= 1 }
            index += 1
            return .unary(op, try unary(), offset: offset)
        }
        return try primary()
    }

    private mutating func primary() throws(ExpressionFailure) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            index += 1
            return .literal(value)
        case .string(let value):
            index += 1
            return .literal(.string(value))
        case .identifier(let name):
            index += 1
            switch name {
            case "true": return .literal(.integer(1))
            case "false": return .literal(.integer(0))
            default: return .identifier(name, offset: token.offset)
            }
        case .function(let name):
            index += 1
            try expect("(")
            var arguments: [Expression] = []
            if current.kind != .symbol(")") {
                arguments.append(try conditional())
                while current.kind == .symbol(",") {
                    index += 1
                    arguments.append(try conditional())
                }
            }
            try expect(")")
            return .call(name, arguments, offset: token.offset)
        case .symbol("("):
            index += 1
            let inner = try conditional()
            try expect(")")
            return inner
        case .symbol, .end:
            throw ExpressionFailure(
                code: .expressionSyntax, message: "expected a value but found \(describe(token))", offset: token.offset)
        }
    }
}
