import CHI
import StateSpace

/// One credited channel of one direction: credits at each end and the buffer of flits between
/// them (wire plus receiver buffer, in order; slot 0 is the next flit the receiver takes).
struct C2CChannelFields: Sendable {
    let direction: C2CDirection
    let kind: ChannelKind
    let capacity: Int
    /// Credits the transmitter holds.
    let txCredits: Field
    /// Free receiver buffer slots whose credit is not granted yet.
    let rxCredits: Field
    /// The channel's buffer, head first: positions in ``C2CFields/slots``. Kept as a range so
    /// that this struct holds no array and copying it in the successor loop costs nothing.
    let slotRange: Range<Int>

    var name: String { "link.\(direction.name).\(kind)" }
}

/// Where every variable of a C2C system lives in the packed state.
struct C2CFields: Sendable {
    // Requester die: per RN-F, per line.
    let cacheState: [[Field]]
    let cacheData: [[Field]]
    let phase: [[Field]]
    // Home die: per line, per RN-F.
    let directory: [[Field]]
    let tracker: [[Field]]
    let snoop: [[Field]]
    let waitingForCredit: [[Field]]
    let reservedFor: [Field]
    let memory: [Field]
    // Ghost: the last value written to each line.
    let lastWritten: [Field]
    // Link.
    let linkState: [Field]
    let channels: [C2CChannelFields]
    /// Every channel's buffer slots, one channel after another (see ``C2CChannelFields/slotRange``).
    let slots: [Field]

    /// The head slot of channel `ch`'s buffer.
    func head(_ ch: C2CChannelFields) -> Field { slots[ch.slotRange.lowerBound] }

    init(_ c: C2CConfiguration, phases: C2CPhaseCodec, alphabets: [C2CFlitAlphabet], builder b: inout StateLayoutBuilder) {
        let n = c.requestNodes
        let valueNames = (0..<c.values).map(String.init)
        var cacheState: [[Field]] = []
        var cacheData: [[Field]] = []
        var phase: [[Field]] = []
        for r in 0..<n {
            var s: [Field] = []
            var d: [Field] = []
            var p: [Field] = []
            for l in 0..<c.lines {
                let owner = "rn\(r)"
                s.append(b.add("rn\(r).line\(l).state", values: CacheState.allCases.count,
                               names: CacheState.allCases.map(\.description), owner: owner))
                d.append(c.values == 1 ? .absent : b.add("rn\(r).line\(l).data", values: c.values, names: valueNames, owner: owner))
                p.append(b.add("rn\(r).line\(l).txn", values: phases.count, names: phases.names, owner: owner))
            }
            cacheState.append(s)
            cacheData.append(d)
            phase.append(p)
        }
        self.cacheState = cacheState
        self.cacheData = cacheData
        self.phase = phase

        let trackerNames = ["idle", "await-CompAck", "await-CBWrData"] + RequestOpcode.allCases.map(\.description)
        var directory: [[Field]] = []
        var tracker: [[Field]] = []
        var snoop: [[Field]] = []
        var waiting: [[Field]] = []
        var reserved: [Field] = []
        var memory: [Field] = []
        var lastWritten: [Field] = []
        for l in 0..<c.lines {
            var dir: [Field] = []
            var trk: [Field] = []
            var snp: [Field] = []
            var wait: [Field] = []
            for r in 0..<n {
                dir.append(b.add("hn.line\(l).dir[rn\(r)]", values: DirectoryState.allCases.count,
                                 names: DirectoryState.allCases.map(\.description), owner: "hn"))
                trk.append(b.add("hn.line\(l).tracker[rn\(r)]", values: trackerNames.count, names: trackerNames, owner: "hn"))
                snp.append(b.add("hn.line\(l).snoop[rn\(r)]", values: SnoopStatus.allCases.count,
                                 names: SnoopStatus.allCases.map(\.description), owner: "hn"))
                wait.append(c.retryEnabled ? b.addFlag("hn.line\(l).pcrdWaiting[rn\(r)]", owner: "hn") : .absent)
            }
            directory.append(dir)
            tracker.append(trk)
            snoop.append(snp)
            waiting.append(wait)
            reserved.append(c.retryEnabled
                ? b.add("hn.line\(l).pcrdReservedFor", values: n + 1, names: ["-"] + (0..<n).map { "rn\($0)" }, owner: "hn")
                : .absent)
            memory.append(c.values == 1 ? .absent : b.add("hn.line\(l).memory", values: c.values, names: valueNames, owner: "hn"))
            lastWritten.append(c.values == 1 ? .absent : b.add("line\(l).lastWritten", values: c.values, names: valueNames))
        }
        self.directory = directory
        self.tracker = tracker
        self.snoop = snoop
        waitingForCredit = waiting
        reservedFor = reserved
        self.memory = memory
        self.lastWritten = lastWritten

        var linkState: [Field] = []
        var channels: [C2CChannelFields] = []
        var slotFields: [Field] = []
        for direction in C2CDirection.allCases {
            linkState.append(b.add("link.\(direction.name).state", values: LinkActiveState.allCases.count,
                                   names: LinkActiveState.allCases.map(\.description), owner: "link"))
            let alphabet = alphabets[direction.rawValue]
            let flitNames = (0..<alphabet.count).map(alphabet.name)
            for kind in direction.channels {
                let k = c.credits(C2CChannel(kind, direction)!)
                let name = "link.\(direction.name).\(kind)"
                let creditNames = (0...k).map(String.init)
                let tx = b.add("\(name).txCredits", values: k + 1, names: creditNames, owner: "link")
                let rx = b.add("\(name).rxCredits", values: k + 1, names: creditNames, owner: "link")
                let first = slotFields.count
                for position in 0..<k {
                    slotFields.append(b.add("\(name)[\(position)]", values: alphabet.count, names: flitNames, owner: "link"))
                }
                channels.append(
                    C2CChannelFields(
                        direction: direction, kind: kind, capacity: k, txCredits: tx, rxCredits: rx,
                        slotRange: first..<slotFields.count))
            }
        }
        self.linkState = linkState
        self.channels = channels
        slots = slotFields
    }
}

/// Numbers an RN-F's transaction phase for one line, with MakeUnique's value folded in:
/// 0 idle, 1 CompAck due, 2 CBWrData due, then per (opcode or MakeUnique value) the
/// outstanding phases (only `outstanding` without the retry path).
struct C2CPhaseCodec: Sendable {
    let values: Int
    let retry: Bool
    var perSlot: Int { retry ? 4 : 1 }
    var slots: Int { RequestOpcode.allCases.count - 1 + values }
    var count: Int { 3 + slots * perSlot }

    func encode(_ phase: RequestPhase, writeValue: Int) -> Int {
        func code(_ op: RequestOpcode, _ k: Int) -> Int {
            let slot = op == .makeUnique ? op.rawValue + writeValue : op.rawValue
            return 3 + slot * perSlot + k
        }
        switch phase {
        case .idle: return 0
        case .compAckDue: return 1
        case .writeDataDue: return 2
        case .outstanding(let op): return code(op, 0)
        case .retried(let op): return code(op, 1)
        case .granted(let op): return code(op, 2)
        case .resendDue(let op): return code(op, 3)
        }
    }

    func decode(_ code: Int) -> (phase: RequestPhase, writeValue: Int) {
        switch code {
        case 0: return (.idle, 0)
        case 1: return (.compAckDue, 0)
        case 2: return (.writeDataDue, 0)
        default:
            let slot = (code - 3) / perSlot
            let k = (code - 3) % perSlot
            let mu = RequestOpcode.makeUnique.rawValue
            let op = slot >= mu ? RequestOpcode.makeUnique : RequestOpcode(rawValue: slot)!
            let value = slot >= mu ? slot - mu : 0
            let phase: RequestPhase =
                switch k {
                case 0: .outstanding(op)
                case 1: .retried(op)
                case 2: .granted(op)
                default: .resendDue(op)
                }
            return (phase, value)
        }
    }

    var names: [String] {
        (0..<count).map { code in
            let (phase, value) = decode(code)
            switch phase {
            case .outstanding(.makeUnique), .retried(.makeUnique), .granted(.makeUnique), .resendDue(.makeUnique):
                return "\(phase)(write \(value))"
            default: return phase.description
            }
        }
    }
}
