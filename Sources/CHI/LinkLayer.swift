/// The CHI link layer of one direction of a link: the LINKACTIVE handshake and L-credit flow
/// control per channel [CHI B14.2, B14.5].
///
/// ```
///   transmitter die                               receiver die
///   TXLINKACTIVEREQ ───────────── REQ ───────────▶
///                   ◀──────────── ACK ──────────── RXLINKACTIVEACK
///   credits (per channel) ◀──── LCRDV ──────────── rxCredits (buffer slots free, not granted)
///   flits   ─────────────── channel FIFO ─────────▶ consumed → slot free → rxCredits + 1
///
///   STOP(0,0) ─REQ↑─▶ ACTIVATE(1,0) ─ACK↑─▶ RUN(1,1) ─REQ↓─▶ DEACTIVATE(0,1) ─ACK↓─▶ STOP
/// ```
///
/// The transmitter initiates STOP→ACTIVATE and RUN→DEACTIVATE; the receiver completes both
/// with ACK. Credits are granted only in RUN and used only in RUN; in DEACTIVATE the
/// transmitter hands back every credit it holds as a link flit (opcode 0, which itself spends
/// the credit), and the receiver drops ACK only when all of them are home, so that STOP is
/// exactly the state after reset [CHI B14.5.1, B14.6.3.2].
public enum LinkActiveState: Int, CaseIterable, Sendable, CustomStringConvertible {
    case stop = 0, activate, run, deactivate

    public var description: String {
        switch self {
        case .stop: "STOP"
        case .activate: "ACTIVATE"
        case .run: "RUN"
        case .deactivate: "DEACTIVATE"
        }
    }

    /// TXLINKACTIVEREQ.
    public var req: Bool { self == .activate || self == .run }
    /// RXLINKACTIVEACK.
    public var ack: Bool { self == .run || self == .deactivate }

    /// The state the two wires encode.
    public init(req: Bool, ack: Bool) {
        switch (req, ack) {
        case (false, false): self = .stop
        case (true, false): self = .activate
        case (true, true): self = .run
        case (false, true): self = .deactivate
        }
    }
}

/// The LINKACTIVE handshake of one direction. Each event returns whether it was allowed now;
/// a refused event leaves the value untouched.
public struct LinkActivation: Equatable, Sendable {
    public private(set) var state: LinkActiveState

    public init(_ state: LinkActiveState = .stop) { self.state = state }

    /// Transmitter raises REQ: STOP → ACTIVATE.
    public mutating func raiseRequest() -> Bool {
        guard state == .stop else { return false }
        state = .activate
        return true
    }

    /// Receiver raises ACK: ACTIVATE → RUN.
    public mutating func raiseAcknowledge() -> Bool {
        guard state == .activate else { return false }
        state = .run
        return true
    }

    /// Transmitter drops REQ: RUN → DEACTIVATE.
    public mutating func dropRequest() -> Bool {
        guard state == .run else { return false }
        state = .deactivate
        return true
    }

    /// Receiver drops ACK: DEACTIVATE → STOP, only once `creditsHome` (every credit of every
    /// channel is back at the receiver). `checkCredits == false` is the seeded P2a defect: the
    /// receiver only waits until the transmitter holds no credit, not until link flits still
    /// on the wire have arrived.
    public mutating func dropAcknowledge(creditsHome: Bool) -> Bool {
        guard state == .deactivate, creditsHome else { return false }
        state = .stop
        return true
    }
}

/// The L-credits of one channel in one direction. `capacity` is the receiver's buffer (1...15);
/// conservation: `txCredits + inFlight + rxCredits == capacity` at every moment.
public struct ChannelCredits: Equatable, Sendable {
    public let capacity: Int
    /// Credits the transmitter holds.
    public private(set) var txCredits: Int
    /// Flits (protocol or link flits) on the wire or in the receiver's buffer.
    public private(set) var inFlight: Int
    /// Free buffer slots whose credit the receiver has not granted yet.
    public private(set) var rxCredits: Int

    /// After reset every credit sits at the receiver.
    public init(capacity: Int) {
        self.init(capacity: capacity, txCredits: 0, inFlight: 0, rxCredits: capacity)
    }

    public init(capacity: Int, txCredits: Int, inFlight: Int, rxCredits: Int) {
        self.capacity = capacity
        self.txCredits = txCredits
        self.inFlight = inFlight
        self.rxCredits = rxCredits
    }

    public var isConserved: Bool {
        txCredits >= 0 && inFlight >= 0 && rxCredits >= 0 && txCredits + inFlight + rxCredits == capacity
    }

    /// Every credit is back at the receiver and nothing is on the wire.
    public var isHome: Bool { rxCredits == capacity && txCredits == 0 && inFlight == 0 }

    /// Receiver pulses LCRDV: one credit to the transmitter. Only in RUN [CHI B14.5].
    public mutating func grant(in link: LinkActiveState) -> ProtocolViolation? {
        guard link == .run else { return .notRunning }
        guard rxCredits > 0 else { return .noCreditToGrant }
        rxCredits -= 1
        txCredits += 1
        return nil
    }

    /// Transmitter sends a protocol flit: only in RUN and with a credit.
    public mutating func send(in link: LinkActiveState) -> ProtocolViolation? {
        guard link == .run else { return .notRunning }
        guard txCredits > 0 else { return .flitWithoutCredit }
        txCredits -= 1
        inFlight += 1
        return nil
    }

    /// Transmitter returns a credit as a link flit (ReqLCrdReturn etc.): in DEACTIVATE
    /// [CHI B13.11, B14.5]. The link flit spends the credit and travels like any flit.
    public mutating func returnCredit(in link: LinkActiveState) -> ProtocolViolation? {
        guard link == .deactivate else { return .notRunning }
        guard txCredits > 0 else { return .flitWithoutCredit }
        txCredits -= 1
        inFlight += 1
        return nil
    }

    /// The receiver takes a flit out of its buffer; the slot's credit is the receiver's again.
    /// A flit arriving in STOP is lost, and so is its credit.
    public mutating func consume(in link: LinkActiveState) -> ProtocolViolation? {
        guard inFlight > 0 else { return .flitWithoutCredit }
        inFlight -= 1
        if link == .stop { return .flitInStop }
        rxCredits += 1
        return nil
    }
}
