/// A whole Adapter flit in one of Formats 2–6: header, protocol bytes and (PCIe/CXL.io) DLP2–5.
///
/// Encoding places every byte per the ``FlitLayout`` and fills in the CRC(s); decoding checks
/// length, reserved bytes and every CRC before it returns the fields.
public struct Flit: Hashable, Sendable {
    public var header: FlitHeader
    /// Protocol bytes in payload order; exactly ``FlitLayout/payloadLength`` of them.
    public var payload: [UInt8]
    /// DLP2–5: four bytes when the layout has a DLP range, otherwise empty.
    public var dlp: [UInt8]

    public init(header: FlitHeader, payload: [UInt8], dlp: [UInt8] = []) {
        self.header = header
        self.payload = payload
        self.dlp = dlp
    }

    /// The transmitted flit bytes.
    public func encoded(_ layout: FlitLayout, convention: CRCConvention = .a) throws(UCIeError) -> [UInt8] {
        guard payload.count == layout.payloadLength else {
            throw .wrongLength(of: "payload", expected: "exactly \(layout.payloadLength) bytes for Format \(layout.format)", actual: payload.count)
        }
        let expectedDLP = layout.dlpRange?.count ?? 0
        guard dlp.count == expectedDLP else {
            throw .wrongLength(
                of: "dlp",
                expected: expectedDLP == 0 ? "no DLP bytes for this layout" : "exactly \(expectedDLP) bytes", actual: dlp.count)
        }
        var bytes = [UInt8](repeating: 0, count: layout.size)
        let headerBytes = try header.encoded(layout.headerLayout)
        bytes[layout.headerOffset] = headerBytes[0]
        bytes[layout.headerOffset + 1] = headerBytes[1]
        var next = 0
        for range in layout.payloadRanges {
            bytes.replaceSubrange(range, with: payload[next..<next + range.count])
            next += range.count
        }
        if let range = layout.dlpRange {
            bytes.replaceSubrange(range, with: dlp)
        }
        for field in layout.crcFields {
            let crc = Flit.crc(of: bytes, covering: field.covers, convention: convention)
            bytes[field.offset] = UInt8(truncatingIfNeeded: crc)
            bytes[field.offset + 1] = UInt8(truncatingIfNeeded: crc >> 8)
        }
        return bytes
    }

    /// Parses received flit bytes.
    ///
    /// - Throws: ``UCIeError/wrongLength(of:expected:actual:)``,
    ///   ``UCIeError/crcMismatch(index:received:computed:)`` (CRC0 is checked before CRC1),
    ///   ``UCIeError/reservedByteNotZero(offset:value:)`` or a header decoding error.
    ///
    /// **[MODEL]** Reserved bytes must be zero: a receiver in silicon ignores them, but a
    /// conformance decoder that tolerates them would hide encoder bugs.
    public init(decoding bytes: [UInt8], layout: FlitLayout, convention: CRCConvention = .a) throws(UCIeError) {
        guard bytes.count == layout.size else {
            throw .wrongLength(of: "Format \(layout.format) flit", expected: "exactly \(layout.size) bytes", actual: bytes.count)
        }
        for (index, field) in layout.crcFields.enumerated() {
            let computed = Flit.crc(of: bytes, covering: field.covers, convention: convention)
            let received = UInt16(bytes[field.offset]) | UInt16(bytes[field.offset + 1]) << 8
            guard computed == received else {
                throw .crcMismatch(index: index, received: received, computed: computed)
            }
        }
        for range in layout.reservedRanges {
            for offset in range where bytes[offset] != 0 {
                throw .reservedByteNotZero(offset: offset, value: bytes[offset])
            }
        }
        let header = try FlitHeader(
            decoding: Array(bytes[layout.headerOffset..<layout.headerOffset + 2]), layout: layout.headerLayout)
        var payload: [UInt8] = []
        payload.reserveCapacity(layout.payloadLength)
        for range in layout.payloadRanges {
            payload.append(contentsOf: bytes[range])
        }
        let dlp = layout.dlpRange.map { Array(bytes[$0]) } ?? []
        self.init(header: header, payload: payload, dlp: dlp)
    }

    /// The CRC over `bytes[covers]` (at most 128 bytes by construction of every layout).
    private static func crc(of bytes: [UInt8], covering covers: Range<Int>, convention: CRCConvention) -> UInt16 {
        bytes.withUnsafeBufferPointer { buffer in
            CRC16.unchecked(UnsafeBufferPointer(rebasing: buffer[covers]), convention: convention)
        }
    }
}
