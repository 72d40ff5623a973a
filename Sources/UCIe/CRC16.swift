/// Which bit of the 128-byte message enters the CRC register first.
///
/// UCIe 3.0 §3.7 describes the order in prose, but the normative reference is a Verilog file
/// attached to the specification that we do not have; the prose admits two readings (reference
/// digest §1.4). Both link ends only need to agree, so the convention is a parameter.
public enum CRCConvention: String, Hashable, Sendable, CaseIterable {
    /// Byte 0 first, and within each byte bit 0 first (the literal reading of the prose).
    /// **[MODEL]** This is our default everywhere a convention is not given.
    case a = "A"
    /// The 1024-bit message read as one number, bit 7 of byte 127 first (most significant first),
    /// so that the zero padding "in the MSB" feeds leading zeros that do not change the register.
    case b = "B"
}

/// The UCIe Adapter CRC-16 (UCIe 3.0 §3.7).
///
/// Generator x^16 + x^15 + x^2 + 1 = (x + 1)(x^15 + x + 1), written 0x8005 without the x^16 term;
/// register initialised to 0 and no final inversion. The message is always 128 bytes: shorter
/// inputs are zero-extended at the high byte numbers. The result is placed in the flit as
/// CRC byte 0 = bits 7:0 and CRC byte 1 = bits 15:8.
///
/// Because the register starts at 0 and there is no final XOR, the function is linear over GF(2):
/// `crc(a ^ b) == crc(a) ^ crc(b)`. The error-detection tests rely on that.
public enum CRC16 {
    /// The generator without its x^16 term.
    public static let polynomial: UInt16 = 0x8005
    /// Every CRC is computed over a message of exactly this many bytes.
    public static let messageLength = 128

    /// The CRC of `message` zero-extended to 128 bytes.
    ///
    /// - Throws: ``UCIeError/wrongLength(of:expected:actual:)`` if `message` exceeds 128 bytes.
    public static func checksum(
        of message: [UInt8], convention: CRCConvention = .a
    ) throws(UCIeError) -> UInt16 {
        guard message.count <= messageLength else {
            throw .wrongLength(of: "CRC message", expected: "at most 128 bytes", actual: message.count)
        }
        return message.withUnsafeBufferPointer { unchecked($0, convention: convention) }
    }

    /// The CRC of a message already known to be at most 128 bytes long (flit code paths).
    static func unchecked(_ message: UnsafeBufferPointer<UInt8>, convention: CRCConvention) -> UInt16 {
        let count = min(message.count, messageLength)
        return table.withUnsafeBufferPointer { table in
            var crc: UInt16 = 0
            switch convention {
            case .a:
                // Bit 0 of each byte first: feed the bit-reversed byte most significant bit first.
                return reversedBits.withUnsafeBufferPointer { reverse in
                    for index in 0..<messageLength {
                        let byte: UInt8 = index < count ? reverse[Int(message[index])] : 0
                        crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
                    }
                    return crc
                }
            case .b:
                // Highest byte first, bit 7 first. The padding bytes come first and, with the
                // register still 0, leave it 0, so they can be skipped.
                var index = count
                while index > 0 {
                    index -= 1
                    crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ message[index])]
                }
                return crc
            }
        }
    }

    /// `table[x]`: the register change caused by feeding byte `x` most significant bit first.
    private static let table: [UInt16] = (0..<256).map { value in
        var register = UInt16(value) << 8
        for _ in 0..<8 {
            register = register & 0x8000 != 0 ? (register << 1) ^ polynomial : register << 1
        }
        return register
    }

    /// `reversedBits[x]`: `x` with bit 0 and bit 7 (and so on) swapped.
    private static let reversedBits: [UInt8] = (0..<256).map { value in
        var result: UInt8 = 0
        for bit in 0..<8 where value & (1 << bit) != 0 {
            result |= 1 << (7 - bit)
        }
        return result
    }
}
