import CHI

/// The two directions of the die-to-die link.
enum C2CDirection: Int, CaseIterable, Sendable {
    /// Requester die (RN-Fs) to home die: REQ, RSP (CompAck, SnpResp), DAT (write and snoop data).
    case up = 0
    /// Home die to requester die: RSP (completions, RetryAck, PCrdGrant), DAT (CompData), SNP.
    case down

    var name: String { self == .up ? "gpu→cpu" : "cpu→gpu" }

    /// The CHI channels the direction carries. The unused ones (SNP towards the home, REQ
    /// towards the requesters) are left out of the model.
    var channels: [ChannelKind] { self == .up ? [.req, .rsp, .dat] : [.rsp, .dat, .snp] }
}

/// What one slot of a channel's buffer holds.
enum C2CFlit: Equatable, Sendable {
    case empty
    /// A link flit (opcode 0): returns one L-credit during deactivation [CHI B13.11].
    case creditReturn
    /// A protocol flit: the message, the RN-F it comes from or goes to, and the line.
    case message(Message, rn: Int, line: Int)
}

/// The finite alphabet of flits in one direction, numbered for packing: 0 is an empty slot,
/// 1 a link flit, then every message for every (RN-F, line).
struct C2CFlitAlphabet: Sendable {
    let direction: C2CDirection
    /// Messages that can travel in this direction, for one (RN-F, line).
    let messages: [Message]
    let requestNodes: Int
    let lines: Int

    init(direction: C2CDirection, requestNodes: Int, lines: Int, values: Int) {
        self.direction = direction
        self.requestNodes = requestNodes
        self.lines = lines
        var m: [Message] = []
        let data = 0..<values
        switch direction {
        case .up:
            for op in RequestOpcode.allCases { m += [.request(op, allowRetry: true), .request(op, allowRetry: false)] }
            m += [.snpResp(.I), .snpResp(.SC)]
            m += data.map { .snpRespData(.I, data: $0) } + data.map { .snpRespData(.SD, data: $0) }
            m += [.compAck, .copyBackWriteData(.I, data: 0)]
            m += data.map { .copyBackWriteData(.UD, data: $0) } + data.map { .copyBackWriteData(.SD, data: $0) }
        case .down:
            m += SnoopOpcode.allCases.map { .snoop($0) }
            m += data.map { .compData(.UC, data: $0) } + data.map { .compData(.SC, data: $0) }
            m += [.comp(.UC), .comp(.I), .compDBIDResp, .retryAck, .pCrdGrant]
        }
        messages = m
    }

    var count: Int { 2 + requestNodes * lines * messages.count }

    func decode(_ code: Int) -> C2CFlit {
        switch code {
        case 0: return .empty
        case 1: return .creditReturn
        default:
            let i = code - 2
            let m = messages.count
            return .message(messages[i % m], rn: (i / m) / lines, line: (i / m) % lines)
        }
    }

    /// The code of a flit. Linear in the message list; called once per sent message.
    func encode(_ flit: C2CFlit) -> Int {
        switch flit {
        case .empty: return 0
        case .creditReturn: return 1
        case .message(let message, let rn, let line):
            var index = 0
            while messages[index] != message { index += 1 }
            return 2 + (rn * lines + line) * messages.count + index
        }
    }

    /// How a flit reads in a counterexample.
    func name(_ code: Int) -> String {
        switch decode(code) {
        case .empty: return "-"
        case .creditReturn: return "LCrdReturn"
        case .message(let message, let rn, let line):
            return direction == .up ? "\(message)(rn\(rn)→hn, line\(line))" : "\(message)(hn→rn\(rn), line\(line))"
        }
    }
}
