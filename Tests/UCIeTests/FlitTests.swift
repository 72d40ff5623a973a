import Testing
import UCIe

/// Payload byte i = (i × multiplier + offset) mod 256, so every position is recognisable.
private func pattern(_ count: Int, _ multiplier: Int = 1, _ offset: Int = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 * multiplier + offset) }
}

private func crc(_ bytes: [UInt8], _ range: Range<Int>, _ convention: CRCConvention = .a) throws -> [UInt8] {
    let value = try CRC16.checksum(of: Array(bytes[range]), convention: convention)
    return [UInt8(value & 0xFF), UInt8(value >> 8)]
}

@Test func format2PlacesHeaderPayloadAndCRC() throws {
    let flit = Flit(header: FlitHeader(protocolID: 2), payload: pattern(64))
    let bytes = try flit.encoded(.format2)
    #expect(bytes.count == 68)
    #expect(Array(bytes[0...1]) == [0x80, 0x00])
    #expect(Array(bytes[2...65]) == pattern(64))
    #expect(Array(bytes[66...67]) == [0x21, 0xD6])  // Appendix A, Convention A: 0xD621
    #expect(try Array(flit.encoded(.format2, convention: .b)[66...67]) == [0x1B, 0xD6])  // Convention B: 0xD61B
    #expect(try Flit(decoding: bytes, layout: .format2) == flit)
}

@Test func format3PCIeHasTheHeaderAtTheEnd() throws {
    let header = FlitHeader(protocolID: 1, ackNak: .explicitSequence, sequence: 7)
    let flit = Flit(header: header, payload: pattern(236, 5, 9), dlp: [0xA1, 0xB2, 0xC3, 0xD4])
    let bytes = try flit.encoded(.format3PCIe)
    #expect(bytes.count == 256)
    #expect(Array(bytes[0...235]) == pattern(236, 5, 9))
    #expect(Array(bytes[236...237]) == [0x40, 0x07])
    #expect(Array(bytes[238...241]) == [0xA1, 0xB2, 0xC3, 0xD4])
    #expect(Array(bytes[242...251]) == [UInt8](repeating: 0, count: 10))
    #expect(try Array(bytes[252...253]) == crc(bytes, 0..<128))
    #expect(try Array(bytes[254...255]) == crc(bytes, 128..<242))
    #expect(try Flit(decoding: bytes, layout: .format3PCIe) == flit)
}

@Test func format3StreamingUsesTheDLPBytesForProtocol() throws {
    let payload = pattern(240, 7, 2)
    let flit = Flit(header: FlitHeader(protocolID: 1, stackID: 1, ackNak: .ack, sequence: 9), payload: payload)
    let bytes = try flit.encoded(.format3Streaming)
    #expect(Array(bytes[0...235]) == Array(payload[0...235]))
    #expect(Array(bytes[236...237]) == [0x60, 0x19])
    #expect(Array(bytes[238...241]) == Array(payload[236...239]))
    #expect(try Array(bytes[252...253]) == crc(bytes, 0..<128))
    #expect(try Array(bytes[254...255]) == crc(bytes, 128..<242))
    #expect(try Flit(decoding: bytes, layout: .format3Streaming) == flit)
}

@Test func format4CacheMemAndPCIeVariants() throws {
    let cacheMem = Flit(header: FlitHeader(protocolID: 2, sequence: 100), payload: pattern(240, 11, 4))
    let bytes = try cacheMem.encoded(.format4)
    #expect(Array(bytes[0...1]) == [0x86, 0x04])
    #expect(Array(bytes[2...241]) == pattern(240, 11, 4))
    #expect(Array(bytes[242...251]) == [UInt8](repeating: 0, count: 10))
    #expect(try Array(bytes[252...253]) == crc(bytes, 0..<128))
    #expect(try Array(bytes[254...255]) == crc(bytes, 128..<242))
    #expect(try Flit(decoding: bytes, layout: .format4) == cacheMem)

    let io = Flit(
        header: FlitHeader(protocolID: 1, dlpMarker: true, ackNak: .nak, sequence: 254),
        payload: pattern(236, 13, 6), dlp: [0x01, 0x02, 0xFE, 0x7F])
    let ioBytes = try io.encoded(.format4PCIe)
    #expect(Array(ioBytes[0...1]) == [0x5F, 0x2E])
    #expect(Array(ioBytes[2...237]) == pattern(236, 13, 6))
    #expect(Array(ioBytes[238...241]) == [0x01, 0x02, 0xFE, 0x7F])
    #expect(try Array(ioBytes[254...255]) == crc(ioBytes, 128..<242))
    #expect(try Flit(decoding: ioBytes, layout: .format4PCIe) == io)
}

@Test func format5PutsCRC0MidFlit() throws {
    let payload = pattern(236, 17, 8)
    let flit = Flit(header: FlitHeader(protocolID: 2, stackID: 1, sequence: 255), payload: payload)
    let bytes = try flit.encoded(.format5)
    #expect(Array(bytes[0...1]) == [0xAF, 0x0F])
    #expect(Array(bytes[2...121]) == Array(payload[0..<120]))
    #expect(Array(bytes[122...125]) == [0, 0, 0, 0])
    #expect(try Array(bytes[126...127]) == crc(bytes, 0..<126))
    #expect(Array(bytes[128...243]) == Array(payload[120...]))
    #expect(Array(bytes[244...253]) == [UInt8](repeating: 0, count: 10))
    #expect(try Array(bytes[254...255]) == crc(bytes, 128..<254))
    #expect(try Flit(decoding: bytes, layout: .format5) == flit)
}

@Test func format6UsesTheOptionalBytes() throws {
    let payload = pattern(250, 19, 10)
    let flit = Flit(header: FlitHeader(protocolID: 2, ackNak: .ack, sequence: 42), payload: payload)
    let bytes = try flit.encoded(.format6)
    #expect(Array(bytes[0...1]) == [0x82, 0x1A])
    #expect(Array(bytes[2...125]) == Array(payload[0..<124]))
    #expect(try Array(bytes[126...127]) == crc(bytes, 0..<126))
    #expect(Array(bytes[128...253]) == Array(payload[124...]))
    #expect(try Array(bytes[254...255]) == crc(bytes, 128..<254))
    #expect(try Flit(decoding: bytes, layout: .format6) == flit)
}

@Test func payloadLengthsPerLayout() {
    #expect(FlitLayout.all.map(\.payloadLength) == [64, 236, 240, 240, 236, 236, 250])
    // Every byte of a flit belongs to exactly one of header, payload, DLP, reserved or CRC.
    for layout in FlitLayout.all {
        var owners = [Int](repeating: 0, count: layout.size)
        for offset in layout.headerOffset..<layout.headerOffset + 2 { owners[offset] += 1 }
        for range in layout.payloadRanges + layout.reservedRanges + [layout.dlpRange ?? 0..<0] {
            for offset in range { owners[offset] += 1 }
        }
        for field in layout.crcFields { owners[field.offset] += 1; owners[field.offset + 1] += 1 }
        #expect(owners == [Int](repeating: 1, count: layout.size), "Format \(layout.format) \(layout.variant)")
    }
}

@Test func rawFormatPassesChunksThrough() throws {
    #expect(try RawFlit.encode(pattern(64, 3, 1)) == pattern(64, 3, 1))
    #expect(try RawFlit.decode(pattern(64)) == pattern(64))
    #expect(throws: UCIeError.wrongLength(of: "raw chunk", expected: "exactly 64 bytes", actual: 63)) {
        try RawFlit.encode(pattern(63))
    }
}

@Test func corruptionIsReportedAgainstTheCRCThatCoversIt() throws {
    let flit = Flit(header: FlitHeader(protocolID: 2, sequence: 1), payload: pattern(240))
    let good = try flit.encoded(.format4)
    var early = good
    early[5] ^= 0x01
    #expect {
        try Flit(decoding: early, layout: .format4)
    } throws: { error in
        guard case .crcMismatch(index: 0, received: _, computed: _) = error as? UCIeError else { return false }
        return true
    }
    var late = good
    late[200] ^= 0x80
    #expect {
        try Flit(decoding: late, layout: .format4)
    } throws: { error in
        guard case .crcMismatch(index: 1, received: _, computed: _) = error as? UCIeError else { return false }
        return true
    }
    // Bytes 242–251 are outside both CRCs in Formats 3/4; a non-zero one is still rejected.
    var reserved = good
    reserved[245] = 0x33
    #expect(throws: UCIeError.reservedByteNotZero(offset: 245, value: 0x33)) {
        try Flit(decoding: reserved, layout: .format4)
    }
    // A flit built with Convention B does not verify under Convention A.
    #expect(throws: UCIeError.self) {
        try Flit(decoding: flit.encoded(.format4, convention: .b), layout: .format4)
    }
}

@Test func wrongSizesAreRejected() {
    #expect(throws: UCIeError.wrongLength(of: "payload", expected: "exactly 64 bytes for Format 2", actual: 65)) {
        try Flit(header: FlitHeader(protocolID: 2), payload: pattern(65)).encoded(.format2)
    }
    #expect(throws: UCIeError.wrongLength(of: "dlp", expected: "exactly 4 bytes", actual: 0)) {
        try Flit(header: FlitHeader(protocolID: 1), payload: pattern(236)).encoded(.format3PCIe)
    }
    #expect(throws: UCIeError.wrongLength(of: "dlp", expected: "no DLP bytes for this layout", actual: 4)) {
        try Flit(header: FlitHeader(protocolID: 2), payload: pattern(240), dlp: [1, 2, 3, 4]).encoded(.format4)
    }
    #expect(throws: UCIeError.wrongLength(of: "Format 5 flit", expected: "exactly 256 bytes", actual: 68)) {
        try Flit(decoding: pattern(68), layout: .format5)
    }
}
