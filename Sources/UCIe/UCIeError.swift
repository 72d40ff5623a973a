/// Why a UCIe value could not be encoded or decoded.
///
/// Every case names the offending field (or byte offset) and states what was expected, so that
/// the description alone is enough to fix a vector or a caller.
public enum UCIeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A byte sequence had the wrong length.
    case wrongLength(of: String, expected: String, actual: Int)
    /// A field held a bit pattern the specification reserves.
    case reservedEncoding(field: String, value: Int, expected: String)
    /// A numeric field was outside its legal range.
    case valueOutOfRange(field: String, value: Int, expected: String)
    /// Two header fields contradict each other (for example B0[4] and B1[7:6] of a 68B header).
    case inconsistentFields(String)
    /// A received CRC did not match the one computed over the covered bytes.
    case crcMismatch(index: Int, received: UInt16, computed: UInt16)
    /// A byte the layout reserves was not zero.
    case reservedByteNotZero(offset: Int, value: UInt8)
    /// A codec name that the registry does not know.
    case unknownCodec(String)
    /// The codec has no decode direction (a checksum cannot be inverted).
    case notDecodable(codec: String)
    /// A required field was absent.
    case missingField(String)
    /// A field the codec does not take.
    case unexpectedField(String)
    /// A field value could not be parsed.
    case malformedField(field: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .wrongLength(of, expected, actual):
            return "\(of): expected \(expected), got \(actual) byte(s)"
        case let .reservedEncoding(field, value, expected):
            return "\(field): encoding \(value) is reserved; expected \(expected)"
        case let .valueOutOfRange(field, value, expected):
            return "\(field): value \(value) out of range; expected \(expected)"
        case let .inconsistentFields(detail):
            return "inconsistent header fields: \(detail)"
        case let .crcMismatch(index, received, computed):
            return "CRC\(index): received \(hex16(received)), expected \(hex16(computed)) computed over the covered bytes"
        case let .reservedByteNotZero(offset, value):
            return "byte \(offset) is reserved: expected 0x00, got \(hex8(value))"
        case let .unknownCodec(name):
            return "unknown codec '\(name)'; expected one of: \(UCIeCodecs.names.joined(separator: ", "))"
        case let .notDecodable(codec):
            return "codec '\(codec)' is encode-only; expected a codec with a decode direction"
        case let .missingField(field):
            return "missing field '\(field)'"
        case let .unexpectedField(field):
            return "unexpected field '\(field)'"
        case let .malformedField(field, value, expected):
            return "field '\(field)': cannot parse '\(value)'; expected \(expected)"
        }
    }
}

private func hex16(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
}

private func hex8(_ value: UInt8) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 2 - digits.count) + digits
}
