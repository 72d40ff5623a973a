import Foundation
import IPXACT
import Testing

/// The example package (one CPU die, two XPU dies) loads with exactly the values listed in the
/// examples' README, through every way of finding documents and in both IEEE versions.
@Suite("Example descriptors resolve to the documented values")
struct ExampleDesignTests {
    /// (instance, interface or nil for component level, parameter name, value).
    static let expected: [(String, String?, String, ParameterValue)] = [
        ("cpu0", nil, "CACHING_AGENTS", .integer(16)),
        ("cpu0", "d2d0", "VC_COUNT", .integer(4)),
        ("cpu0", "d2d0", "CREDITS_PER_VC", .integer(32)),
        ("cpu0", "d2d0", "VC3_CREDITS", .integer(64)),
        ("cpu0", "d2d0", "RX_BUFFER_DEPTH", .integer(64)),
        ("cpu0", "d2d0", "RETRY_BUFFER_FLITS", .integer(128)),
        ("cpu0", "c2c0", "RETRY_BUFFER_FLITS", .integer(96)),
        ("cpu0", "c2c0", "DAT_LCREDITS", .integer(15)),
        ("cpu0", "c2c0", "REQ_LCREDITS", .integer(15)),
        ("cpu0", "c2c0", "RSP_LCREDITS", .integer(15)),
        ("cpu0", "c2c0", "SNP_LCREDITS", .integer(15)),
        ("xpu0", "d2d0", "CREDITS_PER_VC", .integer(32)),
        ("xpu0", "d2d0", "RX_BUFFER_DEPTH", .integer(32)),
        ("xpu0", "d2d0", "RETRY_BUFFER_FLITS", .integer(64)),
        ("xpu1", nil, "CACHING_AGENTS", .integer(0)),
        ("xpu1", nil, "HOME_AGENTS", .integer(4)),
        ("xpu1", "c2c0", "SNP_LCREDITS", .integer(8)),
        ("cpu0", nil, "COHERENCE_PROTOCOL", .string("MOESI")),
        ("xpu0", nil, "COHERENCE_PROTOCOL", .string("MOESI")),
        ("xpu1", nil, "COHERENCE_PROTOCOL", .string("MOESI")),
    ]

    static func assertDocumentedValues(_ design: ResolvedDesign) {
        for (instanceName, interfaceName, parameter, value) in expected {
            guard let instance = design.instance(instanceName) else {
                Issue.record("missing instance \(instanceName)")
                continue
            }
            let parameters = interfaceName.map { instance.busInterface($0)?.parameters ?? [] } ?? instance.parameters
            #expect(parameters[name: parameter]?.value == value, "\(instanceName).\(interfaceName ?? "") \(parameter)")
        }
        #expect(design.instances.map(\.name) == ["cpu0", "xpu0", "xpu1"])
        #expect(
            design.interconnections.map(\.description) == [
                "cpu0.d2d0 — xpu0.d2d0 (chipcheck.example:ucie:d2d:1.1)",
                "cpu0.c2c0 — xpu1.c2c0 (chipcheck.example:chi:c2c:1.0)",
            ])
        let modes = design.instances.flatMap { instance in instance.busInterfaces.map { "\(instance.name).\($0.name)=\($0.mode.rawValue)" } }
        #expect(modes == ["cpu0.d2d0=master", "cpu0.c2c0=master", "xpu0.d2d0=slave", "xpu0.c2c0=slave", "xpu1.d2d0=slave", "xpu1.c2c0=slave"])
        #expect(design.instance("cpu0")?.busInterface("d2d0")?.connectionRequired == true)
    }

    @Test("2014 configuration through a search path")
    func configurationThroughSearchPath() throws {
        let design = try DescriptorLoader(searchPaths: [Examples.dir2014]).load(path: Examples.configuration2014).get()
        Self.assertDocumentedValues(design)
        #expect(design.warnings.isEmpty)
        #expect(design.designConfiguration?.description == "acme.example:designs:cpu_xpu_pkg.designcfg:1.0")
        #expect(design.instances.map(\.view) == ["protocol", "protocol", "protocol"])
        #expect(design.configurationParameters.map { "\($0.name)=\($0.value)" } == ["MAX_OUTSTANDING_PER_AGENT=4"])
        #expect(design.designParameters.map { "\($0.name)=\($0.value)" } == ["PKG_D2D_VCS=4"])
    }

    @Test("2014 configuration through the catalog, and by VLNV")
    func configurationThroughCatalog() throws {
        let loader = DescriptorLoader(searchPaths: [], catalogs: [Examples.catalog2014])
        let byPath = try loader.load(path: Examples.configuration2014).get()
        Self.assertDocumentedValues(byPath)
        #expect(byPath.warnings.isEmpty)
        let vlnv = try #require(VLNV("acme.example:designs:cpu_xpu_pkg.designcfg:1.0"))
        let byVLNV = try loader.load(vlnv: vlnv).get()
        #expect(byVLNV == byPath)
    }

    @Test("2014 design without a configuration")
    func designAsEntryPoint() throws {
        let design = try DescriptorLoader(searchPaths: [Examples.components2014]).load(path: Examples.design2014).get()
        Self.assertDocumentedValues(design)
        #expect(design.verification == nil)
        #expect(design.designConfiguration == nil)
    }

    @Test("1685-2022 rendering maps initiator/target and componentInstanceRef")
    func version2022() throws {
        let design = try DescriptorLoader(searchPaths: [Examples.dir2022])
            .load(path: Examples.dir2022 + "/cpu_xpu_pkg.design.1.0.xml").get()
        Self.assertDocumentedValues(design)
        // The 2022 rendering of ucie:d2d:1.1 differs textually from the built-in 2014 file.
        #expect(design.warnings.map(\.code) == [.builtinOverridden])
        #expect(design.warnings.first?.location.file == Examples.dir2022 + "/ucie.d2d.1.1.xml")
    }

    @Test("provenance names the file and line that set each value")
    func provenance() throws {
        let design = try DescriptorLoader(searchPaths: [Examples.dir2014]).load(path: Examples.configuration2014).get()
        let cpu0 = try #require(design.instance("cpu0"))
        let designText = Examples.text(Examples.design2014)
        let agents = try #require(cpu0.parameters[name: "CACHING_AGENTS"])
        #expect(agents.provenance.kind == .designOverride)
        #expect(agents.provenance.location.file == Examples.design2014)
        #expect(agents.provenance.location.line == Examples.line(of: "referenceId=\"CACHING_AGENTS\">16", in: designText))
        let vcCount = try #require(cpu0.busInterface("d2d0")?.parameters[name: "VC_COUNT"])
        #expect(vcCount.provenance.kind == .interfaceValue)
        #expect(vcCount.provenance.expression == "D2D_VC_COUNT")
        #expect(vcCount.provenance.inputs == ["D2D_VC_COUNT = 4"])
        let flit = try #require(cpu0.busInterface("d2d0")?.parameters[name: "FLIT_BYTES"])
        #expect(flit.provenance.kind == .busDefinitionDefault)
        #expect(flit.provenance.busDefinition?.description == "chipcheck.example:ucie:d2d:1.1")
        #expect(flit.provenance.location.file.hasSuffix("BusDefinitions/ucie.d2d.1.1.xml"))
        let retry = try #require(cpu0.busInterface("c2c0")?.parameters[name: "RETRY_BUFFER_FLITS"])
        #expect(retry.provenance.expression == "$clog2(CACHING_AGENTS) * 16 + 32")
        #expect(retry.provenance.inputs == ["CACHING_AGENTS = 16"])
        let credits = try #require(design.instance("xpu0")?.parameters[name: "D2D_CREDITS_PER_VC"])
        #expect(credits.provenance.description == "design override at \(Examples.design2014):\(Examples.line(of: "PKG_D2D_VCS * 8", in: designText)):11, `PKG_D2D_VCS * 8` with PKG_D2D_VCS = 4")
    }

    @Test("describe() lists every parameter with its value and origin")
    func describe() throws {
        let design = try DescriptorLoader(searchPaths: [Examples.dir2014]).load(path: Examples.configuration2014).get()
        let text = design.describe()
        let lines = text.components(separatedBy: "\n")
        let parameterLines = lines.filter { $0.contains(" = ") && $0.contains("[") }
        let count = design.designParameters.count + design.configurationParameters.count
            + design.instances.reduce(0) { $0 + $1.parameters.count + $1.busInterfaces.reduce(0) { $0 + $1.parameters.count } }
        #expect(parameterLines.count == count)
        // 56 set or defaulted in the examples, plus the bus definitions' defaults for the four
        // implementation parameters of three ucie:d2d interfaces and the two of three chi:c2c ones.
        #expect(count == 74)
        #expect(lines.contains("  instance cpu0: acme.example:dies:host_cpu:1.0 view protocol"))
        #expect(lines.contains("    interface d2d0: master of chipcheck.example:ucie:d2d:1.1 (connection required)"))
        #expect(lines.contains { $0.hasPrefix("      RETRY_BUFFER_FLITS = 96  [interface value at ") && $0.hasSuffix("`$clog2(CACHING_AGENTS) * 16 + 32` with CACHING_AGENTS = 16]") })
        #expect(lines.contains("  link cpu0_c2c0__xpu1_c2c0: cpu0.c2c0 — xpu1.c2c0 (chipcheck.example:chi:c2c:1.0)"))
        #expect(lines.contains("    expect holds"))
    }

    @Test("cv:verification with the chipcheck additions (agents, workload, expect)")
    func verificationSettings() throws {
        let design = try DescriptorLoader(searchPaths: [Examples.dir2014]).load(path: Examples.configuration2014).get()
        let verification = try #require(design.verification)
        #expect(verification.checks == [
            "deadlockFreedom", "creditConservation", "retryBufferNoOverflow", "coherenceSingleWriter", "coherenceProtocolAgreement",
        ])
        #expect(verification.boundDepth == 64)
        #expect(verification.modelledAgents.map { "\($0.instance):\($0.cachingAgents ?? -1)/\($0.homeAgents ?? -1)" } == ["cpu0:2/1", "xpu1:0/1"])
        #expect(verification.workloadAddresses == 2)
        #expect(verification.workloadMaxOutstandingPerAgent == 4)
        #expect(verification.workloadMessagesPerAgent == nil)
        #expect(verification.expectedVerdict == .holds)
        #expect(verification.expectedProperty == nil)
    }

    @Test("every shipped descriptor validates without a diagnostic", arguments: [
        "busdefs/ucie.d2d.1.1.xml", "busdefs/ucie.d2d_tlm.1.1.xml", "busdefs/chi.c2c.1.0.xml",
        "examples/1685-2014/components/host_cpu.1.0.xml", "examples/1685-2014/components/accel_xpu.1.0.xml",
        "examples/1685-2014/designs/cpu_xpu_pkg.design.1.0.xml", "examples/1685-2014/designs/cpu_xpu_pkg.designcfg.1.0.xml",
        "examples/1685-2014/catalog.xml",
        "examples/1685-2022/host_cpu.1.0.xml", "examples/1685-2022/accel_xpu.1.0.xml",
    ])
    func shippedDescriptorsValidate(file: String) {
        let loader = DescriptorLoader(searchPaths: [], catalogs: [Examples.catalog2014])
        #expect(loader.validate(path: Paths.specs + "/" + file).map(\.description) == [])
    }

    @Test("built-in bus definitions are the files in Specs/busdefs, found beside the test binary")
    func builtinsMatchSpecs() throws {
        let resources = try #require(DescriptorLoader.resourceDirectory)
        #expect(resources.hasSuffix("chipcheck_IPXACT.resources"))
        for name in ["ucie.d2d.1.1.xml", "ucie.d2d_tlm.1.1.xml", "chi.c2c.1.0.xml"] {
            #expect(FileManager.default.contentsEqual(atPath: resources + "/BusDefinitions/" + name, andPath: Paths.specs + "/busdefs/" + name))
        }
        for schema in ["Schemas/driver-1685-2014.xsd", "Schemas/driver-1685-2022.xsd", "Schemas/cv-ext-1.0.xsd", "Schemas/1685-2014/index.xsd", "Schemas/1685-2022/index.xsd", "Schemas/1685-2022/LICENSE", "Schemas/1685-2022/NOTICE"] {
            #expect(FileManager.default.fileExists(atPath: resources + "/" + schema), "\(schema)")
        }
    }
}
