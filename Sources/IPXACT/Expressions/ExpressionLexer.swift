/// Splits an expression into tokens. Literals follow SystemVerilog: decimal `15`, based `'h0F`,
/// sized `8'd12`, `'b1010`, `'o17`, underscores as separators, reals `0.25`, strings `"MOESI"`.
struct ExpressionLexer {
    enum Kind: Hashable {
        case number(ParameterValue)
        case string(String)
        case identifier(String)
        case function(String)
        case symbol(String)
        case end
    }

    struct Token: Hashable {
        var kind: Kind
        var offset: Int
    }

    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    static let symbols = [
        "<<<", ">>>", "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "~^", "^~",
        "+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "|", "^", "?", ":", "(", ")", ",",
    ]

    /// ``symbols`` split once into characters and grouped by their first one, longest first as
    /// in ``symbols``, so a token tries only the few symbols that can match.
    private static let symbolsByFirstCharacter: [Character: [(String, [Character])]] = Dictionary(
        grouping: symbols.map { ($0, Array($0)) }, by: { $0.1[0] })

    /// Whether the text at `position` starts with `symbol` (compared in place: no copy per try).
    private func matches(_ symbol: [Character]) -> Bool {
        guard position + symbol.count <= characters.count else { return false }
        var index = 0
        while index < symbol.count {
            if characters[position + index] != symbol[index] { return false }
            index += 1
        }
        return true
    }

    mutating func tokenize() throws(ExpressionFailure) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        position + ahead < characters.count ? characters[position + ahead] : nil
    }

    private mutating func next() throws(ExpressionFailure) -> Token {
        while let character = peek(), character.isWhitespace { position += 1 }
        let start = position
        guard let character = peek() else { return Token(kind: .end, offset: start) }

        if character == "\"" { return Token(kind: .string(try string()), offset: start) }
        if character.isASCII && character.isNumber || character == "'" {
            return Token(kind: .number(try number()), offset: start)
        }
        if character == "$" {
            position += 1
            let name = identifierText()
            guard !name.isEmpty else {
                throw ExpressionFailure(code: .expressionSyntax, message: "'$' must start a function name such as $clog2", offset: start)
            }
            return Token(kind: .function("$" + name), offset: start)
        }
        if character.isLetter || character == "_" {
            return Token(kind: .identifier(identifierText()), offset: start)
        }
        for (symbol, symbolCharacters) in Self.symbolsByFirstCharacter[character] ?? [] where matches(symbolCharacters) {
            position += symbolCharacters.count
            return Token(kind: .symbol(symbol == "^~" ? "~^" : symbol), offset: start)
        }
        throw ExpressionFailure(code: .expressionSyntax, message: "unexpected character '\(character)'", offset: start)
    }

    private mutating func identifierText() -> String {
        var text = ""
        while let character = peek(), character.isLetter || character.isNumber || character == "_" {
            text.append(character)
            position += 1
        }
        return text
    }

    private mutating func string() throws(ExpressionFailure) -> String {
        let start = position
        position += 1
        var text = ""
        while let character = peek() {
            position += 1
            if character == "\"" { return text }
            if character == "\\", let escaped = peek() {
                position += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(escaped)
                }
            } else {
                text.append(character)
            }
        }
        throw ExpressionFailure(code: .expressionSyntax, message: "unterminated string literal", offset: start)
    }

    private mutating func digits(allowing allowed: (Character) -> Bool) -> String {
        var text = ""
        while let character = peek(), allowed(character) || character == "_" {
            if character != "_" { text.append(character) }
            position += 1
        }
        return text
    }

    private mutating func number() throws(ExpressionFailure) -> ParameterValue {
        let start = position
        var size: Int?
        if peek() != "'" {
            let decimal = digits { $0.isASCII && $0.isNumber }
            if decimal == "0", let x = peek(), x == "x" || x == "X" {
                throw ExpressionFailure(
                    code: .expressionSyntax,
                    message: "C-style hex literal is not SystemVerilog",
                    offset: start,
                    suggestion: "write a based literal such as 'h1F")
            }
            if peek() == ".", let after = peek(1), after.isNumber {
                position += 1
                let fraction = digits { $0.isASCII && $0.isNumber }
                var text = decimal + "." + fraction
                if let e = peek(), e == "e" || e == "E" {
                    position += 1
                    text += "e"
                    if let sign = peek(), sign == "+" || sign == "-" { text.append(sign); position += 1 }
                    text += digits { $0.isASCII && $0.isNumber }
                }
                guard let value = Double(text) else {
                    throw ExpressionFailure(code: .expressionSyntax, message: "malformed real literal '\(text)'", offset: start)
                }
                return .real(value)
            }
            guard peek() == "'" else {
                guard let value = Int(decimal) else {
                    throw ExpressionFailure(code: .arithmeticOverflow, message: "integer literal \(decimal) does not fit in 64 bits", offset: start)
                }
                return .integer(value)
            }
            guard let declared = Int(decimal), declared > 0, declared <= 64 else {
                throw ExpressionFailure(code: .expressionSyntax, message: "literal size \(decimal) must be between 1 and 64 bits", offset: start)
            }
            size = declared
        }
        position += 1  // the apostrophe
        if let s = peek(), s == "s" || s == "S" { position += 1 }
        guard let baseCharacter = peek() else {
            throw ExpressionFailure(code: .expressionSyntax, message: "based literal needs a base (b, o, d or h) after '", offset: start)
        }
        let radix: Int
        switch baseCharacter.lowercased() {
        case "b": radix = 2
        case "o": radix = 8
        case "d": radix = 10
        case "h": radix = 16
        default:
            throw ExpressionFailure(code: .expressionSyntax, message: "unknown base '\(baseCharacter)' in based literal; use b, o, d or h", offset: start)
        }
        position += 1
        while let character = peek(), character.isWhitespace { position += 1 }
        let body = digits { $0.isHexDigit }
        guard !body.isEmpty else {
            throw ExpressionFailure(code: .expressionSyntax, message: "based literal has no digits", offset: start)
        }
        guard let magnitude = UInt64(body, radix: radix) else {
            if body.allSatisfy({ Int(String($0), radix: radix) != nil }) {
                throw ExpressionFailure(code: .arithmeticOverflow, message: "literal does not fit in 64 bits", offset: start)
            }
            throw ExpressionFailure(code: .expressionSyntax, message: "digit not allowed in base-\(radix) literal '\(body)'", offset: start)
        }
        if let size, size < 64, magnitude >> UInt64(size) != 0 {
            throw ExpressionFailure(
                code: .arithmeticOverflow, message: "value \(magnitude) does not fit in the literal's \(size) bits", offset: start)
        }
        guard let value = Int(exactly: magnitude) else {
            throw ExpressionFailure(code: .arithmeticOverflow, message: "literal does not fit in a signed 64-bit integer", offset: start)
        }
        return .integer(value)
    }
}
