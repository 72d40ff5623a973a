/// Format 1, Raw (UCIe 3.0 §3.3.1): the Adapter passes 64-byte chunks through untouched, with no
/// header, no CRC and no Adapter retry.
public enum RawFlit {
    /// Size of one raw chunk.
    public static let chunkSize = 64

    /// The bytes to transmit for one chunk (identical to the input).
    public static func encode(_ chunk: [UInt8]) throws(UCIeError) -> [UInt8] {
        try checked(chunk)
    }

    /// The protocol bytes of one received chunk (identical to the input).
    public static func decode(_ bytes: [UInt8]) throws(UCIeError) -> [UInt8] {
        try checked(bytes)
    }

    private static func checked(_ bytes: [UInt8]) throws(UCIeError) -> [UInt8] {
        guard bytes.count == chunkSize else {
            throw .wrongLength(of: "raw chunk", expected: "exactly 64 bytes", actual: bytes.count)
        }
        return bytes
    }
}
