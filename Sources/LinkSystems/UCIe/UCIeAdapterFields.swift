import StateSpace
import UCIe

/// Message classes of the workload, as stored in a receive-buffer slot.
///
/// Requests, snoops and snoop responses each need a further message before their buffer is
/// freed; responses and data complete a transaction and always drain.
enum MessageClass {
    static let none = 0
    static let request = 1
    static let response = 2
    static let snoop = 3
    static let snoopResponse = 4
    static let data = 5
    static let count = 6
    static func name(_ c: Int) -> String { ["-", "Req", "Rsp", "Snp", "SnpRsp", "Dat"][c] }
    /// Whether a message of class `c` is consumed without sending anything.
    static func isSink(_ c: Int) -> Bool { c == response || c == data }
}

/// The abstract payload of an Adapter payload flit (**[MODEL]**: no bytes, only what the
/// properties need). Index 0 is "no payload" (an Adapter NOP on the link, an empty retry slot).
///
/// * a protocol message: its VC, class (request/response), ghost tag, and the credits of the
///   same VC it returns piggy-backed;
/// * a credit-return flit: its VC, the credits it returns, and its ghost tag.
///
/// The ghost tag numbers payload flits in the order the Adapter accepted them, modulo
/// `tagCount` (the specification ring's size, so that in a correct run the tag follows the
/// sequence number and adds no states); a receiver reads a tag up to one window behind the
/// expected one as a duplicate and any other wrong tag as a loss.
struct TokenTable: Sendable {
    static let none = 0
    static let message: UInt8 = 1
    static let credit: UInt8 = 2

    let kind: [UInt8]
    let vc: [Int]
    let messageClass: [Int]
    let tag: [Int]
    let credits: [Int]
    let names: [String]
    let tagCount: Int
    private let maxCount = 8
    private let messageIndex: [Int]
    private let creditIndex: [Int]

    init(channels: [UCIeAdapterConfiguration.Channel], classesOnVC: [[Int]], piggyback: Bool, tagCount: Int) {
        self.tagCount = tagCount
        var kind: [UInt8] = [0]
        var vc = [0]
        var cls = [0]
        var tag = [0]
        var credits = [0]
        var names = ["-"]
        var messageIndex = [Int](repeating: -1, count: channels.count * MessageClass.count * tagCount * maxCount)
        var creditIndex = [Int](repeating: -1, count: channels.count * maxCount * tagCount)
        for (v, channel) in channels.enumerated() {
            for c in classesOnVC[v] {
                for t in 0..<tagCount {
                    for k in 0...(piggyback ? channel.credits.max()! : 0) {
                        messageIndex[((v * MessageClass.count + c) * tagCount + t) * maxCount + k] = kind.count
                        kind.append(Self.message)
                        vc.append(v)
                        cls.append(c)
                        tag.append(t)
                        credits.append(k)
                        var name = "\(MessageClass.name(c)) VC\(v)"
                        if tagCount > 1 { name += " #\(t)" }
                        if k > 0 { name += " +\(k)cr" }
                        names.append(name)
                    }
                }
            }
            for k in 1...channel.credits.max()! {
                for t in 0..<tagCount {
                    creditIndex[(v * maxCount + k) * tagCount + t] = kind.count
                    kind.append(Self.credit)
                    vc.append(v)
                    cls.append(MessageClass.none)
                    tag.append(t)
                    credits.append(k)
                    names.append("Crd VC\(v) +\(k)" + (tagCount > 1 ? " #\(t)" : ""))
                }
            }
        }
        self.kind = kind
        self.vc = vc
        self.messageClass = cls
        self.tag = tag
        self.credits = credits
        self.names = names
        self.messageIndex = messageIndex
        self.creditIndex = creditIndex
    }

    var count: Int { kind.count }

    @inline(__always)
    func message(vc v: Int, class c: Int, tag t: Int, credits k: Int) -> Int {
        messageIndex[((v * MessageClass.count + c) * tagCount + t) * maxCount + k]
    }

    @inline(__always)
    func creditFlit(vc v: Int, count k: Int, tag t: Int) -> Int {
        creditIndex[(v * maxCount + k) * tagCount + t]
    }
}

/// A flit on the link: its payload token (0 = Adapter NOP) and its header's sequence field.
/// Code 0 is an empty link slot.
struct FlitCodec: Sendable {
    /// Values of the sequence field: explicit S, Ack S, Nak S for S in 0...highest.
    let fieldCount: Int
    let highest: Int

    init(highest: Int) {
        self.highest = highest
        fieldCount = 3 * (highest + 1)
    }

    func valueCount(tokens: Int) -> Int { 1 + tokens * fieldCount }

    @inline(__always)
    func encode(token: Int, field: SequenceField) -> Int {
        let f: Int
        switch field {
        case let .explicit(s): f = Int(s)
        case let .ackNak(.ack(s)): f = highest + 1 + Int(s)
        case let .ackNak(.nak(s)): f = 2 * (highest + 1) + Int(s)
        }
        return 1 + token * fieldCount + f
    }

    @inline(__always)
    func decode(_ code: Int) -> (token: Int, field: SequenceField) {
        let token = (code - 1) / fieldCount
        let f = (code - 1) % fieldCount
        let n = highest + 1
        if f < n { return (token, .explicit(UInt8(f))) }
        if f < 2 * n { return (token, .ackNak(.ack(UInt8(f - n)))) }
        return (token, .ackNak(.nak(UInt8(f - 2 * n))))
    }

    func name(_ code: Int, tokens: TokenTable) -> String {
        if code == 0 { return "-" }
        let (token, field) = decode(code)
        let payload = token == 0 ? "NOP" : tokens.names[token]
        switch field {
        case let .explicit(s): return "\(payload) S=\(s)"
        case let .ackNak(.ack(s)): return "\(payload) Ack \(s)"
        case let .ackNak(.nak(s)): return "\(payload) Nak \(s)"
        }
    }
}

/// Field handles of one die's retry transmitter (the sans-IO ``RetryTransmitter`` registers).
struct TransmitterFields: Sendable {
    let nextSequence, acknowledged, lastTransmitted, replayNext, bufferHead, nakIgnore: Field
    let replaying, explicitDue, previousExplicit, ignoresNak: Field
    let buffer: [Field]
    let ghostNextTag: Field
}

/// Field handles of one die's retry receiver (the sans-IO ``RetryReceiver`` registers).
/// `TX_ACKNAK_FLIT_SEQ_NUM` is not stored: in this receiver it always equals NEXT_EXPECTED − 1.
struct ReceiverFields: Sendable {
    let nextExpected, lastSeen, nakScheduled, nakOwed, ackOwed, sequenceKnown: Field
    let ghostExpectedTag: Field
    let deliveryCheck: Field
}

/// Where every variable of the adapter model lives.
struct UCIeAdapterFields: Sendable {
    /// `[die]`: requests sent and not yet answered.
    let outstanding: [Field]
    /// `[die][vc]`: credits the die holds for sending on that VC.
    let credits: [[Field]]
    /// `[die][vc][slot]`: the die's receive buffer of that VC (a FIFO of message classes).
    let buffer: [[[Field]]]
    /// `[die][vc]`: class of each buffer-slot code.
    let slotClass: [[[Int]]]
    /// `[die][vc]`: code of each class in that VC's slots (-1 if the VC never carries it).
    let slotCode: [[[Int]]]
    /// `[die][vc]`: buffers of that VC the die freed and has not yet returned as credits.
    let pendingReturn: [[Field]]
    let linkState: Field
    let faultsLeft: Field
    // Retry (all `Field.absent` / empty when retry is off).
    let tx: [TransmitterFields]
    let rx: [ReceiverFields]
    /// `[sender]`: the link FIFO from that die to the other.
    let link: [[Field]]
    /// `[sender][vc]`: ghost count of messages accepted and not yet delivered.
    let inFlight: [[Field]]
    /// `[sender][vc]`: ghost count of credits (for the receiver's sending on that VC) riding
    /// flits not yet delivered.
    let creditsInFlight: [[Field]]
    /// `[die]`: the first Uncorrectable Internal Error the die's Adapter raised (R11).
    let retryError: [Field]
}

enum RetryErrorCode {
    static let names = ["none", "Ack outside window", "Nak outside window", "payload with invalid sequence number"]
    static func code(_ v: RetryViolation) -> Int {
        switch v {
        case .ackOutsideWindow: 1
        case .nakOutsideWindow: 2
        case .invalidPayloadSequence: 3
        }
    }
}

enum DeliveryCheck {
    static let ok = 0
    static let duplicate = 1
    static let lost = 2
    static let names = ["ok", "duplicate delivered", "flit lost (delivered out of order)"]
}
