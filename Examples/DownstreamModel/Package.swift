// swift-tools-version:6.0
// A package outside chipcheck that defines a link model of its own and checks it with the
// chipcheck command line, reports and vectors, through chipcheck's library products.
import PackageDescription

let package = Package(
    name: "DownstreamModel",
    platforms: [.macOS(.v14)],
    dependencies: [
        // A real project would name a version of chipcheck's repository; the example sits inside it.
        .package(name: "chipcheck", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "toylink",
            dependencies: [
                .product(name: "StateSpace", package: "chipcheck"),
                .product(name: "Catalog", package: "chipcheck"),
                .product(name: "ChipcheckCLI", package: "chipcheck"),
            ]
        ),
    ]
)
