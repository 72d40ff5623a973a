import CHI
import StateSpace

/// A CHI-style coherent link over an NVLink-C2C-like PHY: RN-Fs on one die (`gpu`), the HN-F
/// with the memory on the other (`cpu`), every message crossing a link whose directions each
/// carry credited CHI channels and the LINKACTIVE handshake.
///
/// ```
///   gpu die                                                        cpu die
///   rn0 … rnN-1 ──REQ, RSP, DAT (link.gpu→cpu, credited)──▶  hn (directory, memory)
///               ◀──RSP, DAT, SNP (link.cpu→gpu, credited)──
/// ```
///
/// The protocol logic lives in the sans-IO `CHI` module (``RequestNodeLine``, ``HomeLine``,
/// ``LinkActivation``, ``ChannelCredits``); this type packs their values into state words and
/// turns their events into rules.
public struct C2CSystem: TransitionSystem {
    public let configuration: C2CConfiguration
    public let layout: StateLayout
    public let invariantNames = [
        "CreditConservation", "NoCreditBeforeRun", "CreditsHomeAfterDeactivation", "SWMR", "DataValue",
        "ProtocolCreditConservation", "ResponsesSink", "DirectoryMatchesCaches",
    ]
    let fields: C2CFields
    let rules: [C2CRule]
    let ruleNames: [String]
    let alphabets: [C2CFlitAlphabet]
    let phases: C2CPhaseCodec
    let rnBehaviour: RequestNodeBehaviour
    let homeBehaviour: HomeBehaviour
    /// `channelIndex[direction][kind]`, or -1 when the direction does not carry the kind.
    let channelIndex: [[Int]]
    /// Per rule, one field whose value must lie in a range for the rule to have any chance:
    /// a cheap first test before the agent values are loaded.
    let quickGuards: [QuickGuard]

    struct QuickGuard: Sendable {
        let field: Field
        let low: Int
        let high: Int
    }

    public init(_ configuration: C2CConfiguration) {
        let c = configuration
        precondition((1...4).contains(c.requestNodes), "1...4 request nodes")
        precondition((1...2).contains(c.lines) && (1...4).contains(c.values), "1...2 lines, 1...4 values")
        precondition(C2CChannel.allCases.allSatisfy { (1...15).contains(c.credits($0)) }, "L-credits are 1...15")
        self.configuration = c
        alphabets = C2CDirection.allCases.map {
            C2CFlitAlphabet(direction: $0, requestNodes: c.requestNodes, lines: c.lines, values: c.values)
        }
        phases = C2CPhaseCodec(values: c.values, retry: c.retryEnabled)
        var builder = StateLayoutBuilder()
        fields = C2CFields(c, phases: phases, alphabets: alphabets, builder: &builder)
        layout = builder.build()
        rules = C2CRule.all(c, channels: fields.channels, alphabets: alphabets)
        ruleNames = rules.map { [fields, alphabets] in $0.name(channels: fields.channels, alphabets: alphabets, values: c.values) }
        rnBehaviour = c.requestNodeBehaviour
        homeBehaviour = c.homeBehaviour
        var index = Array(repeating: Array(repeating: -1, count: ChannelKind.allCases.count), count: 2)
        for (i, ch) in fields.channels.enumerated() { index[ch.direction.rawValue][ch.kind.rawValue] = i }
        channelIndex = index
        quickGuards = rules.map { [fields] rule in
            switch rule {
            case .issue(let r, let l, _, _), .store(let r, let l, _), .silentDrop(let r, let l):
                QuickGuard(field: fields.phase[r][l], low: 0, high: 0)
            case .sendCompAck(let r, let l): QuickGuard(field: fields.phase[r][l], low: 1, high: 1)
            case .sendWriteData(let r, let l): QuickGuard(field: fields.phase[r][l], low: 2, high: 2)
            case .resend(let r, let l): QuickGuard(field: fields.phase[r][l], low: 3, high: .max)
            case .snoop(let l, let t, _): QuickGuard(field: fields.snoop[l][t], low: 1, high: 1)
            case .complete(let r, let l, _), .resnoop(let r, let l):
                QuickGuard(field: fields.tracker[l][r], low: 3, high: .max)
            case .grant(let r, let l): QuickGuard(field: fields.waitingForCredit[l][r], low: 1, high: 1)
            case .deliver(let i, let code): QuickGuard(field: fields.head(fields.channels[i]), low: code, high: code)
            case .grantCredit(let i): QuickGuard(field: fields.channels[i].rxCredits, low: 1, high: .max)
            case .returnCredit(let i): QuickGuard(field: fields.channels[i].txCredits, low: 1, high: .max)
            case .raiseRequest(let d): QuickGuard(field: fields.linkState[d.rawValue], low: 0, high: 0)
            case .raiseAcknowledge(let d): QuickGuard(field: fields.linkState[d.rawValue], low: 1, high: 1)
            case .dropRequest(let d): QuickGuard(field: fields.linkState[d.rawValue], low: 2, high: 2)
            case .dropAcknowledge(let d): QuickGuard(field: fields.linkState[d.rawValue], low: 3, high: 3)
            }
        }
    }

    /// The channel a message travels on. With the P1 defect the requester's responses share
    /// the REQ channel (and its credits) with requests.
    static func channelKind(for message: Message, direction: C2CDirection, bug: C2CBug) -> ChannelKind {
        if bug == .p1 && direction == .up && message.channel == .rsp { return .req }
        return message.channel
    }

    public var ruleCount: Int { rules.count }

    public func ruleName(_ rule: Int) -> String { ruleNames[rule] }

    /// After reset: every cache I, memory and ghost hold value 0, both links in STOP with every
    /// credit at its receiver.
    public func initialStates() -> [StateWords] {
        [layout.makeState { s in for ch in fields.channels { s[ch.rxCredits] = ch.capacity } }]
    }

    // MARK: Loading and storing agent values

    func requestNode(_ s: PackedState, _ r: Int, _ l: Int) -> RequestNodeLine {
        let (phase, writeValue) = phases.decode(s[fields.phase[r][l]])
        return RequestNodeLine(
            state: CacheState(rawValue: s[fields.cacheState[r][l]])!, data: s[fields.cacheData[r][l]], phase: phase,
            writeValue: writeValue)
    }

    func store(_ rn: RequestNodeLine, _ s: PackedState, _ r: Int, _ l: Int) {
        s[fields.cacheState[r][l]] = rn.state.rawValue
        s[fields.cacheData[r][l]] = rn.data
        s[fields.phase[r][l]] = phases.encode(rn.phase, writeValue: rn.writeValue)
    }

    static func trackerCode(_ t: HomeTracker) -> Int {
        switch t {
        case .idle: 0
        case .awaitingCompAck: 1
        case .awaitingWriteData: 2
        case .serving(let op): 3 + op.rawValue
        }
    }

    static func tracker(_ code: Int) -> HomeTracker {
        switch code {
        case 0: .idle
        case 1: .awaitingCompAck
        case 2: .awaitingWriteData
        default: .serving(RequestOpcode(rawValue: code - 3)!)
        }
    }

    func home(_ s: PackedState, _ l: Int) -> HomeLine {
        var h = HomeLine(requesters: configuration.requestNodes, memory: s[fields.memory[l]])
        for r in 0..<configuration.requestNodes {
            h.setDirectory(r, DirectoryState(rawValue: s[fields.directory[l][r]])!)
            h.setTracker(r, Self.tracker(s[fields.tracker[l][r]]))
            h.setSnoop(r, SnoopStatus(rawValue: s[fields.snoop[l][r]])!)
            if s[flag: fields.waitingForCredit[l][r]] { h.waitingForCredit |= 1 << UInt8(r) }
        }
        let reserved = s[fields.reservedFor[l]]
        h.reservedFor = reserved == 0 ? nil : reserved - 1
        return h
    }

    func store(_ h: HomeLine, _ s: PackedState, _ l: Int) {
        s[fields.memory[l]] = h.memory
        for r in 0..<configuration.requestNodes {
            s[fields.directory[l][r]] = h.directory(r).rawValue
            s[fields.tracker[l][r]] = Self.trackerCode(h.tracker(r))
            s[fields.snoop[l][r]] = h.snoop(r).rawValue
            if configuration.retryEnabled { s[flag: fields.waitingForCredit[l][r]] = h.waitingForCredit & (1 << UInt8(r)) != 0 }
        }
        if configuration.retryEnabled { s[fields.reservedFor[l]] = h.reservedFor.map { $0 + 1 } ?? 0 }
    }

    func linkState(_ s: PackedState, _ d: C2CDirection) -> LinkActiveState {
        LinkActiveState(rawValue: s[fields.linkState[d.rawValue]])!
    }

    func occupancy(_ s: PackedState, _ i: Int) -> Int {
        var n = 0
        for k in fields.channels[i].slotRange where s[fields.slots[k]] != 0 { n += 1 }
        return n
    }

    func credits(_ s: PackedState, _ i: Int) -> ChannelCredits {
        let ch = fields.channels[i]
        return ChannelCredits(capacity: ch.capacity, txCredits: s[ch.txCredits], inFlight: occupancy(s, i), rxCredits: s[ch.rxCredits])
    }

    // MARK: Sending and receiving flits

    func channel(for message: Message, _ d: C2CDirection) -> Int {
        channelIndex[d.rawValue][Self.channelKind(for: message, direction: d, bug: configuration.bug).rawValue]
    }

    /// Whether channel `i` can take a protocol flit now (RUN and a credit).
    func maySend(_ s: PackedState, _ i: Int) -> Bool {
        var cc = credits(s, i)
        return cc.send(in: linkState(s, fields.channels[i].direction)) == nil
    }

    /// Puts a flit into channel `i`, spending a credit; the caller checked ``maySend``.
    func enqueue(_ s: PackedState, _ i: Int, _ code: Int) {
        let ch = fields.channels[i]
        s[ch.txCredits] -= 1
        for k in ch.slotRange where s[fields.slots[k]] == 0 {
            s[fields.slots[k]] = code
            return
        }
    }

    func send(_ s: PackedState, _ message: Message, rn: Int, line: Int, _ d: C2CDirection) {
        enqueue(s, channel(for: message, d), alphabets[d.rawValue].encode(.message(message, rn: rn, line: line)))
    }

    /// Takes the head flit out of channel `i`; its buffer slot becomes a credit at the
    /// receiver again (lost if the receiver is in STOP).
    func dequeue(_ s: PackedState, _ i: Int) {
        let ch = fields.channels[i]
        var cc = credits(s, i)
        _ = cc.consume(in: linkState(s, ch.direction))
        s[ch.rxCredits] = cc.rxCredits
        let r = ch.slotRange
        for k in r.lowerBound..<(r.upperBound - 1) { s[fields.slots[k]] = s[fields.slots[k + 1]] }
        s[fields.slots[r.upperBound - 1]] = 0
    }

    // MARK: Quiescence

    func requesterDieIdle(_ s: PackedState) -> Bool {
        for r in 0..<configuration.requestNodes {
            for l in 0..<configuration.lines where s[fields.phase[r][l]] != 0 { return false }
        }
        return true
    }

    func homeDieIdle(_ s: PackedState) -> Bool {
        for l in 0..<configuration.lines where !home(s, l).isQuiescent { return false }
        return true
    }

    func noProtocolFlits(_ s: PackedState) -> Bool {
        for ch in fields.channels {
            for k in ch.slotRange where s[fields.slots[k]] > 1 { return false }
        }
        return true
    }

    /// No transaction anywhere: every RN-F idle, the home idle, no protocol flit on the link.
    func protocolQuiescent(_ s: PackedState) -> Bool { requesterDieIdle(s) && homeDieIdle(s) && noProtocolFlits(s) }

    public var definesLegitimateEnds: Bool { true }

    /// Quiescent, with the link empty and each direction in a stable state (STOP or RUN).
    public func isLegitimateEnd(_ s: PackedState) -> Bool {
        guard protocolQuiescent(s) else { return false }
        for d in C2CDirection.allCases {
            let st = linkState(s, d)
            if st != .stop && st != .run { return false }
        }
        for ch in fields.channels where s[fields.head(ch)] != 0 { return false }
        return true
    }
}
