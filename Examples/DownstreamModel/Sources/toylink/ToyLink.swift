import StateSpace

/// A sender and a receiver on one credited channel: the sender may send a flit while it holds a
/// credit; the flit crosses the wire into the receiver's buffer; the receiver consumes it and
/// returns the credit across the wire. With as many credits as buffer slots nothing is lost and
/// the buffer cannot overflow; the seeded bugs break one of the two.
struct ToyLink: TransitionSystem {
    enum Bug: String, CaseIterable {
        case none
        /// The receiver consumes a flit without returning its credit: credits run out.
        case loseCredit = "lose-credit"
        /// The receiver has one buffer slot fewer than the sender has credits.
        case smallBuffer = "small-buffer"
    }

    let credits: Int
    let bufferSlots: Int
    let bug: Bug
    let layout: StateLayout
    let senderCredits: Field
    let flitsOnWire: Field
    let buffered: Field
    let creditsOnWire: Field

    init(credits: Int, bug: Bug) {
        self.credits = credits
        self.bug = bug
        bufferSlots = bug == .smallBuffer ? credits - 1 : credits
        var builder = StateLayoutBuilder()
        senderCredits = builder.add("sender.credits", values: credits + 1, owner: "sender")
        flitsOnWire = builder.add("wire.flits", values: credits + 1, owner: "wire")
        buffered = builder.add("receiver.buffered", values: credits + 1, owner: "receiver")
        creditsOnWire = builder.add("wire.credits", values: credits + 1, owner: "wire")
        layout = builder.build()
    }

    static let ruleNames = ["Send", "Arrive", "Consume", "ReturnCredit"]
    var ruleCount: Int { Self.ruleNames.count }
    func ruleName(_ rule: Int) -> String { Self.ruleNames[rule] }

    func initialStates() -> [StateWords] {
        [layout.makeState { $0[senderCredits] = credits }]
    }

    func apply(_ rule: Int, to s: PackedState) -> Bool {
        switch rule {
        case 0:
            guard s[senderCredits] > 0 else { return false }
            s[senderCredits] -= 1
            s[flitsOnWire] += 1
        case 1:
            guard s[flitsOnWire] > 0 else { return false }
            s[flitsOnWire] -= 1
            s[buffered] += 1
        case 2:
            guard s[buffered] > 0 else { return false }
            s[buffered] -= 1
            if bug != .loseCredit { s[creditsOnWire] += 1 }
        default:
            guard s[creditsOnWire] > 0 else { return false }
            s[creditsOnWire] -= 1
            s[senderCredits] += 1
        }
        return true
    }

    var invariantNames: [String] { ["buffer-within-capacity"] }

    func violatedInvariant(in s: PackedState) -> Int? {
        s[buffered] <= bufferSlots ? nil : 0
    }
}
