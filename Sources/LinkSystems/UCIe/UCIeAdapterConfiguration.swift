import UCIe

/// Everything that shapes one ``UCIeAdapterSystem``: a plain value, so a descriptor loader
/// (IP-XACT) can build one as easily as the command line does.
///
/// The two dies are symmetric in traffic: each issues requests to the other and answers the
/// other's requests. Both link directions have the same number of virtual channels; VC `v`
/// from die 0 to die 1 and VC `v` from die 1 to die 0 are different channels (they may carry
/// different CXL channel names) with the same credit and buffer sizes.
public struct UCIeAdapterConfiguration: Hashable, Sendable {
    /// One virtual channel, in both directions.
    ///
    /// Each direction has its own sizes: what die 0 may send on the VC is what die 1's receiver
    /// advertises, and the other way round, so two ends granting different credits (a CPU
    /// granting 16, an accelerator 1) are two different channels in the model.
    public struct Channel: Hashable, Sendable {
        /// What the channel is called on the die 0 → die 1 direction.
        public var d0ToD1: VirtualChannel
        /// What the channel is called on the die 1 → die 0 direction.
        public var d1ToD0: VirtualChannel
        /// `[sender]`: credits die `sender` starts with on this VC (advertised by the other die).
        public var credits: [Int]
        /// `[receiver]`: the receive buffer of this VC at die `receiver`. Credits above it can
        /// overflow the buffer.
        public var bufferDepth: [Int]

        /// The same credits and buffer in both directions.
        public init(d0ToD1: VirtualChannel, d1ToD0: VirtualChannel, credits: Int, bufferDepth: Int? = nil) {
            self.init(d0ToD1: d0ToD1, d1ToD0: d1ToD0, credits: [credits, credits], bufferDepth: [bufferDepth ?? credits, bufferDepth ?? credits])
        }

        /// Sizes per direction: `credits[sender]`, `bufferDepth[receiver]`.
        public init(d0ToD1: VirtualChannel, d1ToD0: VirtualChannel, credits: [Int], bufferDepth: [Int]) {
            self.d0ToD1 = d0ToD1
            self.d1ToD0 = d1ToD0
            self.credits = credits
            self.bufferDepth = bufferDepth
        }
    }

    /// How a receiver hands freed buffers back to the sender as credits.
    public enum CreditReturn: String, Hashable, Sendable, CaseIterable {
        /// A dedicated credit-return flit (a `NOP.Crd`/LLCRD-like control flit) that needs no
        /// protocol credit. **[MODEL]** Without retry it is delivered in the step it is sent.
        case dedicated
        /// Only inside a protocol message of the same VC travelling the other way (pitfall P3).
        case piggyback
        /// Piggy-backed when a message of that VC goes the other way, dedicated flit otherwise.
        case both
    }

    /// The Adapter's go-back-N retry (UCIe §3.8).
    public struct Retry: Hashable, Sendable {
        /// `[die]`: retry-buffer flits of the die's transmitter (`RETRY_BUFFER_FLITS`).
        public var bufferDepths: [Int]
        /// `[die]`: `MAX_UNACKNOWLEDGED_FLITS` of the die's transmitter: min(bufferDepth, 127)
        /// by the specification (R10); `bufferDepth + 1` seeds P5.
        public var windows: [Int]
        /// Both dies' retry buffer (reading: die 0's).
        public var bufferDepth: Int {
            get { bufferDepths[0] }
            set { bufferDepths = [newValue, newValue] }
        }
        /// Both dies' window (reading: die 0's).
        public var window: Int {
            get { windows[0] }
            set { windows = [newValue, newValue] }
        }
        /// The largest sequence number: 255 by the specification; 3…15 in models so the ring wraps.
        public var highestSequence: Int
        /// Dies whose Adapter does modulo-(highest + 1) arithmetic, taking 0 as a sequence
        /// number (pitfall P6); the specification's ring is 1…highest, modulo highest.
        public var modulo256Dies: Set<Int>
        /// Flits the link holds in each direction (a FIFO: the link never reorders).
        public var linkSlots: Int

        public init(bufferDepth: Int, window: Int? = nil, highestSequence: Int, modulo256Dies: Set<Int> = [], linkSlots: Int = 1) {
            self.init(
                bufferDepths: [bufferDepth, bufferDepth], windows: [window ?? min(bufferDepth, 127), window ?? min(bufferDepth, 127)],
                highestSequence: highestSequence, modulo256Dies: modulo256Dies, linkSlots: linkSlots)
        }

        /// Sizes per die: `bufferDepths[die]`, `windows[die]`.
        public init(bufferDepths: [Int], windows: [Int], highestSequence: Int, modulo256Dies: Set<Int> = [], linkSlots: Int = 1) {
            self.bufferDepths = bufferDepths
            self.windows = windows
            self.highestSequence = highestSequence
            self.modulo256Dies = modulo256Dies
            self.linkSlots = linkSlots
        }

        /// The sans-IO configuration of `die`'s transmitter and receiver.
        public func configuration(die: Int) -> RetryConfiguration {
            RetryConfiguration(
                bufferDepth: UInt8(bufferDepths[die]),
                sequenceSpace: SequenceSpace(highest: UInt8(highestSequence), includesZero: modulo256Dies.contains(die)),
                maxUnacknowledged: UInt8(windows[die]))
        }
    }

    /// The link's virtual channels.
    public var channels: [Channel]
    /// The VC that carries requests (in both directions).
    public var requestVC: Int
    /// The VC that carries responses (completions without data, and snoop responses); equal to
    /// ``requestVC`` when they share one (pitfall P1).
    public var responseVC: Int
    /// The VC that carries data completions, or `nil` when the link has no data class. Without
    /// snoops a request is then answered either way (a response or data); with snoops, with data.
    public var dataVC: Int?
    /// The VC that carries snoops, or `nil` for a link without them. **[MODEL]** With snoops a
    /// transaction is a chain: the request; a snoop from the serving die back to the requesting
    /// die (a peer cache there, as a home snoops the other caches before it answers); the snoop
    /// response; the completion. Each step holds its buffer until the next step's credit is there.
    public var snoopVC: Int?
    /// Requests a die may have outstanding (sent, response not yet received).
    public var maxOutstanding: Int
    /// The dies that issue requests (both by default; the other die only answers).
    public var requesters: Set<Int>
    public var creditReturn: CreditReturn
    /// Seeded P2b: sending a dedicated credit-return flit also spends a credit of its VC.
    public var creditFlitConsumesCredit: Bool
    /// `nil`: retry off (the link is then lossless and ``faults`` must be 0).
    public var retry: Retry?
    /// How many flits the link may corrupt over a whole run (nondeterministically).
    public var faults: Int
    /// Whether a fault may also make a flit vanish without a trace (not a UCIe failure mode; see
    /// the adapter documentation). Corruption (a CRC error the receiver sees) is always possible.
    public var dropFaults: Bool

    public init(
        channels: [Channel], requestVC: Int, responseVC: Int, dataVC: Int? = nil, snoopVC: Int? = nil, maxOutstanding: Int,
        creditReturn: CreditReturn, creditFlitConsumesCredit: Bool = false, retry: Retry? = nil, faults: Int = 0,
        dropFaults: Bool = false, requesters: Set<Int> = [0, 1]
    ) {
        self.requesters = requesters
        self.channels = channels
        self.requestVC = requestVC
        self.responseVC = responseVC
        self.dataVC = dataVC
        self.snoopVC = snoopVC
        self.maxOutstanding = maxOutstanding
        self.creditReturn = creditReturn
        self.creditFlitConsumesCredit = creditFlitConsumesCredit
        self.retry = retry
        self.faults = faults
        self.dropFaults = dropFaults
    }

    /// Why the configuration cannot be built, or `nil`.
    public var problem: String? {
        if channels.isEmpty || channels.count > 8 { return "between 1 and 8 virtual channels are supported" }
        for vc in [requestVC, responseVC] + [dataVC, snoopVC].compactMap({ $0 }) where !channels.indices.contains(vc) {
            return "the VCs of the message classes must be among the \(channels.count) channels"
        }
        for c in channels {
            if c.credits.count != 2 || c.bufferDepth.count != 2 { return "every channel needs credits and a buffer for both directions" }
            if !(c.credits + c.bufferDepth).allSatisfy({ (1...7).contains($0) }) { return "credits and buffer depths must be in 1...7" }
        }
        if !(1...7).contains(maxOutstanding) { return "outstanding requests must be in 1...7" }
        if requesters.isEmpty || !requesters.isSubset(of: [0, 1]) { return "requesters must be die 0, die 1 or both" }
        if !(0...7).contains(faults) { return "the fault budget must be in 0...7" }
        if let r = retry {
            if !(2...15).contains(r.highestSequence) { return "the highest sequence number must be in 2...15" }
            if r.bufferDepths.count != 2 || r.windows.count != 2 { return "retry needs a buffer and a window for both dies" }
            if !r.bufferDepths.allSatisfy({ (1...8).contains($0) }) { return "the retry buffer must hold 1...8 flits" }
            if !r.windows.allSatisfy({ $0 >= 1 && $0 < r.highestSequence }) { return "the retry window must be in 1...\(r.highestSequence - 1)" }
            if !(1...3).contains(r.linkSlots) { return "the link must hold 1...3 flits per direction" }
            if !r.modulo256Dies.isSubset(of: [0, 1]) { return "modulo-256 dies must be 0 or 1" }
        } else if faults > 0 {
            return "faults need retry: without it a corrupted flit is simply lost"
        }
        return nil
    }

}
