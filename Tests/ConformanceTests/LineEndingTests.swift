import Foundation
import Testing
import _ChipcheckTestSupport
@testable import Conformance

private let traces = Chipcheck.packageRoot.appendingPathComponent("Vectors/traces/data")

/// Files written on Windows (CRLF) or old Macs (CR) read the same as LF files, with the same
/// line numbers; integers in traces are read exactly.
@Suite struct LineEndingTests {
    static func withEndings(_ text: String, _ ending: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending)
    }

    @Test("JSON Lines trace: CRLF and CR give the same events and lines as LF", arguments: ["\r\n", "\r"])
    func jsonLines(ending: String) throws {
        let text = try String(contentsOf: traces.appendingPathComponent("link-bringup.jsonl"), encoding: .utf8)
        let lf = try TraceJSONLines.parse(text, path: "t.jsonl")
        let other = try TraceJSONLines.parse(Self.withEndings(text, ending), path: "t.jsonl")
        #expect(lf.count == 25)
        #expect(other == lf)
        #expect(other.map { $0.origin?.line } == lf.map { $0.origin?.line })
        do {
            _ = try TraceJSONLines.parse(Self.withEndings("{\"event\": \"ack\", \"seq\": 1}\n\n{\"event\": \"ack\"}", ending), path: "t.jsonl")
            Issue.record("accepted an ack without seq")
        } catch {
            #expect(error.description == "t.jsonl:3: ack needs 'seq'")
        }
    }

    @Test("VCD: CRLF and CR give the same changes and lines as LF", arguments: ["\r\n", "\r"])
    func vcd(ending: String) throws {
        let text = try String(contentsOf: traces.appendingPathComponent("link-bringup.vcd"), encoding: .utf8)
        let lf = try VCDDump.parse(text, path: "t.vcd")
        let other = try VCDDump.parse(Self.withEndings(text, ending), path: "t.vcd")
        #expect(lf.changes.count > 0)
        #expect(other.variables == lf.variables)
        #expect(other.changes.map(\.line) == lf.changes.map(\.line))
        #expect(other.changes.map(\.value) == lf.changes.map(\.value))
        do {
            _ = try VCDDump.parse(Self.withEndings(text + "\n1?", ending), path: "t.vcd")
            Issue.record("accepted an undeclared identifier")
        } catch {
            #expect(error.description == "t.vcd:\(text.split(separator: "\n", omittingEmptySubsequences: false).count + 1): change of undeclared identifier '?'")
        }
    }

    @Test("vector file: CRLF and CR keep the line of the key in errors", arguments: ["\r\n", "\r"])
    func vectorLines(ending: String) throws {
        let source = Chipcheck.packageRoot.appendingPathComponent("Vectors/engine/german-2-holds.json")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: "\"kind\": \"verdict\"", with: "\"kind\": \"verdikt\"")
        let kindLine = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"kind\"") }) + 1
        #expect(kindLine > 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-endings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("german-2-holds.json")
        try Self.withEndings(text, ending).write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try Vector.load(path: file.path)
            Issue.record("accepted an unknown kind")
        } catch {
            #expect(error.line == kindLine)
            #expect(error.message.hasPrefix("unknown kind 'verdikt'"))
        }
    }

    @Test("trace integers are exact: 2^63 - 1 is read as itself; 2^63 and 1.5 are refused")
    func exactIntegers() throws {
        let events = try TraceJSONLines.parse("{\"event\": \"ack\", \"seq\": 9223372036854775807}", path: "t.jsonl")
        #expect(events.first?.seq == Int.max)
        #expect(events.first?.seq == 9_223_372_036_854_775_807)
        let near = try TraceJSONLines.parse("{\"event\": \"ack\", \"seq\": 9007199254740993}", path: "t.jsonl")
        #expect(near.first?.seq == 9_007_199_254_740_993)  // 2^53 + 1: not a Double
        for bad in ["9223372036854775808", "1.5", "1e300", "-1"] {
            do {
                _ = try TraceJSONLines.parse("{\"event\": \"ack\", \"seq\": \(bad)}", path: "t.jsonl")
                Issue.record("accepted seq \(bad)")
            } catch {
                #expect(error.description == "t.jsonl:1: 'seq' must be a non-negative integer")
            }
        }
    }
}
