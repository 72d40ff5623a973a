import Catalog
import StateSpace
import UCIe

/// The models the link-systems module contributes to `chipcheck check --model`.
public enum UCIeCatalog {
    public static let entries: [CatalogEntry] = [adapter]

    /// Parameters that override the named configuration; "default" keeps its value.
    static let overrides: [(name: String, accepted: String, summary: String)] = [
        ("credits", "1...7", "credits per VC (also the receive-buffer depth unless buffer= is given)"),
        ("buffer", "1...7", "receive-buffer depth per VC"),
        ("outstanding", "1...7", "requests a die may have outstanding"),
        ("requesters", "both|die0", "dies that issue requests (the other only answers)"),
        ("mapping", "split|shared", "requests and responses on their own VCs, or sharing one (P1)"),
        ("classes", "streaming|cxl", "VC names: streaming VCs, or CXL.mem M2S Req/BIRsp and S2M BISnp/NDR"),
        ("credit-return", "dedicated|piggyback|both", "how freed buffers go back as credits (piggyback only: P3)"),
        ("credit-flit-costs", "off|on", "a dedicated credit-return flit spends a credit (P2b)"),
        ("retry", "off|on", "Adapter go-back-N retry"),
        ("retry-buffer", "1...8", "retry-buffer depth in flits"),
        ("window", "1...14", "MAX_UNACKNOWLEDGED_FLITS (retry-buffer + 1: P5)"),
        ("seq-max", "2...15", "highest sequence number (255 in the specification)"),
        ("modulo256", "none|die0|die1|both", "dies whose Adapter wraps sequence numbers modulo 256 (P6)"),
        ("faults", "0...7", "flits the link may corrupt over a run (needs retry)"),
        ("drop", "off|on", "faults may also make a flit vanish (not a UCIe failure mode)"),
        ("link-slots", "1...3", "flits in flight per direction (with retry)"),
    ]

    static let adapter = CatalogEntry(
        name: "ucie-adapter",
        summary: "UCIe die-to-die adapter between two dies: credited VCs, request/response traffic, CRC and go-back-N retry",
        parameters: [
            ModelParameter(
                name: "config", defaultValue: UCIeNamedConfiguration.cxl.rawValue,
                accepted: UCIeNamedConfiguration.allCases.map(\.rawValue).joined(separator: "|"),
                summary: "a named configuration (seeded pitfall or its fix); the parameters below override it")
        ] + overrides.map { ModelParameter(name: $0.name, defaultValue: "default", accepted: $0.accepted, summary: $0.summary) },
        seededBugs: UCIeNamedConfiguration.allCases.filter(\.isSeededBug).map(\.rawValue),
        make: { args throws(ModelParameterError) in
            let configuration = try build(args)
            if let problem = configuration.problem {
                throw ModelParameterError(message: "model 'ucie-adapter': \(problem)")
            }
            return AnyTransitionSystem(UCIeAdapterSystem(configuration))
        })

    /// The configuration the arguments describe: the named one, then each override.
    static func build(_ args: ModelArguments) throws(ModelParameterError) -> UCIeAdapterConfiguration {
        let named = UCIeNamedConfiguration(
            rawValue: try args.choice("config", UCIeNamedConfiguration.allCases.map(\.rawValue)))!
        var c = named.configuration
        func int(_ name: String, _ range: ClosedRange<Int>) throws(ModelParameterError) -> Int? {
            let raw = try args.choice(name, ["default"] + range.map(String.init))
            return raw == "default" ? nil : Int(raw)!
        }
        func choice(_ name: String, _ options: [String]) throws(ModelParameterError) -> String? {
            let raw = try args.choice(name, ["default"] + options)
            return raw == "default" ? nil : raw
        }
        let mapping = try choice("mapping", ["split", "shared"])
        let shared = mapping.map { $0 == "shared" } ?? (c.requestVC == c.responseVC)
        let classes = try choice("classes", ["streaming", "cxl"])
        let cxl = classes.map { $0 == "cxl" } ?? (named == .cxl)
        let creditOverride = try int("credits", 1...7)
        let creditCount = creditOverride ?? c.channels[0].credits[0]
        let bufferOverride = try int("buffer", 1...7)
        let buffer = bufferOverride ?? (creditOverride == nil ? c.channels[0].bufferDepth[0] : creditCount)
        if cxl && shared {
            throw ModelParameterError(message: "model 'ucie-adapter': CXL channels never share a VC; use classes=streaming")
        }
        var channels =
            cxl ? UCIeNamedConfiguration.cxlMem(credits: creditCount) : UCIeNamedConfiguration.streaming(shared: shared, credits: creditCount)
        for i in channels.indices { channels[i].bufferDepth = [buffer, buffer] }
        c.channels = channels
        c.requestVC = 0
        c.responseVC = shared ? 0 : 1
        if let m = try int("outstanding", 1...7) { c.maxOutstanding = m }
        if let r = try choice("requesters", ["both", "die0"]) { c.requesters = r == "both" ? [0, 1] : [0] }
        if let r = try choice("credit-return", UCIeAdapterConfiguration.CreditReturn.allCases.map(\.rawValue)) {
            c.creditReturn = UCIeAdapterConfiguration.CreditReturn(rawValue: r)!
        }
        if let x = try choice("credit-flit-costs", ["off", "on"]) { c.creditFlitConsumesCredit = x == "on" }
        if let x = try choice("retry", ["off", "on"]) {
            c.retry = x == "off" ? nil : (c.retry ?? .init(bufferDepth: 2, highestSequence: 5))
        }
        let depth = try int("retry-buffer", 1...8)
        let window = try int("window", 1...14)
        let highest = try int("seq-max", 2...15)
        let modulo = try choice("modulo256", ["none", "die0", "die1", "both"])
        let slots = try int("link-slots", 1...3)
        if var r = c.retry {
            if let d = depth {
                r.bufferDepth = d
                if window == nil { r.window = min(d, 127) }
            }
            if let w = window { r.window = w }
            if let h = highest { r.highestSequence = h }
            if let m = modulo { r.modulo256Dies = ["none": [], "die0": [0], "die1": [1], "both": [0, 1]][m]! }
            if let l = slots { r.linkSlots = l }
            c.retry = r
        } else if depth != nil || window != nil || highest != nil || modulo != nil || slots != nil {
            throw ModelParameterError(message: "model 'ucie-adapter': retry parameters need retry=on")
        }
        if let f = try int("faults", 0...7) { c.faults = f }
        if let x = try choice("drop", ["off", "on"]) { c.dropFaults = x == "on" }
        return c
    }
}
