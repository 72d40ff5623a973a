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

/// Loading is linear in the number of elements (element paths of siblings are not rebuilt by
/// scanning all siblings each time). Sizes here are moderate; Benchmarks/scripts/loading-scaling.py
/// times 100,000.
@Suite("Large descriptors")
struct LargeDescriptorTests {
    static let ns = "http://www.accellera.org/XMLSchema/IPXACT/1685-2014"

    static func header(_ kind: String, _ name: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ipxact:\(kind) xmlns:ipxact="\(ns)">
          <ipxact:vendor>scale.example</ipxact:vendor>
          <ipxact:library>scale</ipxact:library>
          <ipxact:name>\(name)</ipxact:name>
          <ipxact:version>1.0</ipxact:version>

        """
    }

    @Test("a component of 20,000 parameters, each referring to the one before, validates clean")
    func manyParameters() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var text = Self.header("component", "deep") + "  <ipxact:parameters>\n"
        for index in 0..<20_000 {
            text += """
                    <ipxact:parameter parameterId="P\(index)" type="longint">
                      <ipxact:name>P\(index)</ipxact:name>
                      <ipxact:value>\(index == 0 ? "1" : "P\(index - 1) + 1")</ipxact:value>
                    </ipxact:parameter>

                """
        }
        text += "  </ipxact:parameters>\n</ipxact:component>\n"
        let path = directory.write("deep.xml", text)
        #expect(DescriptorLoader(searchPaths: []).validate(path: path).isEmpty)
    }

    @Test("a design of 20,000 instances resolves every instance with its override")
    func manyInstances() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        directory.write(
            "leaf.xml",
            Self.header("component", "leaf") + """
                  <ipxact:parameters>
                    <ipxact:parameter parameterId="DEPTH" resolve="user" type="int">
                      <ipxact:name>DEPTH</ipxact:name>
                      <ipxact:value>4</ipxact:value>
                    </ipxact:parameter>
                  </ipxact:parameters>
                </ipxact:component>

                """)
        var text = Self.header("design", "wide") + "  <ipxact:componentInstances>\n"
        for index in 0..<20_000 {
            text += """
                    <ipxact:componentInstance>
                      <ipxact:instanceName>u\(index)</ipxact:instanceName>
                      <ipxact:componentRef vendor="scale.example" library="scale" name="leaf" version="1.0">
                        <ipxact:configurableElementValues>
                          <ipxact:configurableElementValue referenceId="DEPTH">\(index % 7 + 1)</ipxact:configurableElementValue>
                        </ipxact:configurableElementValues>
                      </ipxact:componentRef>
                    </ipxact:componentInstance>

                """
        }
        text += "  </ipxact:componentInstances>\n</ipxact:design>\n"
        let path = directory.write("wide.design.xml", text)
        let design = try DescriptorLoader(searchPaths: [directory.path], options: .init(maxFileBytes: 64 << 20)).load(path: path).get()
        #expect(design.instances.count == 20_000)
        #expect(design.instances[19_999].name == "u19999")
        #expect(design.instances[19_999].parameters.first { $0.name == "DEPTH" }?.value == .integer(19_999 % 7 + 1))
        #expect(design.warnings.isEmpty)
    }
}
