import Foundation
import Testing
import _ChipcheckTestSupport
@testable import Conformance

/// Verdict vectors under `vectors run --jobs N` share one memory budget; a vector may set its own.
/// German with two clients needs between 4 and 5 MiB on one thread (measured: 4 MiB stops
/// incomplete, 5 MiB holds).
@Suite struct VectorMemoryTests {
    /// A folder with copies of `german-2-holds.json` under `ids`, each with `options` added.
    static func folder(_ ids: [String], options: String? = nil) throws -> URL {
        let source = Chipcheck.packageRoot.appendingPathComponent("Vectors/engine/german-2-holds.json")
        let text = try String(contentsOf: source, encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for id in ids {
            var copy = text.replacingOccurrences(of: "\"id\": \"german-2-holds\"", with: "\"id\": \"\(id)\"")
            if let options { copy = copy.replacingOccurrences(of: "  \"expect\":", with: "  \"options\": \(options),\n  \"expect\":") }
            try copy.write(to: folder.appendingPathComponent("\(id).json"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("each of N parallel cases gets 1/N of the budget")
    func shares() {
        #expect(VectorRunner.memoryShare(total: 8 << 30, workers: 4) == 2 << 30)
        #expect(VectorRunner.memoryShare(total: 12 << 20, workers: 2) == 6 << 20)
        #expect(VectorRunner.memoryShare(workers: 2) == ProcessInfo.processInfo.physicalMemory / 4 * 3 / 2)
    }

    @Test("--max-memory 12M --jobs 2: 6 MiB each, both hold; 8M: 4 MiB each, both stop incomplete; 8M --jobs 1 holds")
    func sharedBudget() throws {
        let folder = try Self.folder(["case-a", "case-b"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let enough = try Chipcheck.run(["vectors", "run", folder.path, "--jobs", "2", "--max-memory", "12M"])
        #expect(enough.status == 0)
        #expect(enough.stdout == "2 passed, 0 failed\n")
        let tight = try Chipcheck.run(["vectors", "run", folder.path, "--jobs", "2", "--max-memory", "8M", "--json"])
        #expect(tight.status == 13)
        let cases = try #require(tight.json["cases"] as? [[String: Any]])
        #expect(cases.map { $0["status"] as? String } == ["failed", "failed"])
        #expect(cases.allSatisfy { ($0["message"] as? String)?.contains("verdict: expected holds, got incomplete") == true })
        let serial = try Chipcheck.run(["vectors", "run", folder.path, "--jobs", "1", "--max-memory", "8M"])
        #expect(serial.stdout == "2 passed, 0 failed\n")
    }

    @Test("a vector's max_memory is its own budget")
    func vectorOption() throws {
        let small = try Self.folder(["small"], options: "{\"max_memory\": \"1M\"}")
        defer { try? FileManager.default.removeItem(at: small) }
        let run = try Chipcheck.run(["vectors", "run", small.path, "--json"])
        let cases = try #require(run.json["cases"] as? [[String: Any]])
        #expect(cases.first?["status"] as? String == "failed")
        #expect((cases.first?["message"] as? String)?.contains("verdict: expected holds, got incomplete") == true)
        // Its own 64 MiB beats a share of 4 MiB.
        let large = try Self.folder(["large"], options: "{\"max_memory\": 67108864}")
        defer { try? FileManager.default.removeItem(at: large) }
        #expect(try Chipcheck.run(["vectors", "run", large.path, "--max-memory", "4M"]).stdout == "1 passed, 0 failed\n")
    }

    @Test("a bad max_memory is an invalid vector at its line")
    func badOption() throws {
        let folder = try Self.folder(["bad"], options: "{\"max_memory\": \"lots\"}")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Vector.load(path: folder.appendingPathComponent("bad.json").path)
            Issue.record("accepted max_memory \"lots\"")
        } catch {
            #expect(error.message == "options.max_memory must be a positive number of bytes or a size such as \"64M\" (K, M, G)")
            #expect(error.line == 7)
        }
    }
}
