import Catalog
import Dispatch
import Foundation
import Reports
import StateSpace
import UCIe

/// What running one vector file gave.
public struct VectorOutcome: Sendable {
    public enum Status: String, Sendable {
        /// The expectation was met.
        case passed
        /// The expectation was not met.
        case failed
        /// The file (or a file it names) cannot be used: exit 65.
        case invalid
        /// A form this version cannot run yet.
        case unsupported
    }

    /// The vector's id, or the file name when the file could not be read.
    public let id: String
    public let kind: String
    public let path: String
    public let status: Status
    /// One line: what differed, or what is wrong with the file.
    public let message: String
    /// Further lines (expected and actual values, the monitor's reason).
    public let detail: String
    /// Where a report should point.
    public let location: SourceLocation
    public let seconds: Double

    /// The outcome as a CI report case.
    public var reportCase: ReportCase {
        let outcome: ReportCase.Outcome =
            switch status {
            case .passed: .passed
            case .failed: .failed
            case .invalid: .error
            case .unsupported: .skipped
            }
        let rule: ReportRule =
            switch status {
            case .passed, .failed: ReportRules.vectorMismatch
            case .invalid: ReportRules.badVector
            case .unsupported: ReportRules.unsupported
            }
        return ReportCase(
            id: id, group: kind, outcome: outcome, message: message, detail: detail, ruleID: rule.id,
            location: location, seconds: seconds)
    }
}

/// Finds vector files and runs them, several at a time.
public struct VectorRunner: Sendable {
    /// The models verdict vectors may name.
    public let catalog: [CatalogEntry]

    public init(catalog: [CatalogEntry]) { self.catalog = catalog }

    /// Every vector file under `paths` (files are taken as given; folders are searched
    /// recursively for `*.json`, leaving out `*.signals.json` signal maps), sorted.
    public static func discover(_ paths: [String]) throws(VectorFileError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw VectorFileError(path: path, message: "no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else {
                throw VectorFileError(path: path, message: "cannot list the folder")
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            for case let relative as String in walker
            where relative.hasSuffix(".json") && !relative.hasSuffix(".signals.json") {
                files.append(base + "/" + relative)
            }
        }
        return Array(Set(files)).sorted()
    }

    /// The memory budget of one verdict case when `workers` cases run at once: an equal share of
    /// `total` (default: three quarters of physical memory, the explorer's own default for a
    /// single run), so parallel cases together stay within what one run may use. A vector's own
    /// `max_memory` replaces its share.
    public static func memoryShare(total: UInt64? = nil, workers: Int) -> UInt64 {
        let budget = total ?? ProcessInfo.processInfo.physicalMemory / 4 * 3
        return budget / UInt64(max(1, workers))
    }

    /// Runs `files`, at most `parallelism` at a time; outcomes come back in the order of `files`.
    /// Verdict cases share `memoryBudget` (see ``memoryShare(total:workers:)``).
    public func run(_ files: [String], parallelism: Int, memoryBudget: UInt64? = nil) -> [VectorOutcome] {
        final class Slots: @unchecked Sendable {
            var outcomes: [VectorOutcome?]
            let lock = NSLock()
            var next = 0
            init(_ n: Int) { outcomes = Array(repeating: nil, count: n) }
        }
        let slots = Slots(files.count)
        let workers = max(1, min(parallelism, files.count))
        let share = Self.memoryShare(total: memoryBudget, workers: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                slots.lock.lock()
                let index = slots.next
                slots.next += 1
                slots.lock.unlock()
                guard index < files.count else { return }
                let outcome = run(file: files[index], memoryShare: share)
                slots.lock.lock()
                slots.outcomes[index] = outcome
                slots.lock.unlock()
            }
        }
        return slots.outcomes.map { $0! }
    }

    /// Loads and runs one file; a verdict case without its own `max_memory` gets `memoryShare`.
    public func run(file: String, memoryShare: UInt64? = nil) -> VectorOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let vector: Vector
        do {
            vector = try Vector.load(path: file)
        } catch {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return VectorOutcome(
                id: name, kind: "invalid", path: file, status: .invalid, message: error.message, detail: "",
                location: SourceLocation(path: file, line: error.line ?? 1), seconds: elapsed())
        }
        let (status, message, detail, location) = run(vector, memoryShare: memoryShare)
        return VectorOutcome(
            id: vector.id, kind: vector.kind.rawValue, path: file, status: status, message: message, detail: detail,
            location: location ?? vector.location, seconds: elapsed())
    }

    /// Runs a loaded vector: status, message, detail and (when more precise than the vector's
    /// expectation) the location to report.
    public func run(_ vector: Vector, memoryShare: UInt64? = nil) -> (VectorOutcome.Status, String, String, SourceLocation?) {
        switch vector.body {
        case let .encoding(e): return runEncoding(e)
        case let .verdict(v): return runVerdict(v, memoryShare: memoryShare)
        case let .trace(t): return runTrace(t)
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func runEncoding(_ e: Vector.Encoding) -> (VectorOutcome.Status, String, String, SourceLocation?) {
        guard UCIeCodecs.names.contains(e.codec) else {
            return (.invalid, "unknown codec '\(e.codec)'; expected one of: \(UCIeCodecs.names.joined(separator: ", "))", "", nil)
        }
        let encoded: [UInt8]
        do { encoded = try UCIeCodecs.encode(codec: e.codec, fields: e.fields) } catch {
            return (.failed, "encoding failed: \(error)", "", nil)
        }
        guard encoded == e.bytes else {
            return (.failed, "encoded bytes differ", "expected: \(hex(e.bytes))\nactual:   \(hex(encoded))", nil)
        }
        if UCIeCodecs.canDecode(codec: e.codec) {
            do {
                let decoded = try UCIeCodecs.decode(codec: e.codec, bytes: e.bytes)
                guard decoded == e.fields else {
                    let diff = Set(decoded.keys).union(e.fields.keys).sorted().filter { decoded[$0] != e.fields[$0] }
                        .map { "\($0): expected \(e.fields[$0] ?? "(absent)"), decoded \(decoded[$0] ?? "(absent)")" }
                    return (.failed, "decoded fields differ", diff.joined(separator: "\n"), nil)
                }
            } catch {
                return (.failed, "decoding failed: \(error)", "", nil)
            }
        }
        return (.passed, "", "", nil)
    }

    private func runVerdict(_ v: Vector.VerdictCase, memoryShare: UInt64?) -> (VectorOutcome.Status, String, String, SourceLocation?) {
        let result: ExplorationResult
        let layout: StateLayout
        var options = v.options
        if options.maxMemoryBytes == nil { options.maxMemoryBytes = memoryShare }
        if let descriptor = v.descriptor {
            switch DescriptorVerdict.run(descriptor, options: options, catalog: catalog) {
            case .success(let run):
                result = run.result
                layout = run.layout
            case .failure(let error):
                return (.invalid, error.message, "", nil)
            }
        } else {
            let name = v.model!
            guard let entry = catalog.first(where: { $0.name == name }) else {
                var message = "unknown model '\(name)'"
                if let guess = closestMatch(to: name, in: catalog.map(\.name)) { message += "; did you mean '\(guess)'?" }
                return (.invalid, message, "", nil)
            }
            let system: AnyTransitionSystem
            do { system = try entry.instantiate(v.parameters) } catch {
                return (.invalid, error.message, "", nil)
            }
            result = system.explore(options)
            layout = system.layout
        }
        let e = v.expect
        var differences: [String] = []
        func compare<T: Equatable>(_ what: String, _ expected: T?, _ actual: T?) {
            guard let expected else { return }
            if expected != actual {
                differences.append("\(what): expected \(expected), got \(actual.map { "\($0)" } ?? "none")")
            }
        }
        compare("verdict", e.verdict.rawValue, result.verdict.rawValue)
        compare("property", e.property, result.property)
        compare("states", e.states, result.statistics.states)
        compare("rules_fired", e.rulesFired, result.statistics.rulesFired)
        compare("depth", e.depth, result.statistics.depth)
        compare("trace_length", e.traceLength, result.counterexample?.steps.count)
        compare("cycle_start", e.cycleStart, result.counterexample?.cycleStart.map { $0 + 1 })
        guard differences.isEmpty else {
            var detail = differences.dropFirst().joined(separator: "\n")
            if let trace = result.counterexample {
                if !detail.isEmpty { detail += "\n" }
                detail += TextReport.counterexample(trace, layout: layout, full: false)
            }
            return (.failed, differences[0], detail, nil)
        }
        return (.passed, "", "", nil)
    }

    private func runTrace(_ t: Vector.TraceCase) -> (VectorOutcome.Status, String, String, SourceLocation?) {
        let events: [TraceEvent]
        do {
            events = try Self.loadEvents(t.source)
        } catch let error as TraceFormatError {
            return (.invalid, error.message, "", error.location)
        } catch {
            return (.invalid, "\(error)", "", nil)
        }
        let judgement = LinkMonitor.judge(events, configuration: t.link)
        let actual: String
        var badLocation: SourceLocation?
        if let index = judgement.firstBadEvent {
            let event = events[index]
            badLocation = event.origin
            actual = "event \(index) (\(event.summary), \(event.originText)): \(judgement.reason ?? "")"
        } else {
            actual = "conforming (\(events.count) events)"
        }
        if t.conforming {
            return judgement.conforming
                ? (.passed, "", "", nil)
                : (.failed, "expected a conforming trace, but the monitor rejects \(actual)", "", badLocation)
        }
        guard let index = judgement.firstBadEvent else {
            return (.failed, "expected the monitor to reject event \(t.firstBadEvent!), but the trace conforms", "", nil)
        }
        if index != t.firstBadEvent {
            return (.failed, "expected the first bad event to be \(t.firstBadEvent!), but it is \(actual)", "", badLocation)
        }
        if let needle = t.reasonContains, !(judgement.reason ?? "").contains(needle) {
            return (.failed, "the reason does not contain '\(needle)'", "reason: \(judgement.reason ?? "")", badLocation)
        }
        return (.passed, "", "", nil)
    }

    /// The events of a trace source.
    public static func loadEvents(_ source: Vector.TraceCase.Source) throws -> [TraceEvent] {
        func read(_ path: String) throws(TraceFormatError) -> Data {
            do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw TraceFormatError(SourceLocation(path: path), "cannot read the file")
            }
        }
        switch source {
        case let .jsonLines(path):
            return try TraceJSONLines.parse(String(decoding: try read(path), as: UTF8.self), path: path)
        case let .vcd(path, signals):
            let map = try SignalMap.parse(try read(signals), path: signals)
            let dump = try VCDDump.parse(String(decoding: try read(path), as: UTF8.self), path: path)
            return try map.events(from: dump, path: path)
        }
    }
}
