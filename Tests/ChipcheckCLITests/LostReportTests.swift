import Foundation
import Testing
import _ChipcheckTestSupport

/// A report file that cannot be written does not hide the verdict: the result is printed, the
/// error follows it, and the exit code (74) says the result stands but a report was lost.
@Suite struct LostReportTests {
    static let unwritable = "/nonexistent-chipcheck-folder/report"

    @Test("--junit to a missing folder: the deadlock is printed, then the error; exit 74", arguments: ["--junit", "--sarif", "--trace-vcd"])
    func deadlockWithLostReport(flag: String) throws {
        let run = try Chipcheck.run(["check", "--model", "credit-link", "--param", "K=3", "--param", "M=3", flag, Self.unwritable])
        #expect(run.status == 74)
        #expect(run.stdout.contains("deadlock"))
        #expect(run.stderr.hasPrefix("chipcheck: cannot write '\(Self.unwritable)': "))
        #expect(run.stderr.hasSuffix(" (the result above stands; exit 74)\n"))
        #expect(run.stderr.components(separatedBy: "\n").count == 2)
    }

    @Test("a holding run with a lost report does not exit 0")
    func holdsWithLostReport() throws {
        let run = try Chipcheck.run(["check", "--model", "german", "--param", "clients=2", "--json", "--junit", Self.unwritable])
        #expect(run.status == 74)
        #expect(run.json["verdict"] as? String == "holds")
        #expect(run.json["states"] as? Int == 43422)
    }

    @Test("the same run with a writable report keeps the verdict's exit code")
    func writableReport() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Chipcheck.run(["check", "--model", "credit-link", "--param", "K=3", "--param", "M=3", "--junit", file.path])
        #expect(run.status == 10)
        #expect(run.stderr.isEmpty)
        #expect(FileManager.default.fileExists(atPath: file.path))
    }

    @Test("vectors run: the summary is printed, then the error; exit 74")
    func vectorsWithLostReport() throws {
        let run = try Chipcheck.run(["vectors", "run", "Vectors/engine/german-2-holds.json", "--junit", Self.unwritable])
        #expect(run.status == 74)
        #expect(run.stdout == "1 passed, 0 failed\n")
        #expect(run.stderr.hasPrefix("chipcheck: cannot write '\(Self.unwritable)': "))
    }
}
