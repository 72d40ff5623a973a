import Foundation

/// Finds the shipped resources and compiles each version's driver schema once, on first use,
/// then hands the same compiled set to every document of the run.
final class SchemaProvider: @unchecked Sendable {
    struct Failure: Error {
        var diagnostic: Diagnostic
    }

    private let lock = NSLock()
    private var compiled: [IPXACTVersion: Result<SchemaSet, Failure>] = [:]
    let resourceDirectory: URL?

    init(resourceDirectory: URL? = ShippedResources.directory) {
        self.resourceDirectory = resourceDirectory
    }

    /// Driver schema for `version`: the IEEE set plus chipcheck's `cv:` extension schema.
    func schema(for version: IPXACTVersion) -> Result<SchemaSet, Failure> {
        lock.lock()
        defer { lock.unlock() }
        if let cached = compiled[version] { return cached }
        let result = compile(version)
        compiled[version] = result
        return result
    }

    private func compile(_ version: IPXACTVersion) -> Result<SchemaSet, Failure> {
        let fileName = version == .ieee1685_2014 ? "driver-1685-2014.xsd" : "driver-1685-2022.xsd"
        guard let directory = resourceDirectory else {
            return .failure(Self.unavailable("the schema resources (chipcheck_IPXACT.resources) were not found next to the executable"))
        }
        let path = directory.appendingPathComponent("Schemas").appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(Self.unavailable("schema file \(path) is missing"))
        }
        var issues: [XMLIssue] = []
        guard let schema = SchemaSet.compile(path: path, issues: &issues) else {
            let detail = issues.first.map { ": " + DocumentReader.readableNames($0.message) } ?? ""
            return .failure(Self.unavailable("schema \(path) does not compile\(detail)"))
        }
        return .success(schema)
    }

    private static func unavailable(_ message: String) -> Failure {
        Failure(
            diagnostic: Diagnostic(
                code: .schemaUnavailable, message: message, location: SourceLocation(file: "<chipcheck>", line: 0, column: 0),
                suggestion: "reinstall chipcheck with its resource bundle, or set \(ShippedResources.environmentVariable) to its directory"))
    }
}

/// Location of the resources shipped with the IPXACT module (schemas, built-in bus definitions).
enum ShippedResources {
    static let environmentVariable = "CHIPCHECK_IPXACT_RESOURCES"
    static let bundleName = "chipcheck_IPXACT.resources"

    /// In order: `$CHIPCHECK_IPXACT_RESOURCES`; the SwiftPM resource bundle next to the running
    /// executable (what `Bundle.module` finds for a built or installed binary); the same bundle
    /// next to `/proc/self/exe`. `Bundle.module` itself is consulted only once its bundle is
    /// known to exist, because its generated accessor traps when it finds nothing.
    static let directory: URL? = {
        let fileManager = FileManager.default
        func hasSchemas(_ url: URL) -> Bool {
            fileManager.fileExists(atPath: url.appendingPathComponent("Schemas").path)
        }
        if let override = ProcessInfo.processInfo.environment[environmentVariable] {
            let url = URL(fileURLWithPath: override)
            if hasSchemas(url) { return url }
        }
        let besideMain = Bundle.main.bundleURL.appendingPathComponent(bundleName)
        if hasSchemas(besideMain) {
            let viaModule = Bundle.module.bundleURL
            return hasSchemas(viaModule) ? viaModule : besideMain
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let besideExecutable = executable.deletingLastPathComponent().appendingPathComponent(bundleName)
        if hasSchemas(besideExecutable) { return besideExecutable }
        return nil
    }()

    /// The built-in bus and abstraction definitions (`BusDefinitions/*.xml`).
    static var builtinDefinitionFiles: [String] {
        guard let directory else { return [] }
        let folder = directory.appendingPathComponent("BusDefinitions")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted().map { folder.appendingPathComponent($0).path }
    }
}
