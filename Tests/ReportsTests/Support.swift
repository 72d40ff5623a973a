import BuiltinModels
import Foundation
import StateSpace
import Testing

/// Folders next to this file (excluded from the test target in the package manifest).
enum Paths {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let golden = tests.appendingPathComponent("Golden")
    static let fixtures = tests.appendingPathComponent("Fixtures")
}

/// A counterexample of a built-in model, explored on one thread so it is always the same.
func counterexample(_ model: String, _ pairs: [(String, String)]) throws -> (Counterexample, StateLayout, ExplorationResult) {
    let entry = try #require(ModelCatalog.entry(named: model))
    let system = try entry.instantiate(pairs)
    let result = system.explore(ExplorationOptions(threads: 1))
    return (try #require(result.counterexample), system.layout, result)
}

/// Compares `text` with the golden file `name`; `CHIPCHECK_UPDATE_GOLDEN=1` rewrites it instead.
func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = Paths.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["CHIPCHECK_UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: Paths.golden, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing golden file \(name); run with CHIPCHECK_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    #expect(text == golden, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
}

/// Runs an external program if it can be found on PATH; `nil` when it cannot.
struct ToolRun {
    let status: Int32
    let output: String
}

func runTool(_ name: String, _ arguments: [String]) -> ToolRun? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { String($0) + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Whether python3 can import `module` (`.ci/run` installs the ones these tests use).
func pythonHas(_ module: String) -> Bool {
    runTool("python3", ["-c", "import \(module)"])?.status == 0
}

/// A scratch file path that is removed when the test process ends (best effort).
func scratchFile(_ name: String) -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-reports-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name)
}

/// An independent checker is not installed. On a developer machine the check is skipped with
/// a note; in CI (`CI=true`, where `.ci/run` installs every checker) it is a failure, so a
/// missing install can never turn a validation into a silent pass.
func toolMissing(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        Issue.record("independent checker missing in CI: \(message)", sourceLocation: sourceLocation)
    } else {
        print("skipped: \(message)")
    }
}
