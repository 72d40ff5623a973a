import Foundation
import Testing

/// Runs the built `chipcheck` binary, as a user would, and captures what it printed.
public struct BinaryRun {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    /// The JSON object printed on stdout.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }
}

public enum Chipcheck {
    /// The binary built next to the test bundle (or `CHIPCHECK_BINARY`).
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["CHIPCHECK_BINARY"] { return URL(fileURLWithPath: path) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // swift test runs .../debug/chipcheckPackageTests.xctest; the tool sits beside it.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("chipcheck")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "chipcheck")
    }

    /// The package's root folder, found from this file's path.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `chipcheck arguments…` in the package root and waits for it; `environment` adds to
    /// (or overrides) the test process's own variables.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> BinaryRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a large report cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return BinaryRun(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// An independent checker (xmllint, a Python parser) is not installed. On a developer machine
/// the check is skipped with a note; in CI (`CI=true`, where `.ci/run` installs every checker)
/// it is a failure, so a missing install can never turn a validation into a silent pass.
public func toolMissing(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        Issue.record("independent checker missing in CI: \(message)", sourceLocation: sourceLocation)
    } else {
        print("skipped: \(message)")
    }
}
