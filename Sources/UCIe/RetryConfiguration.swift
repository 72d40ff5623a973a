/// Static parameters of the go-back-N retry engines (UCIe 3.0 §3.8).
///
/// Kept outside the mutable counters on purpose: a configuration is the same for every state of
/// a model, so it can be dropped when states are packed.
public struct RetryConfiguration: Hashable, Sendable {
    /// The sequence-number ring.
    public var sequenceSpace: SequenceSpace
    /// Flits the Tx retry buffer can hold (`RETRY_BUFFER_FLITS`). **[MODEL]** Explicit-state
    /// runs use 2–8; the specification only caps the window at 127.
    public var bufferDepth: UInt8
    /// `MAX_UNACKNOWLEDGED_FLITS`: the specification requires min(bufferDepth, 127) (R10).
    /// Setting it to bufferDepth + 1 seeds pitfall P5; setting it to half the ring or more
    /// seeds pitfall P6.
    public var maxUnacknowledged: UInt8
    /// Replay Schedule Rule 0 fires when `REPLAY_TIMEOUT_FLIT_COUNT` reaches this (375, R4).
    public var replayTimeout: UInt16
    /// Replays allowed without forward progress before the Adapter asks for Retrain (R5).
    /// **[M]** 3, from the PCIe two-bit `REPLAY_NUM` that requests retraining when it rolls over
    /// on the fourth replay.
    public var replayLimit: UInt8

    /// A configuration; `maxUnacknowledged` defaults to the specification's min(bufferDepth, 127).
    ///
    /// - Precondition: `bufferDepth >= 1`, `maxUnacknowledged >= 1`, and the window smaller
    ///   than the ring (a wider window could not be represented at all).
    public init(
        bufferDepth: UInt8, sequenceSpace: SequenceSpace = .standard, maxUnacknowledged: UInt8? = nil,
        replayTimeout: UInt16 = 375, replayLimit: UInt8 = 3
    ) {
        let window = maxUnacknowledged ?? min(bufferDepth, 127)
        precondition(bufferDepth >= 1 && window >= 1, "retry needs a buffer and a window")
        precondition(Int(window) < sequenceSpace.size, "the window must be smaller than the sequence ring")
        self.sequenceSpace = sequenceSpace
        self.bufferDepth = bufferDepth
        self.maxUnacknowledged = window
        self.replayTimeout = replayTimeout
        self.replayLimit = replayLimit
    }

    /// Whether the configuration obeys R3 and R10: a 1…highest ring without 0, a window no larger
    /// than the buffer, at most 127, and less than half the ring (so old and new Acks cannot alias).
    public var isSpecificationCompliant: Bool {
        !sequenceSpace.includesZero
            && maxUnacknowledged <= bufferDepth
            && maxUnacknowledged <= 127
            && Int(maxUnacknowledged) <= sequenceSpace.halfRange
    }
}
