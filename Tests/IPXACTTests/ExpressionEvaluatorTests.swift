import IPXACT
import Testing

@Suite("Expression evaluator")
struct ExpressionEvaluatorTests {
    static let parameters: [String: ParameterValue] = [
        "CACHING_AGENTS": .integer(16), "VCS": .integer(4), "ZERO": .integer(0), "PROTO": .string("MOESI"),
    ]

    @Test("values", arguments: [
        ("1 + 2 * 3", ParameterValue.integer(7)),
        ("(1 + 2) * 3", .integer(9)),
        ("2 ** 10", .integer(1024)),
        ("2 ** 3 ** 2", .integer(64)),
        ("-2 ** 2", .integer(4)),
        ("17 / 5", .integer(3)),
        ("-17 / 5", .integer(-3)),
        ("17 % 5", .integer(2)),
        ("1 << 4", .integer(16)),
        ("256 >> 3", .integer(32)),
        ("-8 >>> 1", .integer(-4)),
        ("3 < 4", .integer(1)),
        ("4 <= 3", .integer(0)),
        ("4 == 4 && 5 != 5", .integer(0)),
        ("0 || 7", .integer(1)),
        ("!0", .integer(1)),
        ("~0", .integer(-1)),
        ("12 & 10", .integer(8)),
        ("12 | 3", .integer(15)),
        ("12 ^ 10", .integer(6)),
        ("VCS > 2 ? 8 : 4", .integer(8)),
        ("ZERO == 0 ? 0 : VCS / ZERO", .integer(0)),
        ("1 ? 2 : 0 ? 3 : 4", .integer(2)),
        ("$clog2(CACHING_AGENTS) * 16 + 32", .integer(96)),
        ("$clog2(1)", .integer(0)),
        ("$clog2(17)", .integer(5)),
        ("$pow(3, 4)", .integer(81)),
        ("'h80", .integer(128)),
        ("8'd12", .integer(12)),
        ("'b101", .integer(5)),
        ("'o17", .integer(15)),
        ("'h1A10_0000", .integer(0x1A10_0000)),
        ("16'shFFFF", .integer(65535)),
        ("1_000", .integer(1000)),
        ("true + true", .integer(2)),
        ("\"MOESI\"", .string("MOESI")),
        ("PROTO == \"MOESI\"", .integer(1)),
        ("PROTO != \"MESI\" ? \"ok\" : \"bad\"", .string("ok")),
        ("0.25 * 4", .real(1.0)),
        ("$sqrt(16)", .real(4.0)),
    ])
    func evaluates(expression: String, value: ParameterValue) {
        #expect(ExpressionEvaluator.evaluate(expression, parameters: Self.parameters) == .success(value))
    }

    @Test("failures", arguments: [
        ("VCS / ZERO", DiagnosticCode.divisionByZero, 4),
        ("VCS % 0", .divisionByZero, 4),
        ("'h7FFFFFFFFFFFFFFF + 1", .arithmeticOverflow, 19),
        ("2 ** 64", .arithmeticOverflow, 2),
        ("1 << 64", .arithmeticOverflow, 2),
        ("4'hFF", .arithmeticOverflow, 0),
        ("99999999999999999999", .arithmeticOverflow, 0),
        ("0x1F", .expressionSyntax, 0),
        ("1 +", .expressionSyntax, 3),
        ("(1 + 2", .expressionSyntax, 6),
        ("1 2", .expressionSyntax, 2),
        ("'q12", .expressionSyntax, 0),
        ("'b102", .expressionSyntax, 0),
        ("\"open", .expressionSyntax, 0),
        ("", .expressionSyntax, 0),
        ("CACHING_AGENT + 1", .unknownIdentifier, 0),
        ("$log(8)", .unknownFunction, 0),
        ("PROTO + 1", .typeMismatch, 6),
        ("PROTO == 1", .typeMismatch, 6),
        ("PROTO ? 1 : 2", .typeMismatch, 0),
    ] as [(String, DiagnosticCode, Int)])
    func fails(expression: String, code: DiagnosticCode, offset: Int) throws {
        let failure = try #require(ExpressionEvaluator.evaluate(expression, parameters: Self.parameters).failureValue)
        #expect(failure.code == code)
        #expect(failure.offset == offset)
    }

    @Test("suggestions")
    func suggestions() throws {
        let unknown = try #require(ExpressionEvaluator.evaluate("CACHING_AGENT + 1", parameters: Self.parameters).failureValue)
        #expect(unknown.message == "unknown parameter 'CACHING_AGENT'")
        #expect(unknown.suggestion == "did you mean 'CACHING_AGENTS'?")
        let hex = try #require(ExpressionEvaluator.evaluate("0x1F").failureValue)
        #expect(hex.suggestion == "write a based literal such as 'h1F")
    }
}
