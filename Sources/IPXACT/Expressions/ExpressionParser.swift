/// Precedence-climbing parser for IP-XACT constant expressions.
struct ExpressionParser {
    private var tokens: [ExpressionLexer.Token]
    private var index = 0

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

    private mutating func conditional() throws(ExpressionFailure) -> Expression {
        let condition = try binary(minimumPrecedence: 1)
        guard current.kind == .symbol("?") else { return condition }
        index += 1
        let whenTrue = try conditional()
        try expect(":")
        let whenFalse = try conditional()
        return .conditional(condition, whenTrue, whenFalse)
    }

    private mutating func binary(minimumPrecedence: Int) throws(ExpressionFailure) -> Expression {
        var lhs = try unary()
        while case .symbol(let symbol) = current.kind, let op = BinaryOperator(rawValue: symbol), op.precedence >= minimumPrecedence {
            let offset = current.offset
            index += 1
            let rhs = try binary(minimumPrecedence: op.precedence + 1)
            lhs = .binary(op, lhs, rhs, offset: offset)
        }
        return lhs
    }

    private mutating func unary() throws(ExpressionFailure) -> Expression {
        if case .symbol(let symbol) = current.kind, let op = UnaryOperator(rawValue: symbol) {
            let offset = current.offset
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
