import Testing
import UCIe

@Test func codecNamesAreStable() {
    #expect(UCIeCodecs.names == [
        "ucie.flit-header.68b", "ucie.flit-header.256b", "ucie.crc16", "ucie.flit.format1",
        "ucie.flit.format2", "ucie.flit.format3", "ucie.flit.format3.streaming", "ucie.flit.format4",
        "ucie.flit.format4.pcie", "ucie.flit.format5", "ucie.flit.format6",
    ])
    #expect(!UCIeCodecs.canDecode(codec: "ucie.crc16"))
    #expect(UCIeCodecs.canDecode(codec: "ucie.flit.format5"))
    #expect(!UCIeCodecs.canDecode(codec: "ucie.nothing"))
}

private let nakHeader = [
    "protocolId": "0x2", "stackId": "1", "flitType": "regular", "ackNak": "nak", "sequence": "255",
]

@Test func headerFieldsAcceptHexAndDecodeToDecimal() throws {
    let bytes = try UCIeCodecs.encode(codec: "ucie.flit-header.68b", fields: nakHeader)
    #expect(bytes == [0xAF, 0x2F])
    #expect(try UCIeCodecs.decode(codec: "ucie.flit-header.68b", bytes: bytes) == [
        "protocolId": "2", "stackId": "1", "flitType": "regular", "ackNak": "nak", "sequence": "255",
    ])
}

@Test func crcConventionDefaultsToA() throws {
    #expect(try UCIeCodecs.encode(codec: "ucie.crc16", fields: ["message": "313233343536373839"]) == [0x2E, 0x4A])
    #expect(try UCIeCodecs.encode(codec: "ucie.crc16", fields: ["message": "01", "convention": "B"]) == [0x05, 0x80])
}

@Test func codecErrorsNameTheFieldAndWhatWasExpected() {
    #expect(throws: UCIeError.unknownCodec("ucie.crc32")) {
        try UCIeCodecs.encode(codec: "ucie.crc32", fields: [:])
    }
    var missing = nakHeader
    missing["sequence"] = nil
    #expect(throws: UCIeError.missingField("sequence")) {
        try UCIeCodecs.encode(codec: "ucie.flit-header.68b", fields: missing)
    }
    var extra = nakHeader
    extra["dlpMarker"] = "0"
    #expect(throws: UCIeError.unexpectedField("dlpMarker")) {
        try UCIeCodecs.encode(codec: "ucie.flit-header.68b", fields: extra)
    }
    var outOfRange = nakHeader
    outOfRange["sequence"] = "256"
    let rangeError = UCIeError.valueOutOfRange(
        field: "sequence", value: 256, expected: "an integer in 0...255, decimal or 0x-prefixed hex")
    #expect(throws: rangeError) {
        try UCIeCodecs.encode(codec: "ucie.flit-header.68b", fields: outOfRange)
    }
    #expect(rangeError.description == "sequence: value 256 out of range; expected an integer in 0...255, decimal or 0x-prefixed hex")
    var badChoice = nakHeader
    badChoice["ackNak"] = "maybe"
    #expect(throws: UCIeError.malformedField(field: "ackNak", value: "maybe", expected: "one of explicit, ack, nak")) {
        try UCIeCodecs.encode(codec: "ucie.flit-header.68b", fields: badChoice)
    }
    #expect(throws: UCIeError.malformedField(
        field: "message", value: "123", expected: "an even number of hex digits without prefix or separators")) {
        try UCIeCodecs.encode(codec: "ucie.crc16", fields: ["message": "123"])
    }
    #expect(throws: UCIeError.malformedField(field: "convention", value: "C", expected: "one of A, B")) {
        try UCIeCodecs.encode(codec: "ucie.crc16", fields: ["message": "", "convention": "C"])
    }
}

@Test func flitCodecRejectsACorruptedFlit() throws {
    var fields = nakHeader
    fields["payload"] = String(repeating: "ab", count: 64)
    var bytes = try UCIeCodecs.encode(codec: "ucie.flit.format2", fields: fields)
    #expect(bytes.count == 68)
    bytes[10] ^= 0x04
    #expect {
        try UCIeCodecs.decode(codec: "ucie.flit.format2", bytes: bytes)
    } throws: { error in
        guard case .crcMismatch(index: 0, _, _) = error as? UCIeError else { return false }
        return true
    }
}
