/// Where every byte of a flit goes: header, protocol bytes, DLP bytes, reserved bytes and CRCs
/// (UCIe 3.0 §3.3, Figures 3-11 and 3-14 to 3-23; reference digest §1.3).
///
/// Offsets are flit byte numbers. Each CRC covers a contiguous run of flit bytes which is copied
/// to CRC-message bytes 0…n−1 and zero-extended to 128 bytes (§3.3.2–3.3.4, §3.7).
///
/// Not modelled: CXL.io in Formats 5/6 (DLP bytes at 122–125, Flit_Marker at 250–253).
/// **[M]** The Format 6 byte map (all of 2–125 and 128–253 are protocol bytes) is inferred from
/// "14 extra bytes" because the figure is damaged in our copy of the specification.
public struct FlitLayout: Hashable, Sendable {
    /// One CRC field: where it sits and which flit bytes it protects.
    public struct CRCField: Hashable, Sendable {
        /// Offset of CRC byte 0 (bits 7:0); CRC byte 1 (bits 15:8) follows it.
        public let offset: Int
        /// Flit bytes copied, in order, to the start of the 128-byte CRC message.
        public let covers: Range<Int>
    }

    /// The flit format number of Table 3-1 (2 to 6; raw Format 1 has no layout, see ``RawFlit``).
    public let format: Int
    /// A short name for the protocol variant of the byte map (`"all"`, `"pcie"`, `"streaming"`, `"cachemem"`).
    public let variant: String
    /// Flit size in bytes.
    public let size: Int
    /// Offset of header byte B0; B1 follows it.
    public let headerOffset: Int
    /// Which header table applies.
    public let headerLayout: FlitHeader.Layout
    /// Protocol (payload) bytes, in payload order.
    public let payloadRanges: [Range<Int>]
    /// DLP2–5 (four Adapter-inserted bytes) where the protocol is PCIe or CXL.io; else `nil`.
    public let dlpRange: Range<Int>?
    /// Bytes that are transmitted as zero.
    public let reservedRanges: [Range<Int>]
    /// CRC0 first, then CRC1 if present.
    public let crcFields: [CRCField]

    /// Number of protocol bytes a caller must supply.
    public var payloadLength: Int { payloadRanges.reduce(0) { $0 + $1.count } }

    /// Format 2, 68B flit: header 0–1, protocol 2–65, CRC 66–67 over 0–65.
    public static let format2 = FlitLayout(
        format: 2, variant: "all", size: 68, headerOffset: 0, headerLayout: .flit68,
        payloadRanges: [2..<66], dlpRange: nil, reservedRanges: [],
        crcFields: [CRCField(offset: 66, covers: 0..<66)])

    /// Format 3 for PCIe: protocol 0–235, header 236–237, DLP2–5 238–241, reserved 242–251,
    /// CRC0 252–253 over 0–127, CRC1 254–255 over 128–241.
    public static let format3PCIe = FlitLayout(
        format: 3, variant: "pcie", size: 256, headerOffset: 236, headerLayout: .flit256,
        payloadRanges: [0..<236], dlpRange: 238..<242, reservedRanges: [242..<252],
        crcFields: standardCRCs)

    /// Format 3 for streaming: as ``format3PCIe`` but 238–241 are protocol bytes too.
    public static let format3Streaming = FlitLayout(
        format: 3, variant: "streaming", size: 256, headerOffset: 236, headerLayout: .flit256,
        payloadRanges: [0..<236, 238..<242], dlpRange: nil, reservedRanges: [242..<252],
        crcFields: standardCRCs)

    /// Format 4 for CXL.cachemem or streaming: header 0–1, protocol 2–241, reserved 242–251,
    /// CRC0 252–253 over 0–127, CRC1 254–255 over 128–241.
    public static let format4 = FlitLayout(
        format: 4, variant: "cachemem", size: 256, headerOffset: 0, headerLayout: .flit256,
        payloadRanges: [2..<242], dlpRange: nil, reservedRanges: [242..<252],
        crcFields: standardCRCs)

    /// Format 4 for CXL.io or PCIe: as ``format4`` but 238–241 are DLP2–5.
    public static let format4PCIe = FlitLayout(
        format: 4, variant: "pcie", size: 256, headerOffset: 0, headerLayout: .flit256,
        payloadRanges: [2..<238], dlpRange: 238..<242, reservedRanges: [242..<252],
        crcFields: standardCRCs)

    /// Format 5 for CXL.cachemem or streaming: header 0–1, protocol 2–121 and 128–243, reserved
    /// 122–125 and 244–253, CRC0 126–127 over 0–125, CRC1 254–255 over 128–253.
    public static let format5 = FlitLayout(
        format: 5, variant: "cachemem", size: 256, headerOffset: 0, headerLayout: .flit256,
        payloadRanges: [2..<122, 128..<244], dlpRange: nil, reservedRanges: [122..<126, 244..<254],
        crcFields: latencyOptimizedCRCs)

    /// Format 6 for CXL.cachemem: as ``format5`` with the optional bytes used, so protocol bytes
    /// are 2–125 and 128–253 and nothing is reserved.
    public static let format6 = FlitLayout(
        format: 6, variant: "cachemem", size: 256, headerOffset: 0, headerLayout: .flit256,
        payloadRanges: [2..<126, 128..<254], dlpRange: nil, reservedRanges: [],
        crcFields: latencyOptimizedCRCs)

    /// Every layout above.
    public static let all: [FlitLayout] = [format2, format3PCIe, format3Streaming, format4, format4PCIe, format5, format6]

    private static let standardCRCs = [CRCField(offset: 252, covers: 0..<128), CRCField(offset: 254, covers: 128..<242)]
    private static let latencyOptimizedCRCs = [CRCField(offset: 126, covers: 0..<126), CRCField(offset: 254, covers: 128..<254)]
}
