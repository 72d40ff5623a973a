import Foundation
import IPXACT
import Testing

/// Every negative input of the examples is rejected by the layer its README names, with the
/// exact code and line.
@Suite("Negative example inputs")
struct NegativeInputTests {
    @Test("schema layer (IEEE schema and cv: extension schema)", arguments: [
        ("schema.missing-version.component.xml", [8]),
        ("ext.bad-vcmap.component.xml", [39, 39, 39]),
    ])
    func schemaLayer(file: String, lines: [Int]) {
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: Paths.negative + "/" + file)
        #expect(diagnostics.map(\.code) == Array(repeating: .schemaViolation, count: lines.count))
        #expect(diagnostics.map(\.location.line) == lines)
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.location.file == Paths.negative + "/" + file })
    }

    /// An unqualified attribute is invalid by the schema; `usageCount`, which Kactus2 writes on
    /// parameters, is a known and harmless editor deviation: a warning, an error when strict.
    @Test("an editor's unqualified usageCount: warning IPX102 by default, error under strict")
    func unqualifiedAttribute() {
        let path = Paths.negative + "/schema.unqualified-attribute.component.xml"
        let lenient = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(lenient.map(\.code) == [.editorDeviation])
        #expect(lenient.map(\.severity) == [.warning])
        #expect(lenient.map(\.location.line) == [79])
        let strict = DescriptorLoader(searchPaths: [], options: .init(strict: true)).validate(path: path)
        #expect(strict.map(\.code) == [.editorDeviation])
        #expect(strict.map(\.severity) == [.error])
    }

    @Test("missing version: message, expectation and element path")
    func missingVersionDetails() throws {
        let diagnostic = try #require(DescriptorLoader(searchPaths: []).validate(path: Paths.negative + "/schema.missing-version.component.xml").first)
        #expect(diagnostic.message == "Element 'ipxact:busInterfaces': This element is not expected")
        #expect(diagnostic.expected == "( ipxact:version )")
        #expect(diagnostic.elementPath == "/component/busInterfaces")
        #expect(diagnostic.location.column == 3)
        #expect(
            diagnostic.description
                == "\(Paths.negative)/schema.missing-version.component.xml:8:3: error[IPX100]: Element 'ipxact:busInterfaces': This element is not expected; expected ( ipxact:version ) (at /component/busInterfaces)")
    }

    @Test("cv: extension errors name the cv element")
    func extensionSchemaMessages() {
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: Paths.negative + "/ext.bad-vcmap.component.xml")
        #expect(diagnostics.map(\.message) == [
            "Element 'cv:vc', attribute 'classes': [facet 'enumeration'] The value 'SNOOP' is not an element of the set {'REQ', 'RSP', 'SNP', 'DAT', 'STREAM'}",
            "Element 'cv:vc', attribute 'classes': 'SNOOP' is not a valid value of the local list type",
            "Element 'cv:vc': Duplicate key-sequence ['0'] in unique identity-constraint 'cv:vcIndexUnique'",
        ])
        #expect(diagnostics.first?.elementPath == "/component/busInterfaces/busInterface[name=d2d0]/vendorExtensions/vcMap/vc[index=0]")
    }

    @Test("bus-definition assertion, standalone: 8 < 16")
    func assertionStandalone() throws {
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: Paths.negative + "/semantic.assertion-fails.component.xml")
        #expect(diagnostics.map(\.code) == [.assertionFailed])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.location.line == 14)
        #expect(diagnostic.elementPath == "/component/busInterfaces/busInterface[name=d2d0]")
        #expect(diagnostic.message.hasPrefix("assertion 'rxBufferCoversCredits' fails for accel_xpu.d2d0"))
        #expect(diagnostic.message.hasSuffix("`RX_BUFFER_DEPTH >= CREDITS_PER_VC` with RX_BUFFER_DEPTH = 8, CREDITS_PER_VC = 16"))
    }

    @Test("bus-definition assertion under the design: 16 < 32 on xpu0 (and 8 < 16 on xpu1)")
    func assertionUnderDesign() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = directory.copy(Examples.components2014 + "/host_cpu.1.0.xml", as: "components/host_cpu.1.0.xml")
        _ = directory.copy(Paths.negative + "/semantic.assertion-fails.component.xml", as: "components/accel_xpu.1.0.xml")
        let configuration = directory.copy(Examples.configuration2014, as: "designs/cpu_xpu_pkg.designcfg.1.0.xml")
        _ = directory.copy(Examples.design2014, as: "designs/cpu_xpu_pkg.design.1.0.xml")
        let failure = try #require(DescriptorLoader(searchPaths: [directory.path]).load(path: configuration).failureValue)
        #expect(failure.codes == [.assertionFailed, .assertionFailed])
        #expect(failure.diagnostics.map(\.location.line) == [14, 14])
        #expect(failure.diagnostics[0].message.contains("for xpu0.d2d0"))
        #expect(failure.diagnostics[0].message.hasSuffix("with RX_BUFFER_DEPTH = 16, CREDITS_PER_VC = 32"))
        #expect(failure.diagnostics[1].message.contains("for xpu1.d2d0"))
        #expect(failure.diagnostics[1].message.hasSuffix("with RX_BUFFER_DEPTH = 8, CREDITS_PER_VC = 16"))
    }

    @Test("design-level semantic errors", arguments: [
        ("semantic.dangling-instance.design.xml", DiagnosticCode.unknownInstance, 46, "did you mean 'xpu0'?"),
        ("semantic.unknown-cev.design.xml", DiagnosticCode.unknownReferenceId, 22, "did you mean 'D2D_VC_COUNT'?"),
        ("semantic.bustype-mismatch.design.xml", DiagnosticCode.busTypeMismatch, 46, nil),
        ("semantic.protocol-mismatch.design.xml", DiagnosticCode.coherenceProtocolMismatch, 44, nil),
    ] as [(String, DiagnosticCode, Int, String?)])
    func designSemantics(file: String, code: DiagnosticCode, line: Int, suggestion: String?) throws {
        let path = Paths.negative + "/" + file
        let failure = try #require(DescriptorLoader(searchPaths: [Examples.components2014]).load(path: path).failureValue)
        #expect(failure.codes == [code])
        #expect(failure.diagnostics.first?.location.line == line)
        #expect(failure.diagnostics.first?.location.file == path)
        #expect(failure.diagnostics.first?.suggestion == suggestion)
    }

    @Test("protocol mismatch names both origins")
    func protocolMismatchMessage() throws {
        let path = Paths.negative + "/semantic.protocol-mismatch.design.xml"
        let failure = try #require(DescriptorLoader(searchPaths: [Examples.components2014]).load(path: path).failureValue)
        #expect(
            failure.diagnostics.first?.message
                == "coherent link cpu0_c2c0__xpu1_c2c0: cpu0 uses \"MOESI\" (component default at \(Examples.components2014)/host_cpu.1.0.xml:104:7) but xpu1 uses \"MESI\" (design override at \(path):33:11)")
    }
}
