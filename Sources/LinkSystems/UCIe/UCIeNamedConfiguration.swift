import UCIe

/// The named configurations of the adapter model: each seeded pitfall of the reference
/// catalogue (Documentation/Protocols/UCIe/README.md, Named configurations) next to its fix.
public enum UCIeNamedConfiguration: String, CaseIterable, Sendable {
    /// P1: requests and responses share one VC with 1-entry buffers → deadlock.
    case p1
    /// P1 with 2-entry buffers: a response queues behind a request → "responses always drain".
    case p1HeadOfLine = "p1-hol"
    /// P1's fix: requests and responses on their own VCs.
    case p1Fix = "p1-fix"
    /// P2b: the dedicated credit-return flit (a NOP.Crd) spends a credit → credit leak.
    case p2b
    /// P2b's fix: credit-return flits spend nothing; here carried by the Adapter's retry.
    case p2bFix = "p2b-fix"
    /// P3: credits go back only piggy-backed on messages of the same VC → deadlock.
    case p3
    /// P3's fix: piggy-back when traffic flows, dedicated credit flits otherwise.
    case p3Fix = "p3-fix"
    /// P5: retry window one larger than the retry buffer → a replay resends the wrong flit.
    case p5
    /// P5's fix: window = buffer depth (R10).
    case p5Fix = "p5-fix"
    /// P6: die 0's Adapter does modulo-256 arithmetic (0 is a sequence number), die 1 follows
    /// the specification's 1…255 ring.
    case p6
    /// P6 variant: a window at or above half the sequence ring (on an in-order link).
    case p6Window = "p6-window"
    /// P6's fix: both dies on the specification's ring, window below half of it.
    case p6Fix = "p6-fix"
    /// A CXL.mem-like link: M2S Req / S2M NDR and S2M BISnp / M2S BIRsp, with retry and one fault.
    case cxl

    /// Whether the configuration seeds a bug the checker must find. `p6-window` seeds the
    /// pitfall's configuration but holds on this in-order link (a finding), so it is not listed.
    public var isSeededBug: Bool { [.p1, .p1HeadOfLine, .p2b, .p3, .p5, .p6].contains(self) }

    public var summary: String {
        switch self {
        case .p1: "P1: requests and responses share one VC (1-entry buffers): message-dependent deadlock"
        case .p1HeadOfLine: "P1 with 2-entry buffers: a response waits behind a request in the shared VC"
        case .p1Fix: "P1 fixed: requests on VC0, responses on VC1"
        case .p2b: "P2b: the dedicated credit-return flit (NOP.Crd) spends a credit of its VC: credit leak"
        case .p2bFix: "P2b fixed: credit-return flits spend nothing, carried by Adapter retry over a faulty link"
        case .p3: "P3: credits return only piggy-backed on messages of their VC: deadlock"
        case .p3Fix: "P3 fixed: piggy-backed when traffic flows, a dedicated credit flit otherwise"
        case .p5: "P5: retry window = retry buffer + 1: a replay resends an overwritten slot"
        case .p5Fix: "P5 fixed: retry window = retry buffer depth"
        case .p6: "P6: die0's Adapter wraps its sequence numbers modulo 256 (0 valid), die1 follows the 1..255 ring"
        case .p6Window: "P6 variant: retry window at or above half the sequence ring"
        case .p6Fix: "P6 fixed: both Adapters on the 1..highest ring, window below half of it"
        case .cxl: "CXL.mem-like: M2S Req/S2M NDR and S2M BISnp/M2S BIRsp, retry over a link with one fault"
        }
    }

    /// Streaming VCs: VC0 requests, VC1 responses (or one shared VC0).
    static func streaming(shared: Bool, credits: Int, buffer: Int? = nil) -> [UCIeAdapterConfiguration.Channel] {
        if shared {
            let vc = VirtualChannel.streaming(index: 0, drainClass: .request)
            return [.init(d0ToD1: vc, d1ToD0: vc, credits: credits, bufferDepth: buffer)]
        }
        let req = VirtualChannel.streaming(index: 0, drainClass: .request)
        let rsp = VirtualChannel.streaming(index: 1, drainClass: .response)
        return [
            .init(d0ToD1: req, d1ToD0: req, credits: credits, bufferDepth: buffer),
            .init(d0ToD1: rsp, d1ToD0: rsp, credits: credits, bufferDepth: buffer),
        ]
    }

    /// CXL.mem with back-invalidation: die 0 is the host, die 1 the device. VC0 carries
    /// requests (M2S Req host→device, S2M BISnp device→host), VC1 responses (M2S BIRsp,
    /// S2M NDR).
    static func cxlMem(credits: Int) -> [UCIeAdapterConfiguration.Channel] {
        cxlMemChannels.map {
            var channel = $0
            channel.credits = [credits, credits]
            channel.bufferDepth = [credits, credits]
            return channel
        }
    }

    /// The two CXL.mem channels (one credit each way), for a caller that sizes them itself.
    public static var cxlMemChannels: [UCIeAdapterConfiguration.Channel] {
        [
            .init(d0ToD1: .cxl(.m2sRequest), d1ToD0: .cxl(.s2mBackInvalidateSnoop), credits: 1),
            .init(d0ToD1: .cxl(.m2sBackInvalidateResponse), d1ToD0: .cxl(.s2mNoDataResponse), credits: 1),
        ]
    }

    public var configuration: UCIeAdapterConfiguration {
        switch self {
        case .p1:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: true, credits: 1), requestVC: 0, responseVC: 0, maxOutstanding: 1,
                creditReturn: .dedicated)
        case .p1HeadOfLine:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: true, credits: 2), requestVC: 0, responseVC: 0, maxOutstanding: 2,
                creditReturn: .dedicated)
        case .p1Fix:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 2), requestVC: 0, responseVC: 1, maxOutstanding: 2,
                creditReturn: .dedicated)
        case .p2b:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 2), requestVC: 0, responseVC: 1, maxOutstanding: 2,
                creditReturn: .dedicated, creditFlitConsumesCredit: true)
        case .p2bFix:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1,
                creditReturn: .dedicated, retry: .init(bufferDepth: 1, highestSequence: 3), faults: 1, requesters: [0])
        case .p3:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 2), requestVC: 0, responseVC: 1, maxOutstanding: 2,
                creditReturn: .piggyback)
        case .p3Fix:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 2), requestVC: 0, responseVC: 1, maxOutstanding: 2,
                creditReturn: .both)
        case .p5:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1,
                creditReturn: .dedicated, retry: .init(bufferDepth: 1, window: 2, highestSequence: 5), faults: 1,
                requesters: [0])
        case .p5Fix:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1,
                creditReturn: .dedicated, retry: .init(bufferDepth: 1, highestSequence: 5), faults: 1, requesters: [0])
        case .p6:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1,
                creditReturn: .dedicated, retry: .init(bufferDepth: 1, highestSequence: 3, modulo256Dies: [0]),
                requesters: [0])
        case .p6Window:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1,
                creditReturn: .dedicated, retry: .init(bufferDepth: 2, highestSequence: 3), faults: 1, requesters: [0])
        case .p6Fix:
            UCIeAdapterConfiguration(
                channels: Self.streaming(shared: false, credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1,
                creditReturn: .dedicated, retry: .init(bufferDepth: 1, highestSequence: 3), requesters: [0])
        case .cxl:
            UCIeAdapterConfiguration(
                channels: Self.cxlMem(credits: 1), requestVC: 0, responseVC: 1, maxOutstanding: 1, creditReturn: .both,
                retry: .init(bufferDepth: 1, highestSequence: 3), faults: 1)
        }
    }
}
