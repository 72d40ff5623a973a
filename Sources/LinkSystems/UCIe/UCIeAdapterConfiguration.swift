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
    public struct Channel: Hashable, Sendable {
        /// What the channel is called on the die 0 → die 1 direction.
        public var d0ToD1: VirtualChannel
        /// What the channel is called on the die 1 → die 0 direction.
        public var d1ToD0: VirtualChannel
        /// Credits the sender starts with (advertised by the receiver).
        public var credits: Int
        /// The receiver's buffer for this VC. Credits above it can overflow the buffer.
        public var bufferDepth: Int

        public init(d0ToD1: VirtualChannel, d1ToD0: VirtualChannel, credits: Int, bufferDepth: Int? = nil) {
            self.d0ToD1 = d0ToD1
            self.d1ToD0 = d1ToD0
            self.credits = credits
            self.bufferDepth = bufferDepth ?? credits
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
        /// Retry-buffer flits (`RETRY_BUFFER_FLITS`).
        public var bufferDepth: Int
        /// `MAX_UNACKNOWLEDGED_FLITS`: min(bufferDepth, 127) by the specification (R10);
        /// `bufferDepth + 1` seeds P5.
        public var window: Int
        /// The largest sequence number: 255 by the specification; 3…15 in models so the ring wraps.
        public var highestSequence: Int
        /// Dies whose Adapter does modulo-(highest + 1) arithmetic, taking 0 as a sequence
        /// number (pitfall P6); the specification's ring is 1…highest, modulo highest.
        public var modulo256Dies: Set<Int>
        /// Flits the link holds in each direction (a FIFO: the link never reorders).
        public var linkSlots: Int

        public init(bufferDepth: Int, window: Int? = nil, highestSequence: Int, modulo256Dies: Set<Int> = [], linkSlots: Int = 1) {
            self.bufferDepth = bufferDepth
            self.window = window ?? min(bufferDepth, 127)
            self.highestSequence = highestSequence
            self.modulo256Dies = modulo256Dies
            self.linkSlots = linkSlots
        }

        /// The sans-IO configuration of `die`'s transmitter and receiver.
        public func configuration(die: Int) -> RetryConfiguration {
            RetryConfiguration(
                bufferDepth: UInt8(bufferDepth),
                sequenceSpace: SequenceSpace(highest: UInt8(highestSequence), includesZero: modulo256Dies.contains(die)),
                maxUnacknowledged: UInt8(window))
        }
    }

    /// The link's virtual channels.
    public var channels: [Channel]
    /// The VC that carries requests (in both directions).
    public var requestVC: Int
    /// The VC that carries responses; equal to ``requestVC`` when they share one (pitfall P1).
    public var responseVC: Int
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
        channels: [Channel], requestVC: Int, responseVC: Int, maxOutstanding: Int, creditReturn: CreditReturn,
        creditFlitConsumesCredit: Bool = false, retry: Retry? = nil, faults: Int = 0, dropFaults: Bool = false,
        requesters: Set<Int> = [0, 1]
    ) {
        self.requesters = requesters
        self.channels = channels
        self.requestVC = requestVC
        self.responseVC = responseVC
        self.maxOutstanding = maxOutstanding
        self.creditReturn = creditReturn
        self.creditFlitConsumesCredit = creditFlitConsumesCredit
        self.retry = retry
        self.faults = faults
        self.dropFaults = dropFaults
    }

    /// Why the configuration cannot be built, or `nil`.
    public var problem: String? {
        if channels.isEmpty || channels.count > 4 { return "between 1 and 4 virtual channels are supported" }
        if !channels.indices.contains(requestVC) || !channels.indices.contains(responseVC) {
            return "the request and response VCs must be among the \(channels.count) channels"
        }
        for c in channels where !(1...7).contains(c.credits) || !(1...7).contains(c.bufferDepth) {
            return "credits and buffer depths must be in 1...7"
        }
        if !(1...7).contains(maxOutstanding) { return "outstanding requests must be in 1...7" }
        if requesters.isEmpty || !requesters.isSubset(of: [0, 1]) { return "requesters must be die 0, die 1 or both" }
        if !(0...7).contains(faults) { return "the fault budget must be in 0...7" }
        if let r = retry {
            if !(2...15).contains(r.highestSequence) { return "the highest sequence number must be in 2...15" }
            if !(1...8).contains(r.bufferDepth) { return "the retry buffer must hold 1...8 flits" }
            if r.window < 1 || r.window >= r.highestSequence { return "the retry window must be in 1...\(r.highestSequence - 1)" }
            if !(1...3).contains(r.linkSlots) { return "the link must hold 1...3 flits per direction" }
            if !r.modulo256Dies.isSubset(of: [0, 1]) { return "modulo-256 dies must be 0 or 1" }
        } else if faults > 0 {
            return "faults need retry: without it a corrupted flit is simply lost"
        }
        return nil
    }

    /// The channel that carries a die's message class.
    func vc(for response: Bool) -> Int { response ? responseVC : requestVC }
}
