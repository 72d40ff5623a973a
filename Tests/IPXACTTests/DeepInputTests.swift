import Foundation
import Testing

@testable import IPXACT

/// Inputs whose nesting or length is decided by the file: a located error or a result, never a
/// stack overflow. The inputs are built here, a million terms or levels each.
@Suite("Deep and long inputs")
struct DeepInputTests {
    static let million = 1_000_000

    @Test("a million nested parentheses: IPX312 at the parenthesis past the limit")
    func nestedParentheses() {
        let text = String(repeating: "(", count: Self.million) + "1" + String(repeating: ")", count: Self.million)
        let failure = ExpressionEvaluator.evaluate(text).failureValue
        #expect(failure?.code == .expressionTooDeep)
        // Level 1 is the whole expression; each parenthesis opens one more, so the 100th
        // parenthesis (offset 99) opens level 101, reported at the token after it.
        #expect(failure?.offset == 100)
        #expect(failure?.message == "expression nests deeper than 100 levels (parentheses, unary operators, function calls, ?: branches)")
    }

    @Test("a million unary operators: IPX312 at the operator past the limit")
    func unaryOperators() {
        let text = String(repeating: "-", count: Self.million) + "1"
        let failure = ExpressionEvaluator.evaluate(text).failureValue
        #expect(failure?.code == .expressionTooDeep)
        #expect(failure?.offset == 99)
    }

    @Test("a million ?: branches: IPX312")
    func conditionals() {
        let text = String(repeating: "1 ? 2 : ", count: Self.million) + "3"
        let failure = ExpressionEvaluator.evaluate(text).failureValue
        #expect(failure?.code == .expressionTooDeep)
        #expect(failure?.offset == 99 * 8 + 4)
    }

    @Test("a flat sum of a million terms is evaluated")
    func flatSum() {
        let text = Array(repeating: "1", count: Self.million).joined(separator: " + ")
        #expect(ExpressionEvaluator.evaluate(text).successValue == .integer(Self.million))
        // Mixed precedence keeps left-to-right folding: 2 - 1*1 - 2 - 1*1 ... is 1 - 3 per repeat.
        let mixed = Array(repeating: "2 - 1 * 1", count: Self.million).joined(separator: " - ")
        #expect(ExpressionEvaluator.evaluate(mixed).successValue == .integer(1 - 3 * (Self.million - 1)))
        let logical = Array(repeating: "0", count: Self.million).joined(separator: " || ") + " || 7"
        #expect(ExpressionEvaluator.evaluate(logical).successValue == .integer(1))
    }

    /// Every precedence level in one nesting level: the deepest recursion a level can cost.
    static func worstLevel(_ levels: Int) -> String {
        let open = "1 || 1 && 1 | 1 ^ 1 & 1 == 1 < 1 << 1 + 1 * 1 ** ("
        return String(repeating: open, count: levels) + "1" + String(repeating: ")", count: levels)
    }

    @Test("the deepest accepted expression is evaluated on a 512 KiB thread stack")
    func deepestAcceptedFitsSmallStack() async {
        let text = Self.worstLevel(ExpressionParser.maximumNesting - 1)
        let result = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: ExpressionEvaluator.evaluate(text)) }
            thread.stackSize = 512 << 10
            thread.start()
        }
        #expect(result.successValue == .integer(1))
        #expect(ExpressionEvaluator.evaluate(Self.worstLevel(ExpressionParser.maximumNesting)).failureValue?.code == .expressionTooDeep)
    }

    static func declaration(_ id: String, _ value: String) -> ParameterDeclaration {
        let site = Site(location: SourceLocation(file: "chain.xml", line: 1, column: 1), path: "/component")
        return ParameterDeclaration(
            id: id, name: id, type: .longint, resolve: "immediate", value: value, site: site, valueSite: site)
    }

    @Test("a chain of a million parameters, each referring to the one before, resolves")
    func parameterChain() {
        let scope = ParameterScope(name: "component chain")
        scope.add(Self.declaration("P0", "1"), kind: .componentDefault)
        for index in 1..<Self.million {
            scope.add(Self.declaration("P\(index)", "P\(index - 1) + 1"), kind: .componentDefault)
        }
        #expect(scope.resolved("P\(Self.million - 1)")?.value == .integer(Self.million))
        #expect(scope.resolved("P0")?.value == .integer(1))
        #expect(scope.diagnostics.isEmpty)
    }

    @Test("a cycle through a million parameters is reported once, naming its start")
    func parameterCycle() {
        let scope = ParameterScope(name: "component ring")
        for index in 0..<Self.million {
            scope.add(Self.declaration("P\(index)", "P\((index + 1) % Self.million) + 1"), kind: .componentDefault)
        }
        #expect(scope.resolved("P0") == nil)
        #expect(scope.resolved("P\(Self.million / 2)") == nil)
        #expect(scope.diagnostics.map(\.code) == [.cyclicReference])
        #expect(scope.diagnostics.first?.message.hasPrefix("parameters of component ring refer to each other in a cycle: P0 → P1 → P2 → ") == true)
        #expect(scope.diagnostics.first?.message.hasSuffix(" → P999999 → P0") == true)
    }
}
