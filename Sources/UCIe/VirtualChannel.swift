/// A flow-controlled lane of messages between two chiplets: one CXL channel, or one virtual
/// channel of the UCIe streaming protocol (UCIe 3.0 §2.4; digest §2.5).
///
/// The streaming protocol's message classes are vendor defined, so a streaming VC carries its
/// drain class as configuration. **[MODEL]** A descriptor that maps request and response traffic
/// onto one streaming VC is representable (and must be, so the checker can show pitfall P1).
public enum VirtualChannel: Hashable, Sendable {
    /// A CXL.cache or CXL.mem channel.
    case cxl(ChannelClass)
    /// Streaming VC number `index` whose traffic the configuration assigns to `drainClass`.
    case streaming(index: UInt8, drainClass: ChannelClass.DrainClass)

    public var drainClass: ChannelClass.DrainClass {
        switch self {
        case let .cxl(channel): channel.drainClass
        case let .streaming(_, drainClass): drainClass
        }
    }

    /// See ``ChannelClass/mustAlwaysDrain``.
    public var mustAlwaysDrain: Bool { drainClass != .request }

    /// Whether `waiter` may legally block until `other` makes progress (digest §2.4):
    /// a request may wait on anything, a snoop only on responses, a response on nothing.
    public static func mayWait(_ waiter: VirtualChannel, on other: VirtualChannel) -> Bool {
        switch waiter.drainClass {
        case .request: true
        case .snoop: other.drainClass == .response
        case .response: false
        }
    }
}
