// swift-tools-version:5.9
// libFuzzer targets for chipcheck's readers of untrusted text. Not part of the main package's
// build or tests: `Fuzz/run.sh` builds them with `-sanitize=fuzzer` and runs each for a budget.
// The main package is reached through the link `.build/chipcheck` that run.sh makes to the
// repository (a path dependency is named after its folder, which differs between checkouts).
import PackageDescription

let fuzzers = ["FuzzExpression", "FuzzDescriptor", "FuzzVector", "FuzzJSONLines", "FuzzVCD"]

let package = Package(
    name: "chipcheck-fuzz",
    dependencies: [.package(path: ".build/chipcheck")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver, which each target's main calls.
        .target(name: "CFuzzer")
    ]
        + fuzzers.map { name in
            .executableTarget(
                name: name,
                dependencies: [
                    "CFuzzer",
                    .product(name: name == "FuzzExpression" || name == "FuzzDescriptor" ? "IPXACT" : "Conformance", package: "chipcheck"),
                ])
        }
)
