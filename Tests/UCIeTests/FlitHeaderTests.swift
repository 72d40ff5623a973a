import Testing
import UCIe

@Test func regularHeaderPlacesEveryField() throws {
    let header = FlitHeader(protocolID: 2, stackID: 1, ackNak: .explicitSequence, sequence: 0x5A)
    #expect(try header.encoded(.flit68) == [0xA5, 0x0A])
    #expect(try header.encoded(.flit256) == [0xA5, 0x0A])
}

@Test func ackAndNakHeaders() throws {
    #expect(try FlitHeader(protocolID: 1, ackNak: .ack, sequence: 200).encoded(.flit68) == [0x4C, 0x18])
    #expect(try FlitHeader(protocolID: 2, ackNak: .nak, sequence: 255).encoded(.flit68) == [0x8F, 0x2F])
    #expect(try FlitHeader(decoding: [0x8F, 0x2F], layout: .flit68)
        == FlitHeader(protocolID: 2, ackNak: .nak, sequence: 255))
}

@Test func pdsHeaderCarriesTheInvertedLastSequenceNumber() throws {
    let pds = FlitHeader.pds(lastSentSequence: 5)
    #expect(pds == FlitHeader(protocolID: 0, flitType: .pds, sequence: 0xFA))
    #expect(try pds.encoded(.flit68) == [0x1F, 0xCA])
    #expect(try FlitHeader.pds(stackID: 1, lastSentSequence: 255).encoded(.flit68) == [0x30, 0xC0])
    #expect(try FlitHeader(decoding: [0x1F, 0xCA], layout: .flit68) == pds)
}

@Test func flitTypesOfThe256BLayout() throws {
    let management = FlitHeader(protocolID: 1, stackID: 1, flitType: .management, dlpMarker: true, ackNak: .ack, sequence: 3)
    #expect(try management.encoded(.flit256) == [0x70, 0x93])
    #expect(try FlitHeader(decoding: [0x70, 0x93], layout: .flit256) == management)
    #expect(try FlitHeader(protocolID: 0, flitType: .test, sequence: 17).encoded(.flit256) == [0x01, 0x41])
    #expect(try FlitHeader(protocolID: 0, flitType: .test, sequence: 17).encoded(.flit68) == [0x01, 0x41])
}

@Test func nopHeaderIsAllZero() throws {
    #expect(try FlitHeader(protocolID: 0).encoded(.flit68) == [0x00, 0x00])
    #expect(try FlitHeader(decoding: [0x00, 0x00], layout: .flit256) == FlitHeader(protocolID: 0))
}

@Test func malformedHeadersAreRejected() {
    #expect(throws: UCIeError.wrongLength(of: "flit header", expected: "exactly 2 bytes", actual: 1)) {
        try FlitHeader(decoding: [0x00], layout: .flit68)
    }
    #expect(throws: UCIeError.reservedEncoding(
        field: "flitType", value: 2, expected: "00 regular, 01 test or 11 PDS in the 68B layout")) {
        try FlitHeader(decoding: [0x00, 0x80], layout: .flit68)
    }
    #expect(throws: UCIeError.reservedEncoding(
        field: "flitType", value: 3, expected: "00 protocol/NOP, 01 test or 10 management in the 256B layout")) {
        try FlitHeader(decoding: [0x00, 0xC0], layout: .flit256)
    }
    #expect(throws: UCIeError.reservedEncoding(field: "ackNak", value: 3, expected: "00 explicit, 01 Ack or 10 Nak")) {
        try FlitHeader(decoding: [0x00, 0x30], layout: .flit256)
    }
    // B0[4] set on a regular 68B header, and a PDS type without B0[4].
    #expect(throws: UCIeError.self) { try FlitHeader(decoding: [0x10, 0x00], layout: .flit68) }
    #expect(throws: UCIeError.self) { try FlitHeader(decoding: [0x00, 0xC0], layout: .flit68) }
    // A PDS header that claims to carry an Ack.
    #expect(throws: UCIeError.self) { try FlitHeader(decoding: [0x10, 0xD0], layout: .flit68) }
}

@Test func unencodableHeadersAreRejected() {
    #expect(throws: UCIeError.valueOutOfRange(field: "protocolId", value: 4, expected: "0...3")) {
        try FlitHeader(protocolID: 4).encoded(.flit68)
    }
    #expect(throws: UCIeError.valueOutOfRange(field: "stackId", value: 2, expected: "0 or 1")) {
        try FlitHeader(protocolID: 0, stackID: 2).encoded(.flit256)
    }
    #expect(throws: UCIeError.self) { try FlitHeader(protocolID: 0, flitType: .pds).encoded(.flit256) }
    #expect(throws: UCIeError.self) { try FlitHeader(protocolID: 0, flitType: .management).encoded(.flit68) }
    #expect(throws: UCIeError.self) { try FlitHeader(protocolID: 0, dlpMarker: true).encoded(.flit68) }
    #expect(throws: UCIeError.self) { try FlitHeader(protocolID: 0, flitType: .pds, ackNak: .nak).encoded(.flit68) }
}

/// Every field survives encode → decode for every legal combination, in both layouts.
@Test(arguments: FlitHeader.Layout.allCases)
func everyLegalHeaderRoundTrips(_ layout: FlitHeader.Layout) throws {
    var checked = 0
    for protocolID: UInt8 in 0...3 {
        for stackID: UInt8 in 0...1 {
            for flitType in FlitHeader.FlitType.allCases {
                for dlpMarker in [false, true] {
                    for ackNak in FlitHeader.AckNak.allCases {
                        for sequence in UInt8.min...UInt8.max {
                            let header = FlitHeader(
                                protocolID: protocolID, stackID: stackID, flitType: flitType,
                                dlpMarker: dlpMarker, ackNak: ackNak, sequence: sequence)
                            guard let bytes = try? header.encoded(layout) else { continue }
                            #expect(try FlitHeader(decoding: bytes, layout: layout) == header)
                            checked += 1
                        }
                    }
                }
            }
        }
    }
    // 68B: 8 protocol/stack × (regular, test: 3 Ack/Nak kinds; pds: explicit only) × 256.
    // 256B: 8 × 2 DLP marker values × 3 flit types × 3 Ack/Nak kinds × 256.
    #expect(checked == (layout == .flit68 ? 8 * 7 * 256 : 8 * 2 * 9 * 256))
}

/// Every 16-bit pattern either fails to decode or re-encodes to itself; exactly the patterns with
/// a reserved encoding fail.
@Test(arguments: FlitHeader.Layout.allCases)
func everyBytePairDecodesCanonicallyOrFails(_ layout: FlitHeader.Layout) throws {
    var decoded = 0
    for value in 0..<65536 {
        let bytes = [UInt8(value >> 8), UInt8(value & 0xFF)]
        guard let header = try? FlitHeader(decoding: bytes, layout: layout) else { continue }
        #expect(try header.encoded(layout) == bytes)
        decoded += 1
    }
    #expect(decoded == (layout == .flit68 ? 8 * 7 * 256 : 8 * 2 * 9 * 256))
}
