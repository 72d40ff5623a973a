/// String-keyed entry points for conformance vectors, so a vector runner can exercise the UCIe
/// encoders without knowing their types.
///
/// Field conventions:
/// * integers (`protocolId`, `stackId`, `sequence`, `dlpMarker`): decimal (`"37"`) or hex with a
///   `0x` prefix (`"0x25"`) on input; decoding always produces decimal;
/// * byte strings (`message`, `payload`, `dlp`): an even number of hex digits, no prefix or
///   separators, either case on input; decoding always produces lowercase;
/// * enumerations: `flitType` is `regular`, `test`, `management` (256B only) or `pds` (68B only);
///   `ackNak` is `explicit`, `ack` or `nak`; `convention` is `A` or `B`.
///
/// Codecs:
/// * `ucie.flit-header.68b`: `protocolId`, `stackId`, `flitType`, `ackNak`, `sequence` → 2 bytes.
/// * `ucie.flit-header.256b`: the same plus `dlpMarker` → 2 bytes.
/// * `ucie.crc16` (encode only): `message` (at most 128 bytes), `convention` (optional, default
///   `A`) → 2 bytes, CRC byte 0 (bits 7:0) then CRC byte 1 (bits 15:8), as placed in a flit.
/// * `ucie.flit.format1`: `payload` (64 bytes) → the same 64 bytes.
/// * `ucie.flit.format2`, `ucie.flit.format3` (PCIe), `ucie.flit.format3.streaming`,
///   `ucie.flit.format4` (CXL.cachemem / streaming), `ucie.flit.format4.pcie` (CXL.io / PCIe),
///   `ucie.flit.format5`, `ucie.flit.format6`: the header fields of the matching header codec,
///   `payload`, and `dlp` (4 bytes) for the PCIe variants → the whole flit with CRC Convention A.
public enum UCIeCodecs {
    /// Every codec name, in a stable order.
    public static let names: [String] = [
        "ucie.flit-header.68b", "ucie.flit-header.256b", "ucie.crc16", "ucie.flit.format1",
    ] + flitCodecs.map(\.name)

    /// Whether `decode(codec:bytes:)` is defined for `codec` (every codec except `ucie.crc16`).
    public static func canDecode(codec: String) -> Bool {
        names.contains(codec) && codec != "ucie.crc16"
    }

    /// Encodes `fields` with the named codec.
    public static func encode(codec: String, fields: [String: String]) throws(UCIeError) -> [UInt8] {
        var reader = FieldReader(fields)
        let bytes: [UInt8]
        switch codec {
        case "ucie.flit-header.68b":
            bytes = try header(from: &reader, layout: .flit68).encoded(.flit68)
        case "ucie.flit-header.256b":
            bytes = try header(from: &reader, layout: .flit256).encoded(.flit256)
        case "ucie.crc16":
            let message = try reader.bytes("message")
            let convention = try reader.convention("convention")
            let crc = try CRC16.checksum(of: message, convention: convention)
            bytes = [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8)]
        case "ucie.flit.format1":
            bytes = try RawFlit.encode(reader.bytes("payload"))
        default:
            guard let layout = flitCodecs.first(where: { $0.name == codec })?.layout else {
                throw .unknownCodec(codec)
            }
            let header = try header(from: &reader, layout: layout.headerLayout)
            let payload = try reader.bytes("payload")
            let dlp = layout.dlpRange == nil ? [] : try reader.bytes("dlp")
            bytes = try Flit(header: header, payload: payload, dlp: dlp).encoded(layout)
        }
        try reader.finish()
        return bytes
    }

    /// Decodes `bytes` with the named codec into fields in the canonical spelling above.
    public static func decode(codec: String, bytes: [UInt8]) throws(UCIeError) -> [String: String] {
        switch codec {
        case "ucie.flit-header.68b":
            return fields(of: try FlitHeader(decoding: bytes, layout: .flit68), layout: .flit68)
        case "ucie.flit-header.256b":
            return fields(of: try FlitHeader(decoding: bytes, layout: .flit256), layout: .flit256)
        case "ucie.crc16":
            throw .notDecodable(codec: codec)
        case "ucie.flit.format1":
            return ["payload": hex(try RawFlit.decode(bytes))]
        default:
            guard let layout = flitCodecs.first(where: { $0.name == codec })?.layout else {
                throw .unknownCodec(codec)
            }
            let flit = try Flit(decoding: bytes, layout: layout)
            var result = fields(of: flit.header, layout: layout.headerLayout)
            result["payload"] = hex(flit.payload)
            if layout.dlpRange != nil {
                result["dlp"] = hex(flit.dlp)
            }
            return result
        }
    }

    private static let flitCodecs: [(name: String, layout: FlitLayout)] = [
        ("ucie.flit.format2", .format2),
        ("ucie.flit.format3", .format3PCIe),
        ("ucie.flit.format3.streaming", .format3Streaming),
        ("ucie.flit.format4", .format4),
        ("ucie.flit.format4.pcie", .format4PCIe),
        ("ucie.flit.format5", .format5),
        ("ucie.flit.format6", .format6),
    ]

    private static func header(from reader: inout FieldReader, layout: FlitHeader.Layout) throws(UCIeError) -> FlitHeader {
        FlitHeader(
            protocolID: try reader.integer("protocolId", in: 0...3),
            stackID: try reader.integer("stackId", in: 0...1),
            flitType: try reader.choice("flitType", FlitHeader.FlitType.self),
            dlpMarker: layout == .flit256 ? try reader.integer("dlpMarker", in: 0...1) == 1 : false,
            ackNak: try reader.choice("ackNak", FlitHeader.AckNak.self),
            sequence: try reader.integer("sequence", in: 0...255))
    }

    private static func fields(of header: FlitHeader, layout: FlitHeader.Layout) -> [String: String] {
        var result = [
            "protocolId": String(header.protocolID),
            "stackId": String(header.stackID),
            "flitType": header.flitType.rawValue,
            "ackNak": header.ackNak.rawValue,
            "sequence": String(header.sequence),
        ]
        if layout == .flit256 {
            result["dlpMarker"] = header.dlpMarker ? "1" : "0"
        }
        return result
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}

/// Reads and checks codec fields, remembering which were used so leftovers can be reported.
private struct FieldReader {
    private var remaining: [String: String]

    init(_ fields: [String: String]) {
        remaining = fields
    }

    mutating func finish() throws(UCIeError) {
        if let extra = remaining.keys.sorted().first {
            throw .unexpectedField(extra)
        }
    }

    private mutating func take(_ name: String) throws(UCIeError) -> String {
        guard let value = remaining.removeValue(forKey: name) else {
            throw .missingField(name)
        }
        return value
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(UCIeError) -> UInt8 {
        let text = try take(name)
        let parsed: Int?
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            parsed = Int(text.dropFirst(2), radix: 16)
        } else {
            parsed = Int(text, radix: 10)
        }
        let expected = "an integer in \(range.lowerBound)...\(range.upperBound), decimal or 0x-prefixed hex"
        guard let value = parsed else {
            throw .malformedField(field: name, value: text, expected: expected)
        }
        guard range.contains(value) else {
            throw .valueOutOfRange(field: name, value: value, expected: expected)
        }
        return UInt8(value)
    }

    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ name: String, _: Choice.Type
    ) throws(UCIeError) -> Choice where Choice.RawValue == String {
        let text = try take(name)
        guard let value = Choice(rawValue: text) else {
            let options = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw .malformedField(field: name, value: text, expected: "one of \(options)")
        }
        return value
    }

    mutating func convention(_ name: String) throws(UCIeError) -> CRCConvention {
        guard remaining[name] != nil else { return .a }
        return try choice(name, CRCConvention.self)
    }

    mutating func bytes(_ name: String) throws(UCIeError) -> [UInt8] {
        let text = try take(name)
        let expected = "an even number of hex digits without prefix or separators"
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for character in text.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: throw .malformedField(field: name, value: text, expected: expected)
            }
            if let first = high {
                result.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else {
            throw .malformedField(field: name, value: text, expected: expected)
        }
        return result
    }
}
