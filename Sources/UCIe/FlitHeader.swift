/// The two-byte Adapter flit header (UCIe 3.0 §3.3, Tables 3-2 to 3-5).
///
/// One type serves both header layouts; ``Layout`` says which one the bytes follow:
///
/// ```
///        7    6    5       4          3..0
/// B0  [ protocol ][stack][B0[4]   ][ S[7:4] ]
/// B1  [ flit type ][ Ack/Nak info ][ S[3:0] ]
///         7..6         5..4          3..0
/// ```
///
/// * 68B (Format 2): B1[7:6] is 00 regular, 01 test, 11 PDS (10 reserved); B0[4] is the PDS
///   indication and must agree with B1[7:6] (1 exactly for PDS).
/// * 256B (Formats 3–6): B1[7:6] is the flit type 00 protocol/NOP, 01 test, 10 management
///   (11 reserved); B0[4] tells for CXL.io/PCIe whether DLP2–5 carry a DLLP (0) or an
///   Optimized_Update_FC / Flit_Marker (1), and is reserved (0) for CXL.cachemem. There is no PDS.
///
/// The retry fields (S and the Ack/Nak info) are the same in both layouts. The header is always
/// encoded with the retry fields present; with retry disabled they are simply zero.
///
/// **[MODEL]** Decoding is strict: every reserved encoding is an error, and a 68B header whose
/// B0[4] and B1[7:6] disagree is rejected rather than resolved with the receiver's two-of-four
/// PDS detection rule (§3.3.2.1); that rule belongs to a receiver model, not to the codec.
public struct FlitHeader: Hashable, Sendable {
    /// Which header table the two bytes follow.
    public enum Layout: String, Hashable, Sendable, CaseIterable {
        /// Format 2 (Tables 3-2/3-3).
        case flit68 = "68b"
        /// Formats 3–6 (Tables 3-4/3-5).
        case flit256 = "256b"
    }

    /// B1[7:6].
    public enum FlitType: String, Hashable, Sendable, CaseIterable {
        /// 00: a protocol or NOP flit (68B: a regular header).
        case regular
        /// 01: a test flit.
        case test
        /// 10: a management flit; 256B layout only (reserved in 68B).
        case management
        /// 11: a PDS header (Pause of Data Stream); 68B layout only (reserved in 256B).
        case pds
    }

    /// B1[5:4]: how to read the sequence field S.
    public enum AckNak: String, Hashable, Sendable, CaseIterable {
        /// 00: S is this flit's explicit sequence number (for PDS: the inverted last sent number).
        case explicitSequence = "explicit"
        /// 01: S acknowledges every flit up to and including S.
        case ack
        /// 10: S is the last good sequence number; the flit after it must be replayed.
        case nak
    }

    /// B0[7:6]. The meaning depends on the negotiated protocol (for CXL: 0 NOP, 1 CXL.io,
    /// 2 CXL.cachemem, 3 ARB/MUX; for streaming: 0 NOP, others vendor defined). Range 0...3.
    public var protocolID: UInt8
    /// B0[5], stack 0 or 1.
    public var stackID: UInt8
    /// B1[7:6].
    public var flitType: FlitType
    /// B0[4] of the 256B layout (DLP2–5 carry an Optimized_Update_FC / Flit_Marker). Must be
    /// `false` in the 68B layout, where B0[4] is derived from ``flitType``.
    public var dlpMarker: Bool
    /// B1[5:4].
    public var ackNak: AckNak
    /// S, split over B0[3:0] (high nibble) and B1[3:0] (low nibble). 0 means "none carried".
    public var sequence: UInt8

    public init(
        protocolID: UInt8, stackID: UInt8 = 0, flitType: FlitType = .regular,
        dlpMarker: Bool = false, ackNak: AckNak = .explicitSequence, sequence: UInt8 = 0
    ) {
        self.protocolID = protocolID
        self.stackID = stackID
        self.flitType = flitType
        self.dlpMarker = dlpMarker
        self.ackNak = ackNak
        self.sequence = sequence
    }

    /// A PDS header as a transmitter sends it (§3.3.2.1): protocol ID 0, B0[4] = 1,
    /// B1[7:6] = 11, B1[5:4] = 00, and S = the bitwise NOT of the last sequence number sent
    /// (NEXT_TX_FLIT_SEQ_NUM − 1).
    ///
    /// **[MODEL]** "− 1" is taken on the 1…255 ring, so before anything was sent
    /// (NEXT_TX = 1) the last number is 255 and S = 0.
    public static func pds(stackID: UInt8 = 0, lastSentSequence: UInt8) -> FlitHeader {
        FlitHeader(protocolID: 0, stackID: stackID, flitType: .pds, sequence: ~lastSentSequence)
    }

    /// The two header bytes, B0 then B1.
    public func encoded(_ layout: Layout) throws(UCIeError) -> [UInt8] {
        guard protocolID <= 3 else {
            throw .valueOutOfRange(field: "protocolId", value: Int(protocolID), expected: "0...3")
        }
        guard stackID <= 1 else {
            throw .valueOutOfRange(field: "stackId", value: Int(stackID), expected: "0 or 1")
        }
        let typeBits: UInt8
        let bit4: UInt8
        switch layout {
        case .flit68:
            guard !dlpMarker else {
                throw .inconsistentFields("dlpMarker exists only in the 256B layout; expected false for 68B")
            }
            switch flitType {
            case .regular: typeBits = 0b00
            case .test: typeBits = 0b01
            case .pds: typeBits = 0b11
            case .management:
                throw .reservedEncoding(field: "flitType", value: 0b10, expected: "regular, test or pds in the 68B layout")
            }
            bit4 = flitType == .pds ? 1 : 0
        case .flit256:
            switch flitType {
            case .regular: typeBits = 0b00
            case .test: typeBits = 0b01
            case .management: typeBits = 0b10
            case .pds:
                throw .reservedEncoding(field: "flitType", value: 0b11, expected: "regular, test or management in the 256B layout")
            }
            bit4 = dlpMarker ? 1 : 0
        }
        let ackNakBits: UInt8
        switch ackNak {
        case .explicitSequence: ackNakBits = 0b00
        case .ack: ackNakBits = 0b01
        case .nak: ackNakBits = 0b10
        }
        if flitType == .pds && ackNak != .explicitSequence {
            throw .inconsistentFields("a PDS header carries ackNak = explicit (B1[5:4] = 00)")
        }
        let byte0 = protocolID << 6 | stackID << 5 | bit4 << 4 | sequence >> 4
        let byte1 = typeBits << 6 | ackNakBits << 4 | sequence & 0x0F
        return [byte0, byte1]
    }

    /// Decodes the two header bytes.
    ///
    /// - Throws: ``UCIeError`` for a wrong length, a reserved flit type or Ack/Nak encoding, or
    ///   (68B) a PDS indication in B0[4] that disagrees with B1[7:6].
    public init(decoding bytes: [UInt8], layout: Layout) throws(UCIeError) {
        guard bytes.count == 2 else {
            throw .wrongLength(of: "flit header", expected: "exactly 2 bytes", actual: bytes.count)
        }
        let byte0 = bytes[0]
        let byte1 = bytes[1]
        let bit4 = byte0 >> 4 & 1 == 1
        let flitType: FlitType
        switch (layout, byte1 >> 6) {
        case (_, 0b00): flitType = .regular
        case (_, 0b01): flitType = .test
        case (.flit68, 0b11): flitType = .pds
        case (.flit256, 0b10): flitType = .management
        case (.flit68, let bits):
            throw .reservedEncoding(field: "flitType", value: Int(bits), expected: "00 regular, 01 test or 11 PDS in the 68B layout")
        case (.flit256, let bits):
            throw .reservedEncoding(field: "flitType", value: Int(bits), expected: "00 protocol/NOP, 01 test or 10 management in the 256B layout")
        }
        let ackNak: AckNak
        switch byte1 >> 4 & 0b11 {
        case 0b00: ackNak = .explicitSequence
        case 0b01: ackNak = .ack
        case 0b10: ackNak = .nak
        default:
            throw .reservedEncoding(field: "ackNak", value: 0b11, expected: "00 explicit, 01 Ack or 10 Nak")
        }
        if layout == .flit68 {
            guard bit4 == (flitType == .pds) else {
                throw .inconsistentFields(
                    "B0[4] = \(bit4 ? 1 : 0) but B1[7:6] says \(flitType.rawValue); expected B0[4] = 1 exactly for a PDS header")
            }
            if flitType == .pds && ackNak != .explicitSequence {
                throw .inconsistentFields("a PDS header must have B1[5:4] = 00")
            }
        }
        self.init(
            protocolID: byte0 >> 6, stackID: byte0 >> 5 & 1, flitType: flitType,
            dlpMarker: layout == .flit256 && bit4, ackNak: ackNak,
            sequence: (byte0 & 0x0F) << 4 | byte1 & 0x0F)
    }
}
