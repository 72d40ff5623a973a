import StateSpace
import UCIe

/// The UCIe die-to-die Adapter between two dies: protocol messages on credited virtual
/// channels, carried in flits protected by CRC and go-back-N retry, over a link that may corrupt
/// flits a bounded number of times.
///
/// ```
///  die0                                   link                                  die1
///  outstanding ─ issueRequest ─▶ tx.vcN.credits ─▶ retry buffer ═▶ d0→d1 FIFO ═▶ rx (retry) ─▶ rx.vcN.slots
///  rx.vcN.slots ◀─ rx (retry) ◀═ d1→d0 FIFO ◀═ retry buffer ◀─ tx.vcN.credits ◀─ serveRequest ─ rx.vcN.slots
///  rx.vcN.pendingReturn ── credits back: dedicated flit, or piggy-backed on a message of vcN ──▶
/// ```
///
/// Each die issues requests (at most `maxOutstanding` unanswered) that the other die answers.
/// Serving a request takes it from the receive buffer and sends the response in one step, so a
/// request holds its buffer until a response credit is available: the dependency behind
/// message-dependent deadlock (P1). Without retry the link is lossless and a flit lands in the
/// receiver in the step it is sent. See `Documentation/Protocols/UCIe/README.md` for every
/// modelling choice.
public struct UCIeAdapterSystem: TransitionSystem {
    public let configuration: UCIeAdapterConfiguration
    public let layout: StateLayout
    public let invariantNames = [
        "exactly-once in-order delivery",
        "no uncorrectable retry error (R11)",
        "retry buffer within its window",
        "credit conservation",
        "responses always drain",
    ]

    enum RuleKind: Sendable {
        case issueRequest, serveRequest, sinkResponse, returnCredits
        case serveRequestWithData, answerSnoop, completeRequest, sinkData
        case txReplay, txNOP, replayTimeout, rxFlit, corrupt, drop
    }

    struct Rule: Sendable {
        let kind: RuleKind
        let die: Int
        let vc: Int
    }

    let fields: UCIeAdapterFields
    let rules: [Rule]
    let tokens: TokenTable
    let flits: FlitCodec
    /// `[die]`: the sans-IO retry configuration of the die's Adapter.
    let retryConfigurations: [RetryConfiguration]
    let retryOn: Bool
    let piggyback: Bool
    let dedicated: Bool
    let vcCount: Int
    /// `[sender][vc]`: credits the sender starts with.
    let credits: [[Int]]
    /// `[receiver][vc]`: receive-buffer slots.
    let bufferDepth: [[Int]]
    let reqVC: Int
    let rspVC: Int
    /// Data completions' VC, or -1.
    let datVC: Int
    /// Snoops' VC, or -1.
    let snpVC: Int
    /// VCs on which a completing message can queue behind one that waits (checked to drain).
    let drainCheckedVCs: [Int]
    let maxOutstanding: Int
    /// `[die]`: the die's transmitter's window (0 without retry).
    let window: [Int]
    let linkSlots: Int

    public init(_ configuration: UCIeAdapterConfiguration) {
        if let problem = configuration.problem { preconditionFailure("invalid UCIe adapter configuration: \(problem)") }
        self.configuration = configuration
        let c = configuration
        vcCount = c.channels.count
        let credits = (0..<2).map { a in c.channels.map { $0.credits[a] } }
        let bufferDepth = (0..<2).map { a in c.channels.map { $0.bufferDepth[a] } }
        self.credits = credits
        self.bufferDepth = bufferDepth
        reqVC = c.requestVC
        rspVC = c.responseVC
        datVC = c.dataVC ?? -1
        snpVC = c.snoopVC ?? -1
        maxOutstanding = c.maxOutstanding
        retryOn = c.retry != nil
        piggyback = c.creditReturn != .dedicated
        dedicated = c.creditReturn != .piggyback
        window = c.retry?.windows ?? [0, 0]
        linkSlots = c.retry?.linkSlots ?? 0
        retryConfigurations = (0..<2).map { c.retry?.configuration(die: $0) ?? RetryConfiguration(bufferDepth: 1, sequenceSpace: SequenceSpace(highest: 2)) }

        var classesOnVC = [[Int]](repeating: [], count: vcCount)
        classesOnVC[c.requestVC].append(MessageClass.request)
        // Dataless completions exist unless snoops are answered and every completion carries data.
        let responses = c.snoopVC == nil || c.dataVC == nil
        if responses { classesOnVC[c.responseVC].append(MessageClass.response) }
        if let v = c.snoopVC {
            classesOnVC[v].append(MessageClass.snoop)
            classesOnVC[c.responseVC].append(MessageClass.snoopResponse)
        }
        if let v = c.dataVC { classesOnVC[v].append(MessageClass.data) }
        drainCheckedVCs = classesOnVC.indices.filter { v in
            classesOnVC[v].contains(where: MessageClass.isSink) && classesOnVC[v].contains { !MessageClass.isSink($0) }
        }
        // Ghost tags count modulo the specification's ring size, so that in a correct run a tag is a
        // function of the sequence number and adds no states.
        let tagCount = c.retry?.highestSequence ?? 1
        let tokens = TokenTable(channels: c.channels, classesOnVC: classesOnVC, piggyback: c.creditReturn != .dedicated, tagCount: tagCount)
        self.tokens = tokens
        let highest = c.retry?.highestSequence ?? 2
        let flits = FlitCodec(highest: highest)
        self.flits = flits

        var b = StateLayoutBuilder()
        var outstanding: [Field] = []
        var creditFields: [[Field]] = []
        var buffer: [[[Field]]] = []
        var slotClass: [[[Int]]] = []
        var slotCode: [[[Int]]] = []
        var pending: [[Field]] = []
        var tx: [TransmitterFields] = []
        var rx: [ReceiverFields] = []
        for a in 0..<2 {
            let die = "die\(a)"
            outstanding.append(b.add("\(die).outstanding", values: c.maxOutstanding + 1, owner: die))
            var cr: [Field] = []
            var buf: [[Field]] = []
            var sc: [[Int]] = []
            var code: [[Int]] = []
            var pend: [Field] = []
            for v in 0..<vcCount {
                cr.append(b.add("\(die).tx.vc\(v).credits", values: credits[a][v] + 1, owner: die))
                let classes = [MessageClass.none] + classesOnVC[v]
                var codes = [Int](repeating: -1, count: MessageClass.count)
                for (i, cl) in classes.enumerated() { codes[cl] = i }
                sc.append(classes)
                code.append(codes)
                buf.append(
                    (0..<bufferDepth[a][v]).map {
                        b.add("\(die).rx.vc\(v).slot\($0)", values: classes.count, names: classes.map(MessageClass.name), owner: die)
                    })
                pend.append(b.add("\(die).rx.vc\(v).pendingReturn", values: credits[1 - a][v] + 1, owner: die))
            }
            creditFields.append(cr)
            buffer.append(buf)
            slotClass.append(sc)
            slotCode.append(code)
            pending.append(pend)
            if let r = c.retry {
                let t = TransmitterFields(
                    nextSequence: b.add("\(die).tx.nextSeq", values: highest + 1, owner: die),
                    acknowledged: b.add("\(die).tx.ackd", values: highest + 1, owner: die),
                    lastTransmitted: b.add("\(die).tx.lastSent", values: highest + 1, owner: die),
                    replayNext: b.add("\(die).tx.replayNext", values: highest + 1, owner: die),
                    bufferHead: b.add("\(die).tx.retryHead", values: r.bufferDepths[a], owner: die),
                    nakIgnore: b.add("\(die).tx.nakIgnoreSeq", values: highest + 1, owner: die),
                    replaying: b.addFlag("\(die).tx.replaying", owner: die),
                    explicitDue: b.addFlag("\(die).tx.explicitDue", owner: die),
                    previousExplicit: b.addFlag("\(die).tx.prevExplicit", owner: die),
                    ignoresNak: b.addFlag("\(die).tx.ignoresNak", owner: die),
                    buffer: (0..<r.bufferDepths[a]).map {
                        b.add("\(die).tx.retryBuf\($0)", values: tokens.count, names: tokens.names, owner: die)
                    },
                    ghostNextTag: b.add("\(die).tx.ghostNextTag", values: tagCount, owner: die))
                tx.append(t)
                rx.append(
                    ReceiverFields(
                        nextExpected: b.add("\(die).rx.nextExpected", values: highest + 1, owner: die),
                        lastSeen: b.add("\(die).rx.lastSeen", values: highest + 1, owner: die),
                        nakScheduled: b.addFlag("\(die).rx.nakScheduled", owner: die),
                        nakOwed: b.addFlag("\(die).rx.nakOwed", owner: die),
                        ackOwed: b.addFlag("\(die).rx.ackOwed", owner: die),
                        sequenceKnown: b.addFlag("\(die).rx.seqKnown", owner: die),
                        ghostExpectedTag: b.add("\(die).rx.ghostExpectedTag", values: tagCount, owner: die),
                        deliveryCheck: b.add("\(die).rx.delivery", values: 3, names: DeliveryCheck.names, owner: die)))
            }
        }
        var link: [[Field]] = [[], []]
        var inFlight: [[Field]] = [[], []]
        var creditsInFlight: [[Field]] = [[], []]
        var retryError: [Field] = [.absent, .absent]
        let linkState = b.add("link.state", values: 1, names: ["Active"], owner: "link")
        let faultsLeft = c.faults > 0 ? b.add("link.faultsLeft", values: c.faults + 1, owner: "link") : Field.absent
        if let r = c.retry {
            let flitNames = (0..<flits.valueCount(tokens: tokens.count)).map { flits.name($0, tokens: tokens) }
            for a in 0..<2 {
                let dir = "d\(a)→d\(1 - a)"
                link[a] = (0..<r.linkSlots).map {
                    b.add("link.\(dir).slot\($0)", values: flits.valueCount(tokens: tokens.count), names: flitNames, owner: "link")
                }
                for v in 0..<vcCount {
                    inFlight[a].append(b.add("link.\(dir).vc\(v).inFlight", values: credits[a][v] + 1, owner: "link"))
                    creditsInFlight[a].append(
                        b.add("link.\(dir).vc\(v).creditsInFlight", values: credits[1 - a][v] + 1, owner: "link"))
                }
                retryError[a] = b.add("die\(a).retryError", values: RetryErrorCode.names.count, names: RetryErrorCode.names, owner: "die\(a)")
            }
        }
        layout = b.build()
        fields = UCIeAdapterFields(
            outstanding: outstanding, credits: creditFields, buffer: buffer, slotClass: slotClass, slotCode: slotCode,
            pendingReturn: pending, linkState: linkState, faultsLeft: faultsLeft, tx: tx, rx: rx, link: link,
            inFlight: inFlight, creditsInFlight: creditsInFlight, retryError: retryError)

        var rules: [Rule] = []
        for a in 0..<2 {
            if c.requesters.contains(a) { rules.append(Rule(kind: .issueRequest, die: a, vc: c.requestVC)) }
            rules.append(Rule(kind: .serveRequest, die: a, vc: c.requestVC))
            if responses { rules.append(Rule(kind: .sinkResponse, die: a, vc: c.responseVC)) }
            if let v = c.dataVC, c.snoopVC == nil { rules.append(Rule(kind: .serveRequestWithData, die: a, vc: v)) }
            if let v = c.snoopVC {
                rules.append(Rule(kind: .answerSnoop, die: a, vc: v))
                rules.append(Rule(kind: .completeRequest, die: a, vc: c.dataVC ?? c.responseVC))
            }
            if let v = c.dataVC { rules.append(Rule(kind: .sinkData, die: a, vc: v)) }
            if dedicated {
                for v in 0..<vcCount { rules.append(Rule(kind: .returnCredits, die: a, vc: v)) }
            }
        }
        if retryOn {
            for a in 0..<2 {
                rules.append(Rule(kind: .rxFlit, die: a, vc: 0))
                rules.append(Rule(kind: .txReplay, die: a, vc: 0))
                rules.append(Rule(kind: .txNOP, die: a, vc: 0))
                rules.append(Rule(kind: .replayTimeout, die: a, vc: 0))
            }
            if c.faults > 0 {
                for a in 0..<2 { rules.append(Rule(kind: .corrupt, die: a, vc: 0)) }
                if c.dropFaults { for a in 0..<2 { rules.append(Rule(kind: .drop, die: a, vc: 0)) } }
            }
        }
        self.rules = rules
    }

    public var ruleCount: Int { rules.count }

    public func ruleName(_ rule: Int) -> String {
        let r = rules[rule]
        let die = "die\(r.die)"
        let p = 1 - r.die
        switch r.kind {
        case .issueRequest: return "\(die).issueRequest(VC\(r.vc))"
        case .serveRequest: return "\(die).serveRequest(VC\(reqVC)→VC\(snpVC >= 0 ? snpVC : rspVC))"
        case .serveRequestWithData: return "\(die).serveRequestWithData(VC\(reqVC)→VC\(r.vc))"
        case .answerSnoop: return "\(die).answerSnoop(VC\(r.vc)→VC\(rspVC))"
        case .completeRequest: return "\(die).completeRequest(VC\(rspVC)→VC\(r.vc))"
        case .sinkData: return "\(die).sinkData(VC\(r.vc))"
        case .sinkResponse: return "\(die).sinkResponse(VC\(r.vc))"
        case .returnCredits: return "\(die).returnCredits(VC\(r.vc))"
        case .txReplay: return "\(die).txReplay"
        case .txNOP: return "\(die).txNOP"
        case .replayTimeout: return "\(die).replayTimeout"
        case .rxFlit: return "\(die).rxFlit(d\(p)→d\(r.die))"
        case .corrupt: return "link.corrupt(d\(r.die)→d\(p))"
        case .drop: return "link.drop(d\(r.die)→d\(p))"
        }
    }

    public func initialStates() -> [StateWords] {
        [
            layout.makeState { s in
                for a in 0..<2 {
                    for v in 0..<vcCount { s[fields.credits[a][v]] = credits[a][v] }
                    if retryOn {
                        store(RetryTransmitter(configuration: retryConfigurations[a]), die: a, s)
                        store(RetryReceiver(configuration: retryConfigurations[a]), die: a, s)
                    }
                }
                s[fields.faultsLeft] = configuration.faults
            }
        ]
    }

    // MARK: Legitimate ends and invariants

    /// Quiescent: no request outstanding, every buffer empty, every credit home, nothing
    /// unacknowledged in a retry buffer, nothing on the link.
    public var definesLegitimateEnds: Bool { true }

    public func isLegitimateEnd(_ s: PackedState) -> Bool {
        let f = fields
        for a in 0..<2 {
            if s[f.outstanding[a]] != 0 { return false }
            for v in 0..<vcCount {
                if s[f.credits[a][v]] != credits[a][v] || s[f.pendingReturn[a][v]] != 0 || s[f.buffer[a][v][0]] != 0 {
                    return false
                }
            }
            if retryOn {
                if s[f.link[a][0]] != 0 || transmitter(die: a, s).outstanding != 0 { return false }
            }
        }
        return true
    }

    public func violatedInvariant(in s: PackedState) -> Int? {
        let f = fields
        if retryOn {
            for a in 0..<2 where s[f.rx[a].deliveryCheck] != DeliveryCheck.ok { return 0 }
            for a in 0..<2 where s[f.retryError[a]] != 0 { return 1 }
            for a in 0..<2 where transmitter(die: a, s).outstanding > window[a] { return 2 }
        }
        for a in 0..<2 {
            let p = 1 - a
            for v in 0..<vcCount {
                var total = s[f.credits[a][v]] + s[f.pendingReturn[p][v]] + bufferedCount(die: p, vc: v, s)
                if retryOn { total += s[f.inFlight[a][v]] + s[f.creditsInFlight[p][v]] }
                if total != credits[a][v] { return 3 }
            }
        }
        // A message that completes a transaction queued behind one that waits for a credit.
        for v in drainCheckedVCs {
            for a in 0..<2 {
                var sawWaiting = false
                for slot in f.buffer[a][v] {
                    let c = f.slotClass[a][v][s[slot]]
                    if c == MessageClass.none { break }
                    if !MessageClass.isSink(c) { sawWaiting = true } else if sawWaiting { return 4 }
                }
            }
        }
        return nil
    }

    @inline(__always)
    func bufferedCount(die a: Int, vc v: Int, _ s: PackedState) -> Int {
        var n = 0
        for slot in fields.buffer[a][v] where s[slot] != 0 { n += 1 }
        return n
    }

    // MARK: Retry registers ⇄ packed fields

    @inline(__always)
    func transmitter(die a: Int, _ s: PackedState) -> RetryTransmitter {
        let t = fields.tx[a]
        return RetryTransmitter(
            configuration: retryConfigurations[a],
            registers: .init(
                nextSequence: UInt8(s[t.nextSequence]), acknowledged: UInt8(s[t.acknowledged]),
                lastTransmitted: UInt8(s[t.lastTransmitted]), replayNext: UInt8(s[t.replayNext]),
                bufferHead: UInt8(s[t.bufferHead]), nakIgnore: UInt8(s[t.nakIgnore]),
                isReplaying: s[flag: t.replaying], explicitDue: s[flag: t.explicitDue],
                previousExplicit: s[flag: t.previousExplicit], ignoresNak: s[flag: t.ignoresNak]))
    }

    /// Stores a transmitter; variables that mean nothing in its current phase are stored as 0 so
    /// that equal behaviour gives equal states.
    @inline(__always)
    func store(_ tx: RetryTransmitter, die a: Int, _ s: PackedState) {
        let t = fields.tx[a]
        let r = tx.registers
        s[t.nextSequence] = Int(r.nextSequence)
        s[t.acknowledged] = Int(r.acknowledged)
        s[t.lastTransmitted] = Int(r.lastTransmitted)
        s[t.replayNext] = r.isReplaying ? Int(r.replayNext) : 0
        s[t.bufferHead] = Int(r.bufferHead)
        s[t.nakIgnore] = r.ignoresNak ? Int(r.nakIgnore) : 0
        s[flag: t.replaying] = r.isReplaying
        s[flag: t.explicitDue] = r.explicitDue
        s[flag: t.previousExplicit] = r.previousExplicit
        s[flag: t.ignoresNak] = r.ignoresNak
    }

    @inline(__always)
    func receiver(die a: Int, _ s: PackedState) -> RetryReceiver {
        let x = fields.rx[a]
        let space = retryConfigurations[a].sequenceSpace
        let next = UInt8(s[x.nextExpected])
        return RetryReceiver(
            configuration: retryConfigurations[a],
            registers: .init(
                nextExpected: next, ackNakSequence: space.predecessor(next), lastSeen: UInt8(s[x.lastSeen]),
                nakScheduled: s[flag: x.nakScheduled], nakOwed: s[flag: x.nakOwed], ackOwed: s[flag: x.ackOwed],
                sequenceKnown: s[flag: x.sequenceKnown]))
    }

    @inline(__always)
    func store(_ rx: RetryReceiver, die a: Int, _ s: PackedState) {
        let x = fields.rx[a]
        let r = rx.registers
        assert(r.ackNakSequence == retryConfigurations[a].sequenceSpace.predecessor(r.nextExpected))
        s[x.nextExpected] = Int(r.nextExpected)
        s[x.lastSeen] = r.sequenceKnown ? Int(r.lastSeen) : 0
        s[flag: x.nakScheduled] = r.nakScheduled
        s[flag: x.nakOwed] = r.nakOwed
        s[flag: x.ackOwed] = r.ackOwed
        s[flag: x.sequenceKnown] = r.sequenceKnown
    }
}
