/// The CXL.cache and CXL.mem message channels carried over UCIe (CXL 4.0 §3.2.2, §3.3; digest
/// §2.2) with the crediting and forward-progress facts a deadlock checker needs (digest §2.4).
public enum ChannelClass: UInt8, Hashable, Sendable, CaseIterable {
    /// CXL.cache device-to-host requests.
    case d2hRequest
    /// CXL.cache device-to-host snoop responses.
    case d2hResponse
    /// CXL.cache device-to-host data (writebacks).
    case d2hData
    /// CXL.cache host-to-device snoops.
    case h2dRequest
    /// CXL.cache host-to-device responses (GO, WritePull, ExtCmp…).
    case h2dResponse
    /// CXL.cache host-to-device read data.
    case h2dData
    /// CXL.mem master-to-subordinate requests without data.
    case m2sRequest
    /// CXL.mem master-to-subordinate requests with data (writes).
    case m2sRequestWithData
    /// CXL.mem (3.0+) master-to-subordinate responses to back-invalidate snoops.
    case m2sBackInvalidateResponse
    /// CXL.mem subordinate-to-master completions without data.
    case s2mNoDataResponse
    /// CXL.mem subordinate-to-master read data.
    case s2mDataResponse
    /// CXL.mem (3.0+) subordinate-to-master back-invalidate snoops.
    case s2mBackInvalidateSnoop

    /// The CXL protocol the channel belongs to.
    public enum CXLProtocol: Hashable, Sendable {
        case cache
        case mem
    }

    /// Which side sends on the channel.
    public enum Direction: Hashable, Sendable {
        case deviceToHost
        case hostToDevice
    }

    /// How a sender obtains room at the receiver.
    public enum Crediting: Hashable, Sendable {
        /// Consumes a link-layer credit the receiver returns when it frees the buffer.
        case credited
        /// The receiver reserved the buffer before the transaction started; sending never waits
        /// for a protocol-level resource (only temporary link back-pressure).
        case preallocated
    }

    /// **[MODEL]** Forward-progress classes (digest §2.4):
    /// a response must always be consumable; a snoop may wait only on responses; a request may
    /// wait on anything.
    public enum DrainClass: Hashable, Sendable {
        case response
        case snoop
        case request
    }

    public var cxlProtocol: CXLProtocol {
        switch self {
        case .d2hRequest, .d2hResponse, .d2hData, .h2dRequest, .h2dResponse, .h2dData: .cache
        default: .mem
        }
    }

    /// S2M and D2H flow from device to host; M2S and H2D from host to device.
    public var direction: Direction {
        switch self {
        case .d2hRequest, .d2hResponse, .d2hData, .s2mNoDataResponse, .s2mDataResponse, .s2mBackInvalidateSnoop:
            .deviceToHost
        default:
            .hostToDevice
        }
    }

    /// CXL 4.0 Table 3-12 and §3.3.12: D2H Rsp/Data, H2D Rsp/Data and S2M NDR/DRS are
    /// pre-allocated; the request and snoop channels are credited. **[M]** BIRsp is treated as
    /// pre-allocated like the other responses.
    public var crediting: Crediting {
        switch drainClass {
        case .response: .preallocated
        case .snoop, .request: .credited
        }
    }

    public var drainClass: DrainClass {
        switch self {
        case .d2hResponse, .d2hData, .h2dResponse, .h2dData, .s2mNoDataResponse, .s2mDataResponse,
            .m2sBackInvalidateResponse:
            .response
        case .h2dRequest, .s2mBackInvalidateSnoop:
            .snoop
        case .d2hRequest, .m2sRequest, .m2sRequestWithData:
            .request
        }
    }

    /// Whether the receiver must always be able to sink this channel without waiting for
    /// progress on a request channel (CXL 4.0 Table 3-12, §3.3.12; digest §5.1 DRAIN).
    /// **[MODEL]** True for the response and snoop classes: H2D Req is listed as must-drain in
    /// Table 3-12, and BISnp is its CXL.mem counterpart.
    public var mustAlwaysDrain: Bool { drainClass != .request }

    /// Whether messages on the channel carry a 64-byte data payload.
    public var carriesData: Bool {
        switch self {
        case .d2hData, .h2dData, .m2sRequestWithData, .s2mDataResponse: true
        default: false
        }
    }
}
