import Foundation
import Reports

/// How the signals of a waveform become link events (a `*.signals.json` file).
///
/// ```json
/// {
///   "clock": "tb.clk",
///   "events": [
///     {"event": "flit_sent", "when": "tb.tx_valid",
///      "fields": {"seq": "tb.tx_seq", "vc": "tb.tx_vc", "replay": "tb.tx_replay"}},
///     {"event": "state_req", "on_change": "tb.lp_state_req",
///      "fields": {"state": "tb.lp_state_req"}, "values": {"state": {"0": null, "1": "Active"}}}
///   ]
/// }
/// ```
///
/// With a `clock`, signals are sampled at every rising edge, with the values they held just
/// before the edge (what a flip-flop clocked by it captures); without one, after every time
/// step. At each sample the rules are tried in file order: a `when` rule fires while its signal
/// is non-zero, an `on_change` rule when its signal differs from the previous sample. A fired
/// rule yields one event whose fields are read from the mapped signals; `values` translates
/// numbers to names (for `state`) and a `null` name suppresses the event.
public struct SignalMap: Sendable {
    public struct Rule: Sendable {
        public let kind: TraceEvent.Kind
        public let trigger: String
        public let onChange: Bool
        public let fields: [(String, String)]
        public let values: [String: [Int: String?]]
    }

    public let clock: String?
    public let rules: [Rule]

    public static func parse(_ data: Data, path: String) throws(TraceFormatError) -> SignalMap {
        let here = SourceLocation(path: path)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw TraceFormatError(here, "a signal map must be a JSON object")
        }
        for key in object.keys.sorted() where key != "clock" && key != "events" && key != "comment" {
            throw TraceFormatError(here, "unknown key '\(key)' (keys: clock, events, comment)")
        }
        let clock = object["clock"] as? String
        guard let list = object["events"] as? [[String: Any]], !list.isEmpty else {
            throw TraceFormatError(here, "'events' must be a non-empty array of rules")
        }
        var rules: [Rule] = []
        for (n, r) in list.enumerated() {
            let at = "events[\(n)]"
            guard let name = r["event"] as? String, let kind = TraceEvent.Kind(rawValue: name) else {
                throw TraceFormatError(here, "\(at): 'event' must name an event kind")
            }
            for key in r.keys.sorted() where !["event", "when", "on_change", "fields", "values"].contains(key) {
                throw TraceFormatError(here, "\(at): unknown key '\(key)'")
            }
            let when = r["when"] as? String
            let change = r["on_change"] as? String
            guard (when == nil) != (change == nil) else {
                throw TraceFormatError(here, "\(at): give exactly one of 'when' and 'on_change'")
            }
            let fieldObject = r["fields"] as? [String: String] ?? [:]
            let allowed = TraceEvent.keys[kind]!
            for key in fieldObject.keys.sorted() where !(allowed.required + allowed.optional).contains(key) {
                throw TraceFormatError(here, "\(at): \(name) has no field '\(key)'")
            }
            for key in allowed.required where fieldObject[key] == nil {
                throw TraceFormatError(here, "\(at): \(name) needs a signal for '\(key)'")
            }
            var values: [String: [Int: String?]] = [:]
            if let v = r["values"] as? [String: [String: Any]] {
                for (field, table) in v {
                    var map: [Int: String?] = [:]
                    for (k, name) in table {
                        guard let number = Int(k) else { throw TraceFormatError(here, "\(at): values of '\(field)': '\(k)' is not a number") }
                        if name is NSNull { map[number] = .some(nil) } else if let s = name as? String { map[number] = s } else {
                            throw TraceFormatError(here, "\(at): values of '\(field)' must be names or null")
                        }
                    }
                    values[field] = map
                }
            }
            rules.append(
                Rule(kind: kind, trigger: when ?? change!, onChange: change != nil,
                     fields: fieldObject.keys.sorted().map { ($0, fieldObject[$0]!) }, values: values))
        }
        return SignalMap(clock: clock, rules: rules)
    }

    /// The events of `dump`, sampled as described above.
    public func events(from dump: VCDDump, path: String) throws(TraceFormatError) -> [TraceEvent] {
        let here = SourceLocation(path: path)
        func code(_ name: String) throws(TraceFormatError) -> String {
            guard let v = dump.variable(named: name) else {
                throw TraceFormatError(here, "signal '\(name)' is not in the waveform (or the name is ambiguous)")
            }
            return v.code
        }
        let clockCode = try clock.map { (n: String) throws(TraceFormatError) in try code(n) }
        var triggerCodes: [String] = []
        var fieldCodes: [[(String, String)]] = []
        for r in rules {
            triggerCodes.append(try code(r.trigger))
            var list: [(String, String)] = []
            for (f, s) in r.fields { list.append((f, try code(s))) }
            fieldCodes.append(list)
        }

        var current: [String: Int?] = [:]
        var previousSample: [String: Int?] = [:]
        var events: [TraceEvent] = []

        func sample(time: Int, line: Int) throws(TraceFormatError) {
            let origin = SourceLocation(path: path, line: line)
            for (n, r) in rules.enumerated() {
                let trig = current[triggerCodes[n]] ?? nil
                let fired: Bool
                if r.onChange {
                    let before = previousSample[triggerCodes[n]] ?? nil
                    fired = trig != nil && trig != before
                } else {
                    fired = (trig ?? 0) != 0
                }
                guard fired else { continue }
                var event = TraceEvent(r.kind, origin: origin, originText: "time \(time)")
                var suppressed = false
                for (field, c) in fieldCodes[n] {
                    guard let value = current[c] ?? nil else {
                        throw TraceFormatError(origin, "at time \(time): \(r.kind.rawValue) field '\(field)' reads an unknown (x/z) value")
                    }
                    if let table = r.values[field] {
                        guard let entry = table[value] else {
                            throw TraceFormatError(origin, "at time \(time): value \(value) of '\(field)' is not in the map's values")
                        }
                        guard let name = entry else { suppressed = true; continue }
                        if field == "state" { event.state = name }
                        continue
                    }
                    switch field {
                    case "seq": event.seq = value
                    case "vc": event.vc = value
                    case "count": event.count = value
                    case "replay": event.replay = value != 0
                    case "crc_ok": event.crcOK = value != 0
                    case "state":
                        guard value < TraceEvent.linkStates.count else {
                            throw TraceFormatError(origin, "at time \(time): state value \(value) has no name; add 'values'")
                        }
                        event.state = TraceEvent.linkStates[value]
                    default: break
                    }
                }
                if event.kind == .stateRequest || event.kind == .stateStatus, let s = event.state,
                    !TraceEvent.linkStates.contains(s)
                {
                    throw TraceFormatError(origin, "state '\(s)' is not one of \(TraceEvent.linkStates.joined(separator: ", "))")
                }
                if !suppressed { events.append(event) }
            }
            previousSample = current
        }

        var index = 0
        let changes = dump.changes
        while index < changes.count {
            let time = changes[index].time
            let line = changes[index].line
            var end = index
            while end < changes.count && changes[end].time == time { end += 1 }
            let group = changes[index..<end]
            if let clockCode {
                let before = current[clockCode] ?? nil
                if let edge = group.last(where: { $0.code == clockCode }), edge.value == 1, before == 0, time > 0 {
                    try sample(time: time, line: line)
                }
            }
            for c in group { current[c.code] = c.value }
            if clockCode == nil { try sample(time: time, line: line) }
            index = end
        }
        return events
    }
}
