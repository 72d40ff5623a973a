// swift-tools-version:6.0
// chipcheck: exhaustive verification of chiplet die-to-die interconnects (UCIe, CHI over an
// NVLink-C2C-like link) configured by IP-XACT descriptors.
import PackageDescription

let package = Package(
    name: "chipcheck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chipcheck", targets: ["chipcheck"]),
        // For packages that write models of their own: the engine, the catalogue their models
        // join, the protocol modules and their assembled systems, the reports, and the command
        // line to run it all (see Examples/DownstreamModel). None uses unsafe flags.
        .library(name: "StateSpace", targets: ["StateSpace"]),
        .library(name: "Catalog", targets: ["Catalog"]),
        .library(name: "UCIe", targets: ["UCIe"]),
        .library(name: "CHI", targets: ["CHI"]),
        .library(name: "LinkSystems", targets: ["LinkSystems"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "ChipcheckCLI", targets: ["ChipcheckCLI"]),
        .library(name: "IPXACT", targets: ["IPXACT"]),
        .library(name: "Conformance", targets: ["Conformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Atomics, prefetch and virtual-memory reservation for the explorer's flat stores.
        // Plain C because Swift has no prefetch intrinsic and the stores are raw memory.
        .target(name: "CExplorerSupport"),
        // The checker engine. Knows no protocol. Its generic code is `@inlinable`, so each model
        // module specialises the explorer for its own model type and the successor loop calls
        // the model's rules directly (no unsafe flags: the product works as a dependency).
        .target(name: "StateSpace", dependencies: ["CExplorerSupport"]),
        // How models are offered to a user by name: catalogue entries with their parameters
        // (checked, with a guess for a typo) and the renaming of a system for display.
        .target(name: "Catalog", dependencies: ["StateSpace"]),
        // Benchmark and toy models written directly as rule systems (German, credit-link, toys).
        .target(name: "BuiltinModels", dependencies: ["StateSpace", "Catalog"]),
        // UCIe die-to-die adapter: flit formats, CRC, retry, credits. Sans-IO; knows no checker.
        .target(name: "UCIe"),
        // AMBA CHI over an NVLink-C2C-like link: link-layer credits and activation, coherence
        // agents. Sans-IO; knows no checker.
        .target(name: "CHI"),
        // Link protocols assembled into checkable systems: the UCIe adapter between two dies,
        // the CHI-style coherent link. The one place protocol meets engine.
        .target(name: "LinkSystems", dependencies: ["StateSpace", "Catalog", "UCIe", "CHI"]),
        // Conformance vectors: encodings, verdicts and observed traces with their expectations.
        .target(name: "Conformance", dependencies: ["StateSpace", "Catalog", "UCIe", "Reports", "IPXACT", "DescriptorSystems"]),
        // Designs read from IP-XACT turned into runs of the link models.
        .target(name: "DescriptorSystems", dependencies: ["IPXACT", "LinkSystems", "StateSpace", "UCIe", "Catalog"]),
        // libxml2, reached only through the IPXACT module.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // IP-XACT (IEEE 1685) loading, validation and parameter resolution.
        .target(name: "IPXACT", dependencies: ["CLibXML2"], resources: [.copy("Resources/Schemas"), .copy("Resources/BusDefinitions")]),
        // Renderings of verdicts and counterexamples: text, JSON, JUnit, SARIF, VCD, MSC.
        .target(name: "Reports", dependencies: ["StateSpace"]),
        // The command line as a library: `chipcheck` calls it, and so can another package's
        // executable with models of its own.
        .target(
            name: "ChipcheckCLI",
            dependencies: [
                "StateSpace", "Catalog", "BuiltinModels", "LinkSystems", "IPXACT", "DescriptorSystems", "Reports", "Conformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "chipcheck", dependencies: ["ChipcheckCLI"]),
        .target(
            name: "_ChipcheckTestSupport",
            dependencies: ["StateSpace"],
            path: "Tests/_ChipcheckTestSupport"
        ),
        .testTarget(name: "StateSpaceTests", dependencies: ["StateSpace", "Catalog", "BuiltinModels", "_ChipcheckTestSupport"]),
        .testTarget(name: "BuiltinModelsTests", dependencies: ["BuiltinModels", "StateSpace", "_ChipcheckTestSupport"]),
        .testTarget(name: "UCIeTests", dependencies: ["UCIe"]),
        .testTarget(name: "CHITests", dependencies: ["CHI"]),
        .testTarget(name: "LinkSystemsTests", dependencies: ["LinkSystems", "StateSpace", "Catalog", "_ChipcheckTestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "_ChipcheckTestSupport"]),
        .testTarget(name: "IPXACTTests", dependencies: ["IPXACT"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "StateSpace", "BuiltinModels"],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "ChipcheckCLITests",
            dependencies: ["chipcheck", "_ChipcheckTestSupport"],
            exclude: ["Fixtures"]
        ),
    ]
)
