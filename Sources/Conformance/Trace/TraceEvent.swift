import Foundation
import Reports

/// One observed event on a UCIe die-to-die link, as captured from a device under test.
///
/// The monitor watches one direction of traffic: a transmitter (the Adapter sending flits and
/// spending credits) and the receiver on the other die (receiving flits, sending Ack/Nak and
/// returning credits), plus the link state handshake both share. See `Vectors/README.md` for
/// the JSON Lines form.
public struct TraceEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The transmitter put a payload flit on the link (`seq`, `vc`, `replay`).
        case flitSent = "flit_sent"
        /// The receiver took a flit off the link (`seq`, `vc`, `crc_ok`).
        case flitReceived = "flit_received"
        /// The receiver acknowledged every flit through `seq`.
        case ack
        /// The receiver asked for everything after `seq` to be resent.
        case nak
        /// The transmitter's replay timer expired.
        case replayTimeout = "replay_timeout"
        /// The receiver advertised `count` buffers of `vc` at initialisation.
        case creditGrant = "credit_grant"
        /// The receiver freed `count` buffers of `vc` and returned the credits.
        case creditReturn = "credit_return"
        /// A link state was requested (`state`).
        case stateRequest = "state_req"
        /// The link reported a state (`state`).
        case stateStatus = "state_status"
    }

    /// Link states of the state handshake, as named in the UCIe interfaces.
    public static let linkStates = ["Reset", "Active", "Retrain", "LinkReset", "LinkError", "Disabled", "L1", "L2"]

    public var kind: Kind
    public var seq: Int?
    public var vc: Int
    public var count: Int
    public var replay: Bool
    public var crcOK: Bool
    public var state: String?
    /// Where the event comes from: a JSON Lines line or the VCD line of the sampled time.
    public var origin: SourceLocation?
    /// A short phrase for messages (`line 7`, `time 120`).
    public var originText: String

    public init(
        _ kind: Kind, seq: Int? = nil, vc: Int = 0, count: Int = 1, replay: Bool = false, crcOK: Bool = true,
        state: String? = nil, origin: SourceLocation? = nil, originText: String = ""
    ) {
        self.kind = kind
        self.seq = seq
        self.vc = vc
        self.count = count
        self.replay = replay
        self.crcOK = crcOK
        self.state = state
        self.origin = origin
        self.originText = originText
    }

    public static func == (a: TraceEvent, b: TraceEvent) -> Bool {
        a.kind == b.kind && a.seq == b.seq && a.vc == b.vc && a.count == b.count && a.replay == b.replay
            && a.crcOK == b.crcOK && a.state == b.state
    }

    /// The keys each kind takes; `event` is always required.
    static let keys: [Kind: (required: [String], optional: [String])] = [
        .flitSent: (["seq"], ["vc", "replay"]),
        .flitReceived: (["seq"], ["vc", "crc_ok"]),
        .ack: (["seq"], []),
        .nak: (["seq"], []),
        .replayTimeout: ([], []),
        .creditGrant: (["vc"], ["count"]),
        .creditReturn: (["vc"], ["count"]),
        .stateRequest: (["state"], []),
        .stateStatus: (["state"], []),
    ]

    /// A compact description, as it appears in messages: `flit_sent seq=3 vc=0`.
    public var summary: String {
        var out = kind.rawValue
        switch kind {
        case .flitSent: out += " seq=\(seq ?? -1) vc=\(vc)" + (replay ? " replay" : "")
        case .flitReceived: out += " seq=\(seq ?? -1) vc=\(vc)" + (crcOK ? "" : " crc-error")
        case .ack, .nak: out += " seq=\(seq ?? -1)"
        case .replayTimeout: break
        case .creditGrant, .creditReturn: out += " vc=\(vc) count=\(count)"
        case .stateRequest, .stateStatus: out += " state=\(state ?? "?")"
        }
        return out
    }
}

/// A trace file that cannot be read: where and what is wrong.
public struct TraceFormatError: Error, CustomStringConvertible, Sendable {
    public let location: SourceLocation
    public let message: String
    public var description: String { "\(location.description): \(message)" }
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }
}

/// Reads the JSON Lines form: one event object per line; blank lines and lines starting with
/// `//` are skipped.
public enum TraceJSONLines {
    public static func parse(_ text: String, path: String) throws(TraceFormatError) -> [TraceEvent] {
        var events: [TraceEvent] = []
        for (index, raw) in TextLines.split(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("//") { continue }
            let location = SourceLocation(path: path, line: index + 1)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                throw TraceFormatError(location, "not a JSON object")
            }
            events.append(try event(from: object, location: location, originText: "line \(index + 1)"))
        }
        return events
    }

    static func event(from object: [String: Any], location: SourceLocation, originText: String) throws(TraceFormatError) -> TraceEvent {
        guard let name = object["event"] as? String else { throw TraceFormatError(location, "missing \"event\"") }
        guard let kind = TraceEvent.Kind(rawValue: name) else {
            throw TraceFormatError(
                location,
                "unknown event '\(name)'; expected one of \(TraceEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let keys = TraceEvent.keys[kind]!
        for key in object.keys.sorted() where key != "event" && !keys.required.contains(key) && !keys.optional.contains(key) {
            throw TraceFormatError(location, "\(name) takes no key '\(key)' (keys: \((keys.required + keys.optional).joined(separator: ", ")))")
        }
        for key in keys.required where object[key] == nil {
            throw TraceFormatError(location, "\(name) needs '\(key)'")
        }
        func int(_ key: String) throws(TraceFormatError) -> Int? {
            guard let value = object[key] else { return nil }
            guard let i = JSONScalars.integer(value), i >= 0 else { throw TraceFormatError(location, "'\(key)' must be a non-negative integer") }
            return i
        }
        func bool(_ key: String) throws(TraceFormatError) -> Bool? {
            guard let value = object[key] else { return nil }
            guard let b = JSONScalars.bool(value) else { throw TraceFormatError(location, "'\(key)' must be true or false") }
            return b
        }
        var event = TraceEvent(kind, origin: location, originText: originText)
        event.seq = try int("seq")
        event.vc = try int("vc") ?? 0
        event.count = try int("count") ?? 1
        event.replay = try bool("replay") ?? false
        event.crcOK = try bool("crc_ok") ?? true
        if let state = object["state"] {
            guard let s = state as? String, TraceEvent.linkStates.contains(s) else {
                throw TraceFormatError(location, "'state' must be one of \(TraceEvent.linkStates.joined(separator: ", "))")
            }
            event.state = s
        }
        return event
    }
}
