import ArgumentParser
import Conformance
import Foundation
import Reports

struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Conformance vectors: encodings, verdicts and observed traces with their expectations.",
        subcommands: [VectorsRun.self]
    )
}

struct VectorsRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run conformance vectors and compare each result with the expectation inside the file.",
        discussion: """
            Folders are searched recursively for *.json vector files (*.signals.json are signal \
            maps, not vectors). Prints one line per case that did not pass, then a summary line \
            'N passed, N failed'. See Vectors/README.md for the format.

            Exit codes: 0 every vector passed; 13 at least one mismatch; 65 a vector file (or a \
            trace it names) is unreadable or invalid; 64 usage error; 74 the results were printed but a \
            report file could not be written.
            """
    )

    @Argument(help: "Vector files or folders (default: Vectors/).")
    var paths: [String] = []

    @Option(help: "Only run cases whose path (and so id) contains SUBSTRING.")
    var filter: String?

    @Option(help: "Cases run at the same time (default: every online processor).")
    var jobs: Int?

    @Option(
        help: "Memory budget shared by the cases running at once, e.g. 2G; each gets an equal share (default: 3/4 of physical memory).")
    var maxMemory: ByteCount?

    @Flag(help: "Print one JSON object on stdout instead of text.")
    var json = false

    @Flag(help: "Also print the details of each failure (expected and actual values, counterexamples).")
    var verbose = false

    @OptionGroup var reports: ReportFlags

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be in 1...256") }
    }

    func run() throws {
        var files: [String]
        let roots = paths.isEmpty ? ["Vectors"] : paths
        // A folder or file that is not there is a usage error (64), like any wrong argument; 65
        // is for vector files that exist and cannot be read.
        for root in roots where !FileManager.default.fileExists(atPath: root) {
            let hint = paths.isEmpty ? " (the default folder; run from the repository root or name vector files or folders)" : ""
            FileHandle.standardError.write(Data("chipcheck: no such file or folder '\(root)'\(hint)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
        do {
            files = try VectorRunner.discover(roots)
        } catch {
            FileHandle.standardError.write(Data("chipcheck: \(error.description)\n".utf8))
            throw ExitCode(ExitStatus.badInput)
        }
        if let filter { files = files.filter { $0.contains(filter) } }
        guard !files.isEmpty else {
            let message = filter == nil ? "no vector files found" : "no vector matches --filter '\(filter!)'"
            FileHandle.standardError.write(Data("chipcheck: \(message)\n".utf8))
            throw ExitCode(ExitStatus.usage)
        }
        let runner = VectorRunner(catalog: ModelRegistry.entries)
        let outcomes = runner.run(
            files, parallelism: jobs ?? ProcessInfo.processInfo.activeProcessorCount, memoryBudget: maxMemory?.bytes)
        let passed = outcomes.filter { $0.status == .passed }.count
        let failed = outcomes.filter { $0.status == .failed || $0.status == .invalid }.count
        let skipped = outcomes.filter { $0.status == .unsupported }.count

        let lost = reports.write(outcomes.map(\.reportCase), suite: "chipcheck.vectors")
        if json {
            let cases: [JSONValue] = outcomes.map { o in
                var members: [(String, JSONValue)] = [
                    ("id", .string(o.id)), ("kind", .string(o.kind)), ("path", .string(o.path)),
                    ("status", .string(o.status.rawValue)),
                ]
                if !o.message.isEmpty {
                    members += [("message", .string(o.message)), ("location", .string(o.location.description))]
                }
                if !o.detail.isEmpty { members.append(("detail", .string(o.detail))) }
                members.append(("seconds", .double(o.seconds)))
                return .object(members)
            }
            print(JSONValue.object([
                ("passed", .int(passed)), ("failed", .int(failed)), ("skipped", .int(skipped)), ("cases", .array(cases)),
            ]).serialized())
        } else {
            for o in outcomes where o.status != .passed {
                switch o.status {
                case .failed: print("FAIL \(o.id) (\(o.location.description)): \(o.message)")
                case .invalid: print("INVALID \(o.location.description): \(o.message)")
                case .unsupported: print("SKIP \(o.id) (\(o.path)): \(o.message)")
                case .passed: break
                }
                if verbose && !o.detail.isEmpty {
                    for line in o.detail.split(separator: "\n", omittingEmptySubsequences: false) { print("    \(line)") }
                }
            }
            if skipped > 0 { print("\(skipped) skipped (not supported yet)") }
            print("\(passed) passed, \(failed) failed")
        }
        let code =
            outcomes.contains(where: { $0.status == .invalid }) ? ExitStatus.badInput : failed > 0 ? ExitStatus.vectorMismatch : 0
        throw OutputFile.exitCode(code, lost: lost)
    }
}
