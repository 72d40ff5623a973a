import Foundation
import IPXACT
import Testing

/// Broken, hostile and odd inputs: always located diagnostics, never a crash or a hang.
@Suite("Robustness and diagnostics")
struct RobustnessTests {
    static let ns2014 = "http://www.accellera.org/XMLSchema/IPXACT/1685-2014"

    static func component(parameters: String, busInterfaces: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ipxact:component xmlns:ipxact="\(ns2014)">
          <ipxact:vendor>acme.example</ipxact:vendor>
          <ipxact:library>dies</ipxact:library>
          <ipxact:name>probe</ipxact:name>
          <ipxact:version>1.0</ipxact:version>
        \(busInterfaces)
          <ipxact:parameters>
        \(parameters)
          </ipxact:parameters>
        </ipxact:component>
        """
    }

    static func parameter(_ name: String, _ value: String, type: String = "int", extra: String = "") -> String {
        """
            <ipxact:parameter parameterId="\(name)" resolve="user" type="\(type)"\(extra)>
              <ipxact:name>\(name)</ipxact:name>
              <ipxact:value>\(value)</ipxact:value>
            </ipxact:parameter>
        """
    }

    @Test("truncated file: malformed XML at the end, nothing else")
    func truncated() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let full = Examples.text(Examples.components2014 + "/host_cpu.1.0.xml")
        let path = directory.write("truncated.xml", String(full.prefix(1500)))
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.code == .malformedXML && $0.severity == .error && $0.location.file == path })
        let lastLine = String(full.prefix(1500)).components(separatedBy: "\n").count
        #expect(diagnostics.first?.location.line == lastLine)
        #expect((diagnostics.first?.location.column ?? 0) > 0)
    }

    @Test("undefined entity")
    func badEntity() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = Self.component(parameters: Self.parameter("CACHING_AGENTS", "&bogus;"))
        let path = directory.write("entity.xml", text)
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(diagnostics.map(\.code) == [.malformedXML])
        #expect(diagnostics.first?.message == "Entity 'bogus' not defined")
        #expect(diagnostics.first?.location.line == Examples.line(of: "&bogus;", in: text))
    }

    @Test("entity declarations are refused at the declaration, before anything is fetched or validated")
    func externalEntity() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY remote SYSTEM "http://192.0.2.1/evil.xml">]>
            <ipxact:component xmlns:ipxact="\(Self.ns2014)"><ipxact:vendor>&remote;</ipxact:vendor></ipxact:component>
            """
        let path = directory.write("xxe.xml", text)
        let start = Date()
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(diagnostics.map(\.code) == [.entityDeclaration])
        #expect(diagnostics.first?.location.line == 2)
        #expect(diagnostics.first?.location.column == 14)
        #expect(diagnostics.first?.suggestion?.contains("remove the <!DOCTYPE>") == true)
    }

    @Test("an internal entity is refused too; a DOCTYPE without entities goes on to the schema")
    func internalEntityAndPlainDoctype() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let withEntity = directory.write(
            "internal.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE x [
              <!ENTITY name "cpu">
            ]>
            <ipxact:component xmlns:ipxact="\(Self.ns2014)"><ipxact:vendor>&name;</ipxact:vendor></ipxact:component>
            """)
        let refused = DescriptorLoader(searchPaths: []).validate(path: withEntity)
        #expect(refused.map(\.code) == [.entityDeclaration])
        #expect(refused.first?.location.line == 3)
        #expect(refused.first?.location.column == 3)

        let plain = directory.write(
            "plain.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE x>
            <ipxact:component xmlns:ipxact="\(Self.ns2014)"><ipxact:vendor>v</ipxact:vendor></ipxact:component>
            """)
        let validated = DescriptorLoader(searchPaths: []).validate(path: plain)
        #expect(validated.map(\.code) == [.schemaViolation])
        #expect(validated.first?.location.line == 3)
        #expect(validated.first?.message == "Element 'ipxact:component': Missing child element(s)")
    }

    @Test("IEEE 1685-2009 is rejected with the namespace found and the versions supported")
    func spirit2009() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write(
            "old.xml",
            """
            <?xml version="1.0"?>
            <spirit:component xmlns:spirit="http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009">
              <spirit:vendor>a</spirit:vendor>
            </spirit:component>
            """)
        let diagnostic = try #require(DescriptorLoader(searchPaths: []).validate(path: path).first)
        #expect(diagnostic.code == .unsupportedVersion)
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.location.column == 1)
        #expect(
            diagnostic.message
                == "IEEE 1685-2009 (SPIRIT) document: found namespace http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009; this tool reads IEEE 1685-2014 (http://www.accellera.org/XMLSchema/IPXACT/1685-2014) or IEEE 1685-2022 (http://www.accellera.org/XMLSchema/IPXACT/1685-2022)")
        #expect(diagnostic.suggestion?.contains("2009-to-2014") == true)
        #expect(DescriptorLoader(searchPaths: []).load(path: path).failureValue?.codes == [.unsupportedVersion])
    }

    @Test("unknown namespace and no namespace", arguments: [
        ("http://www.accellera.org/XMLSchema/IPXACT/1685-2041", "found namespace http://www.accellera.org/XMLSchema/IPXACT/1685-2041", true),
        ("", "found no namespace", false),
    ])
    func unknownNamespace(namespace: String, found: String, suggests: Bool) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let declaration = namespace.isEmpty ? "<component>" : "<ipxact:component xmlns:ipxact=\"\(namespace)\">"
        let closing = namespace.isEmpty ? "</component>" : "</ipxact:component>"
        let path = directory.write("ns.xml", "<?xml version=\"1.0\"?>\n\(declaration)\(closing)\n")
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(diagnostics.map(\.code) == [.unknownNamespace])
        #expect(diagnostics.first?.message.hasSuffix(found) == true)
        #expect(diagnostics.first?.expected?.contains("IEEE 1685-2014") == true)
        #expect((diagnostics.first?.suggestion != nil) == suggests)
    }

    @Test("missing file and directory")
    func missingFile() {
        let loader = DescriptorLoader(searchPaths: ["/nonexistent/chipcheck"])
        #expect(loader.validate(path: "/nonexistent/x.xml").map(\.code) == [.fileUnreadable])
        #expect(loader.load(path: Examples.configuration2014).failureValue?.codes.contains(.searchPathInvalid) == true)
    }

    @Test("unknown component VLNV with a did-you-mean")
    func unknownVLNV() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (text, path, result) = Examples.loadDesignVariant(directory, [("name=\"host_cpu\"", "name=\"host_cpux\"")])
        let failure = try #require(result.failureValue)
        #expect(failure.codes == [.unknownVLNV])
        let diagnostic = failure.diagnostics[0]
        #expect(diagnostic.location == SourceLocation(file: path, line: Examples.line(of: "host_cpux", in: text), column: 7))
        #expect(diagnostic.message == "no component acme.example:dies:host_cpux:1.0 in the library (catalogs, search paths, built-ins)")
        #expect(diagnostic.suggestion == "did you mean acme.example:dies:host_cpu:1.0?")
        #expect(diagnostic.elementPath == "/design/componentInstances/componentInstance[instanceName=cpu0]/componentRef")
    }

    @Test("cyclic parameters are reported once, with the cycle")
    func cycle() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = Self.component(
            parameters: Self.parameter("A", "B + 1") + Self.parameter("B", "C * 2") + Self.parameter("C", "A") + Self.parameter("D", "A + 1")
                + Self.parameter("E", "3"))
        let path = directory.write("cycle.xml", text)
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(diagnostics.map(\.code) == [.cyclicReference])
        #expect(diagnostics.first?.message == "parameters of instance probe (acme.example:dies:probe:1.0) refer to each other in a cycle: A → B → C → A")
        #expect(diagnostics.first?.location.line == Examples.line(of: "<ipxact:value>B + 1", in: text))
        #expect(diagnostics.first?.elementPath == "/component/parameters/parameter[A]")
    }

    @Test("division by zero, overflow and absurd values, all reported at once")
    func arithmeticAndAbsurd() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = Self.component(
            parameters: Self.parameter("SLOTS", "0") + Self.parameter("PER_SLOT", "64 / SLOTS")
                + Self.parameter("BIG", "'h4000_0000_0000_0000 * 2")
                + Self.parameter("LINK_CREDITS", "0") + Self.parameter("CACHING_AGENTS", "1_000_000_000")
                + Self.parameter("RX_DEPTH", "-4") + Self.parameter("USES_BAD", "PER_SLOT + 1"))
        let path = directory.write("arith.xml", text)
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(diagnostics.map(\.code) == [.divisionByZero, .arithmeticOverflow, .absurdValue, .absurdValue, .absurdValue])
        #expect(diagnostics.map(\.location.line) == [
            Examples.line(of: "64 / SLOTS", in: text), Examples.line(of: "'h4000", in: text),
            Examples.line(of: "\"LINK_CREDITS\"", in: text), Examples.line(of: "\"CACHING_AGENTS\"", in: text),
            Examples.line(of: "\"RX_DEPTH\"", in: text),
        ])
        #expect(diagnostics[0].message == "parameter 'PER_SLOT' of instance probe (acme.example:dies:probe:1.0): division by zero in 64 / 0 in `64 / SLOTS` (offset 3)")
        #expect(diagnostics[2].message == "parameter 'LINK_CREDITS' of instance probe (acme.example:dies:probe:1.0): value 0 leaves no credits: the link could never make progress")
        #expect(diagnostics[3].expected == "at most 4096 caching agents")
        #expect(diagnostics[4].message.hasSuffix("value -4 is negative: a count of buffer entries cannot be"))
    }

    @Test("declared ranges, types and choices")
    func rangesTypesChoices() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = Self.component(
            parameters: Self.parameter("VCS", "17", extra: " minimum=\"1\" maximum=\"16\"") + Self.parameter("NAME", "12", type: "string")
                + Self.parameter("COUNT", "\"four\"") + Self.parameter("FLAG", "2", type: "bit"))
        let path = directory.write("ranges.xml", text)
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(diagnostics.map(\.code) == [.valueOutOfRange, .typeMismatch, .typeMismatch, .valueOutOfRange])
        #expect(diagnostics[0].expected == "a value in 1...16")
        #expect(diagnostics[2].message.hasSuffix("value \"four\" is not an integer"))
    }

    @Test("link rules: VC count disagreement, VC map and per-VC credits, all at once")
    func linkRules() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (_, _, result) = Examples.loadDesignVariant(
            directory, [("referenceId=\"D2D_VC_COUNT\">PKG_D2D_VCS</ipxact:configurableElementValue>\n          <ipxact:configurableElementValue referenceId=\"CACHING_AGENTS\">", "referenceId=\"D2D_VC_COUNT\">2</ipxact:configurableElementValue>\n          <ipxact:configurableElementValue referenceId=\"CACHING_AGENTS\">")])
        let failure = try #require(result.failureValue)
        #expect(failure.codes == [.linkParameterMismatch, .vcMapInconsistent, .perVCCreditsInvalid])
        #expect(failure.diagnostics[1].message == "cv:vcMap of cpu0.d2d0 maps VC 2, 3 beyond VC_COUNT = 2")
        #expect(failure.diagnostics[2].message == "cpu0.d2d0: VC3_CREDITS names VC 3 but VC_COUNT is 2")
    }

    @Test("connectionRequired, mode pairing, fixed-parameter override")
    func connectionRules() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        // Drop the UCIe link: cpu0.d2d0 requires a connection.
        let unconnected = Examples.loadDesignVariant(
            directory, [("<ipxact:activeInterface componentRef=\"cpu0\" busRef=\"d2d0\"/>\n      <ipxact:activeInterface componentRef=\"xpu0\" busRef=\"d2d0\"/>", "<ipxact:activeInterface componentRef=\"xpu0\" busRef=\"c2c0\"/>\n      <ipxact:activeInterface componentRef=\"xpu1\" busRef=\"c2c0\"/>")])
        // xpu0.c2c0 (slave) – xpu1.c2c0 (slave), and xpu1.c2c0 is now used by two interconnections.
        #expect(unconnected.result.failureValue?.codes == [.illegalModePairing, .interfaceConnectedTwice, .requiredInterfaceUnconnected])
        let fixed = Examples.loadDesignVariant(directory, [("referenceId=\"HOME_AGENTS\">4", "referenceId=\"d2d0_VC_COUNT\">4")])
        #expect(fixed.result.failureValue?.codes == [.overrideOfFixedParameter])
    }

    @Test("cv:expect violated without a property; unknown verdict is a schema error")
    func expectExtension() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let original = Examples.text(Examples.configuration2014)
        for (replacement, codes) in [
            ("<cv:expect verdict=\"violated\"/>", [DiagnosticCode.expectWithoutProperty]),
            ("<cv:expect verdict=\"fails\"/>", [.schemaViolation]),
            ("<cv:expect verdict=\"violated\" property=\"deadlockFreedom\"/>", []),
        ] {
            let path = directory.write("cfg.xml", original.replacingOccurrences(of: "<cv:expect verdict=\"holds\"/>", with: replacement))
            let diagnostics = DescriptorLoader(searchPaths: [Examples.components2014, Examples.dir2014 + "/designs"]).validate(path: path)
            #expect(diagnostics.map(\.code) == codes, "\(replacement)")
        }
    }

    @Test("a 50 MB file is refused quickly by the size limit")
    func fiftyMegabytes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/huge.xml"
        let header = Data("<?xml version=\"1.0\"?>\n<ipxact:component xmlns:ipxact=\"\(Self.ns2014)\"><ipxact:description>".utf8)
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        var data = header
        for _ in 0..<50 { data.append(chunk) }
        data.append(Data("</ipxact:description></ipxact:component>\n".utf8))
        try data.write(to: URL(fileURLWithPath: path))
        let start = Date()
        let diagnostics = DescriptorLoader(searchPaths: []).validate(path: path)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(diagnostics.map(\.code) == [.fileTooLarge])
        #expect(diagnostics.first?.message == "file is \(data.count) bytes; descriptors larger than 8388608 bytes are not read")

        // With the limit raised, libxml2's own safety limits (XML_PARSE_HUGE is off) still hold:
        // 50 MB of nesting stops at libxml2's depth limit instead of exhausting the stack.
        let nested = directory.path + "/nested.xml"
        var deep = Data("<?xml version=\"1.0\"?>\n".utf8)
        let open = Data("<ipxact:component xmlns:ipxact=\"\(Self.ns2014)\">".utf8)
        while deep.count < 50 << 20 { deep.append(open) }
        try deep.write(to: URL(fileURLWithPath: nested))
        let lenient = DescriptorLoader(searchPaths: [], options: .init(maxFileBytes: 64 << 20))
        let nestedStart = Date()
        let parsed = lenient.validate(path: nested)
        #expect(Date().timeIntervalSince(nestedStart) < 10)
        #expect(parsed.first?.code == .malformedXML)
        #expect(parsed.first?.message.contains("Excessive depth") == true)
        #expect(parsed.allSatisfy { $0.code == .malformedXML })
    }

    @Test("diagnostic rendering")
    func rendering() {
        let diagnostic = Diagnostic(
            code: .valueOutOfRange, message: "CREDITS_PER_VC = 0 is below its minimum 1",
            location: SourceLocation(file: "die.xml", line: 12, column: 9),
            elementPath: "/component/busInterfaces/busInterface[name=d2d0]/parameters/parameter[CREDITS_PER_VC]",
            suggestion: "raise it to at least 1")
        #expect(
            diagnostic.description
                == "die.xml:12:9: error[IPX306]: CREDITS_PER_VC = 0 is below its minimum 1 (at /component/busInterfaces/busInterface[name=d2d0]/parameters/parameter[CREDITS_PER_VC]) — raise it to at least 1")
        #expect(Set(DiagnosticCode.allCases.map(\.rawValue)).count == DiagnosticCode.allCases.count)
    }
}
