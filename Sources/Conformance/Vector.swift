import Catalog
import Foundation
import Reports
import StateSpace

/// One conformance case: a JSON file with its expectation inside (see `Vectors/README.md`).
public struct Vector: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case encoding, verdict, trace
    }

    /// An `encoding` case: field values and the bytes they encode to.
    public struct Encoding: Sendable {
        public let codec: String
        public let fields: [String: String]
        public let bytes: [UInt8]
    }

    /// A `verdict` case: a model run and what it must conclude.
    public struct VerdictCase: Sendable {
        /// A built-in model by name, or…
        public let model: String?
        /// …an IP-XACT design (configuration), run as `chipcheck check` runs it; the link that
        /// decides the design's verdict is compared.
        public let descriptor: String?
        public let parameters: [(String, String)]
        public let options: ExplorationOptions
        public let expect: VerdictExpectation
    }

    public struct VerdictExpectation: Sendable {
        public let verdict: Verdict
        public let property: String?
        public let states: Int?
        public let rulesFired: Int?
        public let depth: Int?
        /// Steps in the counterexample (not counting the initial state).
        public let traceLength: Int?
        /// For a trap: the 1-based step at which the cycle starts.
        public let cycleStart: Int?
    }

    /// A `trace` case: observed link events and whether they conform.
    public struct TraceCase: Sendable {
        public enum Source: Sendable {
            case jsonLines(String)
            case vcd(String, signals: String)
        }
        public let source: Source
        public let link: LinkConfiguration
        public let conforming: Bool
        public let firstBadEvent: Int?
        public let reasonContains: String?
    }

    public enum Body: Sendable {
        case encoding(Encoding)
        case verdict(VerdictCase)
        case trace(TraceCase)
    }

    public let id: String
    public let summary: String
    /// The file, as found (relative to the working directory when given so).
    public let path: String
    /// The line of the `"expect"` key (or of the expected bytes), for reports.
    public let expectLine: Int
    public let body: Body

    public var kind: Kind {
        switch body {
        case .encoding: .encoding
        case .verdict: .verdict
        case .trace: .trace
        }
    }

    /// The location reports point at when the expectation is not met.
    public var location: SourceLocation { SourceLocation(path: path, line: expectLine) }
}

/// A vector file that cannot be used: which file and what is wrong with it.
extension Vector {
    /// `max_memory`: a positive integer (bytes) or a string of digits with K, M or G (powers of 1024).
    static func byteCount(_ value: Any) -> UInt64? {
        if let bytes = JSONScalars.integer(value) { return bytes > 0 ? UInt64(bytes) : nil }
        guard var text = (value as? String)?.uppercased() else { return nil }
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var multiplier: UInt64 = 1
        if let last = text.last, let unit = units[last] {
            multiplier = unit
            text.removeLast()
        }
        guard let count = UInt64(text), count > 0 else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}

public struct VectorFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let line: Int?
    public let message: String
    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
    public var description: String { "\(SourceLocation(path: path, line: line).description): \(message)" }
}

extension Vector {
    /// Reads and checks one vector file. Paths inside (traces, waveforms) are relative to the
    /// vector file's folder.
    public static func load(path: String) throws(VectorFileError) -> Vector {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw VectorFileError(path: path, message: "cannot read the file")
        }
        return try parse(data, path: path)
    }

    /// Reads the vector in `data` as if it were the file at `path` (relative trace paths are taken
    /// from its folder). A fuzz target reads inputs that cannot be named after their id, so it
    /// may leave the file-name check out.
    @_spi(Fuzzing)
    public static func parse(_ data: Data, path: String, requireFileNamedAfterId: Bool = true) throws(VectorFileError) -> Vector {
        func fail(_ message: String, line: Int? = nil) -> VectorFileError {
            VectorFileError(path: path, line: line, message: message)
        }
        let text = String(decoding: data, as: UTF8.self)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "syntax error"))")
        }
        guard let object = json as? [String: Any] else { throw fail("the top level must be a JSON object") }
        func line(of key: String) -> Int {
            guard let range = text.range(of: "\"\(key)\"") else { return 1 }
            return TextLines.line(at: range.lowerBound, in: text)
        }
        func string(_ key: String, in o: [String: Any], at: String = "") throws(VectorFileError) -> String {
            guard let s = o[key] as? String, !s.isEmpty else { throw fail("\(at)'\(key)' must be a non-empty string", line: line(of: key)) }
            return s
        }
        func checkKeys(_ o: [String: Any], allowed: [String], at: String) throws(VectorFileError) {
            for key in o.keys.sorted() where !allowed.contains(key) {
                var message = "unknown key '\(key)'\(at.isEmpty ? "" : " in \(at)")"
                if let guess = closestMatch(to: key, in: allowed) { message += "; did you mean '\(guess)'?" }
                throw fail(message + " (keys: \(allowed.joined(separator: ", ")))", line: line(of: key))
            }
        }

        let id = try string("id", in: object)
        let summary = try string("summary", in: object)
        let kindName = try string("kind", in: object)
        guard let kind = Kind(rawValue: kindName) else {
            throw fail("unknown kind '\(kindName)'; expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))", line: line(of: "kind"))
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard stem == id || !requireFileNamedAfterId else { throw fail("the file must be named after its id: '\(id).json'", line: line(of: "id")) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func relative(_ p: String) -> String {
            p.hasPrefix("/") ? p : folder.appendingPathComponent(p).relativePath
        }

        switch kind {
        case .encoding:
            try checkKeys(object, allowed: ["id", "kind", "summary", "codec", "fields", "bytes"], at: "")
            let codec = try string("codec", in: object)
            guard let raw = object["fields"] as? [String: Any] else { throw fail("'fields' must be an object", line: line(of: "fields")) }
            var fields: [String: String] = [:]
            for (k, v) in raw {
                guard let s = v as? String else { throw fail("field '\(k)' must be a string", line: line(of: k)) }
                fields[k] = s
            }
            guard let hex = object["bytes"] as? String else { throw fail("'bytes' must be a hex string", line: line(of: "bytes")) }
            let digits = Array(hex)
            guard digits.count % 2 == 0 else { throw fail("'bytes' has an odd number of hex digits", line: line(of: "bytes")) }
            var bytes: [UInt8] = []
            for k in stride(from: 0, to: digits.count, by: 2) {
                guard let b = UInt8(String(digits[k...k + 1]), radix: 16) else {
                    throw fail("'bytes' has a non-hex digit at offset \(k)", line: line(of: "bytes"))
                }
                bytes.append(b)
            }
            return Vector(id: id, summary: summary, path: path, expectLine: line(of: "bytes"),
                          body: .encoding(Encoding(codec: codec, fields: fields, bytes: bytes)))

        case .verdict:
            try checkKeys(object, allowed: ["id", "kind", "summary", "model", "descriptor", "parameters", "options", "expect"], at: "")
            let model = object["model"] as? String
            let descriptor = object["descriptor"] as? String
            guard (model == nil) != (descriptor == nil) else {
                throw fail("a verdict vector names exactly one of 'model' and 'descriptor'")
            }
            var parameters: [(String, String)] = []
            if let raw = object["parameters"] {
                guard let p = raw as? [String: Any] else { throw fail("'parameters' must be an object", line: line(of: "parameters")) }
                for key in p.keys.sorted() {
                    guard let v = JSONScalars.text(p[key]!) else { throw fail("parameter '\(key)' must be a string or number", line: line(of: key)) }
                    parameters.append((key, v))
                }
            }
            var options = ExplorationOptions(threads: 1)
            if let raw = object["options"] {
                guard let o = raw as? [String: Any] else { throw fail("'options' must be an object", line: line(of: "options")) }
                try checkKeys(o, allowed: ["max_states", "max_depth", "max_memory", "threads", "trap_check"], at: "options")
                func positive(_ key: String) throws(VectorFileError) -> Int? {
                    guard let v = o[key] else { return nil }
                    guard let i = JSONScalars.integer(v), i >= 0 else { throw fail("options.\(key) must be a non-negative integer", line: line(of: key)) }
                    return i
                }
                options.maxStates = try positive("max_states")
                options.maxDepth = try positive("max_depth")
                if let t = try positive("threads") { options.threads = max(1, min(t, 256)) }
                if let v = o["max_memory"] {
                    guard let bytes = Self.byteCount(v) else {
                        throw fail("options.max_memory must be a positive number of bytes or a size such as \"64M\" (K, M, G)", line: line(of: "max_memory"))
                    }
                    options.maxMemoryBytes = bytes
                }
                if let v = o["trap_check"] {
                    guard let b = JSONScalars.bool(v) else { throw fail("options.trap_check must be true or false", line: line(of: "trap_check")) }
                    options.checkTraps = b
                }
            }
            guard let e = object["expect"] as? [String: Any] else { throw fail("'expect' must be an object", line: line(of: "expect")) }
            try checkKeys(e, allowed: ["verdict", "property", "states", "rules_fired", "depth", "trace_length", "cycle_start"], at: "expect")
            let verdictName = try string("verdict", in: e, at: "expect.")
            guard let verdict = Verdict(rawValue: verdictName) else {
                throw fail("expect.verdict '\(verdictName)' is not one of \(Verdict.allCases.map(\.rawValue).joined(separator: ", "))", line: line(of: "verdict"))
            }
            func count(_ key: String) throws(VectorFileError) -> Int? {
                guard let v = e[key] else { return nil }
                guard let i = JSONScalars.integer(v), i >= 0 else { throw fail("expect.\(key) must be a non-negative integer", line: line(of: key)) }
                return i
            }
            var property: String?
            if e["property"] != nil { property = try string("property", in: e, at: "expect.") }
            let expectation = VerdictExpectation(
                verdict: verdict, property: property, states: try count("states"), rulesFired: try count("rules_fired"),
                depth: try count("depth"), traceLength: try count("trace_length"), cycleStart: try count("cycle_start"))
            return Vector(
                id: id, summary: summary, path: path, expectLine: line(of: "expect"),
                body: .verdict(VerdictCase(model: model, descriptor: descriptor, parameters: parameters, options: options, expect: expectation)))

        case .trace:
            try checkKeys(object, allowed: ["id", "kind", "summary", "events", "vcd", "signals", "link", "expect"], at: "")
            let source: TraceCase.Source
            if let events = object["events"] as? String {
                guard object["vcd"] == nil, object["signals"] == nil else { throw fail("give either 'events' or 'vcd' with 'signals'") }
                source = .jsonLines(relative(events))
            } else if let vcd = object["vcd"] as? String, let signals = object["signals"] as? String {
                source = .vcd(relative(vcd), signals: relative(signals))
            } else {
                throw fail("a trace vector needs 'events' (a JSON Lines file) or 'vcd' and 'signals' (a waveform and its signal map)")
            }
            var link = LinkConfiguration()
            if let raw = object["link"] {
                guard let l = raw as? [String: Any] else { throw fail("'link' must be an object", line: line(of: "link")) }
                try checkKeys(l, allowed: ["retry_buffer", "sequence_highest", "vc_buffers", "credits", "initial_state"], at: "link")
                if let v = l["retry_buffer"] {
                    guard let i = JSONScalars.integer(v) else { throw fail("link.retry_buffer must be an integer", line: line(of: "retry_buffer")) }
                    link.retryBuffer = i
                }
                if let v = l["sequence_highest"] {
                    guard let i = JSONScalars.integer(v) else { throw fail("link.sequence_highest must be an integer", line: line(of: "sequence_highest")) }
                    link.sequenceHighest = i
                }
                if let v = l["vc_buffers"] {
                    guard let list = v as? [Any], case let ints = list.compactMap(JSONScalars.integer), ints.count == list.count else {
                        throw fail("link.vc_buffers must be an array of integers", line: line(of: "vc_buffers"))
                    }
                    link.vcBuffers = ints
                }
                if let v = l["credits"] {
                    guard let s = v as? String, s == "full" || s == "empty" else {
                        throw fail("link.credits must be 'full' or 'empty'", line: line(of: "credits"))
                    }
                    link.creditsStartFull = s == "full"
                }
                if let v = l["initial_state"] {
                    guard let s = v as? String else { throw fail("link.initial_state must be a string", line: line(of: "initial_state")) }
                    link.initialState = s
                }
                if let problem = LinkMonitor.problem(with: link) { throw fail("link: \(problem)", line: line(of: "link")) }
            }
            guard let e = object["expect"] as? [String: Any] else { throw fail("'expect' must be an object", line: line(of: "expect")) }
            try checkKeys(e, allowed: ["conforming", "first_bad_event", "reason_contains"], at: "expect")
            guard let conformingValue = e["conforming"], let conforming = JSONScalars.bool(conformingValue) else {
                throw fail("expect.conforming must be true or false", line: line(of: "expect"))
            }
            var firstBad: Int?
            if let v = e["first_bad_event"] {
                guard let i = JSONScalars.integer(v), i >= 0 else { throw fail("expect.first_bad_event must be a non-negative integer", line: line(of: "first_bad_event")) }
                firstBad = i
            }
            let reason = e["reason_contains"] as? String
            if conforming && (firstBad != nil || reason != nil) {
                throw fail("a conforming trace has no first_bad_event or reason_contains", line: line(of: "expect"))
            }
            if !conforming && firstBad == nil { throw fail("a non-conforming expectation needs first_bad_event", line: line(of: "expect")) }
            return Vector(
                id: id, summary: summary, path: path, expectLine: line(of: "expect"),
                body: .trace(TraceCase(source: source, link: link, conforming: conforming, firstBadEvent: firstBad, reasonContains: reason)))
        }
    }
}
