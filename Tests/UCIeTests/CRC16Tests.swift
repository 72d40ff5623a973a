import Testing
@testable import UCIe

/// Appendix A check values of the reference digest, both conventions as listed there.
struct CRCCheckValue: Sendable, CustomTestStringConvertible {
    let name: String
    let message: [UInt8]
    let conventionA: UInt16
    let conventionB: UInt16
    var testDescription: String { name }
}

let appendixACheckValues: [CRCCheckValue] = [
    CRCCheckValue(name: "all zero", message: [], conventionA: 0x0000, conventionB: 0x0000),
    CRCCheckValue(name: "ASCII 123456789", message: Array("123456789".utf8), conventionA: 0x4A2E, conventionB: 0x8DF4),
    CRCCheckValue(name: "ramp 00..7F", message: (0..<128).map { UInt8($0) }, conventionA: 0x249F, conventionB: 0x12B2),
    CRCCheckValue(name: "byte 0 = 01", message: [0x01], conventionA: 0x8039, conventionB: 0x8005),
    CRCCheckValue(name: "all FF", message: [UInt8](repeating: 0xFF, count: 128), conventionA: 0x002E, conventionB: 0x002E),
    CRCCheckValue(
        name: "68B flit header 80 00 + payload 00..3F", message: [0x80, 0x00] + (0..<64).map { UInt8($0) },
        conventionA: 0xD621, conventionB: 0xD61B),
]

@Test(arguments: appendixACheckValues)
func crcMatchesAppendixA(_ check: CRCCheckValue) throws {
    #expect(try CRC16.checksum(of: check.message, convention: .a) == check.conventionA)
    #expect(try CRC16.checksum(of: check.message, convention: .b) == check.conventionB)
    // Explicit zero padding to 128 bytes changes nothing.
    let padded = check.message + [UInt8](repeating: 0, count: 128 - check.message.count)
    #expect(try CRC16.checksum(of: padded, convention: .a) == check.conventionA)
    #expect(try CRC16.checksum(of: padded, convention: .b) == check.conventionB)
}

@Test func crcDefaultsToConventionA() throws {
    #expect(try CRC16.checksum(of: Array("123456789".utf8)) == 0x4A2E)
}

@Test func crcRejectsMessagesLongerThan128Bytes() {
    #expect(throws: UCIeError.wrongLength(of: "CRC message", expected: "at most 128 bytes", actual: 129)) {
        try CRC16.checksum(of: [UInt8](repeating: 0, count: 129))
    }
}

/// The digest's self-check: the same bit loop over the 9 unpadded bytes gives 0xBCDD, the bit
/// reverse of the CRC-16/ARC catalogue value 0xBB3D. The table-driven code must agree with a
/// plain bit-serial transcription of Appendix A, step 3.
@Test func tableDrivenCRCAgreesWithBitSerialProcedure() throws {
    var generator = SplitMix64(seed: 0x5EED)
    for length in [0, 1, 9, 66, 114, 126, 127, 128] {
        let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for convention in CRCConvention.allCases {
            #expect(try CRC16.checksum(of: message, convention: convention) == bitSerialCRC(message, convention: convention, pad: true))
        }
    }
    #expect(bitSerialCRC(Array("123456789".utf8), convention: .a, pad: false) == 0xBCDD)
}

/// Appendix A, step 3, one bit at a time.
func bitSerialCRC(_ message: [UInt8], convention: CRCConvention, pad: Bool) -> UInt16 {
    let bytes = pad ? message + [UInt8](repeating: 0, count: 128 - message.count) : message
    var crc: UInt16 = 0
    let byteOrder = convention == .a ? Array(bytes.indices) : bytes.indices.reversed()
    let bitOrder = convention == .a ? Array(0..<8) : (0..<8).reversed()
    for index in byteOrder {
        for bit in bitOrder {
            let feedback = (crc >> 15) ^ UInt16(bytes[index] >> bit & 1)
            crc <<= 1
            if feedback == 1 { crc ^= 0x8005 }
        }
    }
    return crc
}

/// The syndrome of flipping message bit `position` (byte position / 8, bit position % 8).
func singleBitSyndromes(_ convention: CRCConvention) throws -> [UInt16] {
    try (0..<1024).map { position in
        var message = [UInt8](repeating: 0, count: 128)
        message[position / 8] = 1 << (position % 8)
        return try CRC16.checksum(of: message, convention: convention)
    }
}

@Test(arguments: CRCConvention.allCases)
func crcIsLinear(_ convention: CRCConvention) throws {
    var generator = SplitMix64(seed: 42)
    for _ in 0..<200 {
        let a = (0..<128).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let b = (0..<128).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let sum = zip(a, b).map { $0 ^ $1 }
        #expect(try CRC16.checksum(of: sum, convention: convention)
            == CRC16.checksum(of: a, convention: convention) ^ CRC16.checksum(of: b, convention: convention))
    }
}

/// Every single-bit error in a 128-byte message is detected: checked directly on a random message
/// for all 1024 positions.
@Test(arguments: CRCConvention.allCases)
func everySingleBitErrorIsDetected(_ convention: CRCConvention) throws {
    var generator = SplitMix64(seed: 7)
    let message = (0..<128).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    let good = try CRC16.checksum(of: message, convention: convention)
    var undetected = 0
    for position in 0..<1024 {
        var corrupted = message
        corrupted[position / 8] ^= 1 << (position % 8)
        if try CRC16.checksum(of: corrupted, convention: convention) == good { undetected += 1 }
    }
    #expect(undetected == 0)
}

/// Every 2-bit and every 3-bit error is detected, exhaustively.
///
/// By linearity (``crcIsLinear(_:)``) an error pattern e goes undetected exactly when crc(e) = 0,
/// and crc(e) is the XOR of the single-bit syndromes s_i of its bits. So:
/// * all 2-bit errors are detected ⇔ the 1024 syndromes are pairwise distinct (checked over all
///   523,776 pairs via a lookup table);
/// * all 3-bit errors are detected ⇔ no s_i ^ s_j (i < j) equals a third syndrome s_k
///   (k ∉ {i, j}; k = i or j would need a zero syndrome, which the 1-bit test excludes) —
///   checked for every pair against the same table, so all 178,433,024 triples are covered.
/// The algebra agrees: x + 1 divides the generator, so every odd-weight error is caught, and the
/// primitive factor x^15 + x + 1 has order 32767 > 1024, so no x^d + 1 with d < 1024 is a multiple.
@Test(arguments: CRCConvention.allCases)
func everyTwoAndThreeBitErrorIsDetected(_ convention: CRCConvention) throws {
    let syndromes = try singleBitSyndromes(convention)
    #expect(!syndromes.contains(0))
    var positionOfSyndrome = [Int16](repeating: -1, count: 65536)
    var collisions = 0
    for (position, syndrome) in syndromes.enumerated() {
        if positionOfSyndrome[Int(syndrome)] >= 0 { collisions += 1 }
        positionOfSyndrome[Int(syndrome)] = Int16(position)
    }
    #expect(collisions == 0)
    var undetectedTriples = 0
    for i in 0..<1024 {
        for j in (i + 1)..<1024 where positionOfSyndrome[Int(syndromes[i] ^ syndromes[j])] >= 0 {
            undetectedTriples += 1
        }
    }
    #expect(undetectedTriples == 0)
}

/// A deterministic sample of direct 2- and 3-bit flips through the real function, independent of
/// the linearity argument.
@Test(arguments: CRCConvention.allCases)
func sampledMultiBitErrorsAreDetected(_ convention: CRCConvention) throws {
    var generator = SplitMix64(seed: 2024)
    let message = (0..<128).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    let good = try CRC16.checksum(of: message, convention: convention)
    var undetected = 0
    for trial in 0..<4000 {
        var positions = Set<Int>()
        while positions.count < 2 + trial % 2 {
            positions.insert(Int(generator.next() % 1024))
        }
        var corrupted = message
        for position in positions { corrupted[position / 8] ^= 1 << (position % 8) }
        if try CRC16.checksum(of: corrupted, convention: convention) == good { undetected += 1 }
    }
    #expect(undetected == 0)
}

/// A small deterministic generator (SplitMix64) so the tests never depend on a random seed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every 2-bit error, checked directly through the real function (no linearity argument):
/// all 523,776 position pairs on a random message. Split by the first bit's byte so the
/// cases run in parallel.
@Test(arguments: CRCConvention.allCases, Array(stride(from: 0, to: 128, by: 16)))
func everyTwoBitErrorIsDetectedDirectly(_ convention: CRCConvention, firstByteBlock: Int) throws {
    var generator = SplitMix64(seed: 99)
    let message = (0..<128).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    let good = try CRC16.checksum(of: message, convention: convention)
    var undetected = 0
    var corrupted = message
    for first in (firstByteBlock * 8)..<((firstByteBlock + 16) * 8) {
        corrupted[first / 8] ^= 1 << (first % 8)
        for second in (first + 1)..<1024 {
            corrupted[second / 8] ^= 1 << (second % 8)
            if try CRC16.checksum(of: corrupted, convention: convention) == good { undetected += 1 }
            corrupted[second / 8] ^= 1 << (second % 8)
        }
        corrupted[first / 8] ^= 1 << (first % 8)
    }
    #expect(undetected == 0)
}
