import IPXACT

/// A `ucie:d2d` link as a run of the `ucie-adapter` model.
///
/// Each end of a link describes its own receiver (the credits it grants, the buffers behind
/// them) and its own transmitter's retry buffer; the master end is the model's `die0`.
///
/// **Workload bound.** Each die issues at most `maxOutstandingPerAgent` requests (`cv:workload`,
/// default 2) and each request needs one response, so at most that many requests, and that many
/// responses, ever occupy a virtual channel in one direction at once (twice that on a channel
/// carrying both). A sender blocks on credits only while fewer credits are free than messages it
/// can still send; with credits above the bound it never blocks on them except while freed
/// credits wait to be returned, and a credit return is always enabled then, so no stuck state
/// depends on the count. Credits above `bound + 1` are therefore modelled as `bound + 1`: the
/// same deadlocks, violations and traps, in a far smaller state space. The same holds for the
/// retry buffer: no more flits than messages can be unacknowledged in one direction.
enum UCIeLinkMapping {
    /// The largest credit count and buffer the model takes.
    static let modelLimit = 7

    static func plan(_ link: ResolvedInterconnection, in design: ResolvedDesign) -> Result<LinkPlan, MappingProblem> {
        guard let (master, slave) = DesignPlanner.ends(link, in: design) else {
            return .failure(MappingProblem(location: link.location, message: "\(link) names an unknown interface", suggestion: nil))
        }
        let (m, s) = (master.1, slave.1)
        let mName = "\(master.0.name).\(m.name)"
        let sName = "\(slave.0.name).\(s.name)"
        func fail(_ message: String, _ suggestion: String? = nil, at location: SourceLocation? = nil) -> Result<LinkPlan, MappingProblem> {
            .failure(MappingProblem(location: location ?? link.location, message: "\(link): " + message, suggestion: suggestion))
        }
        var notes: [String] = []

        // Which virtual channel carries requests and which responses (the master's cv:vcMap).
        let vcCount = m.integer("VC_COUNT") ?? 1
        var requestVC = m.vcMap.first { $0.classes.contains("REQ") }?.index ?? 0
        var responseVC = m.vcMap.first { $0.classes.contains("RSP") }?.index ?? (vcCount >= 2 ? 1 : 0)
        if m.vcMap.isEmpty { notes.append("no cv:vcMap on \(mName): requests on VC\(requestVC), responses on VC\(responseVC)") }
        requestVC = min(requestVC, vcCount - 1)
        responseVC = min(responseVC, vcCount - 1)
        let shared = requestVC == responseVC
        let channelNames = shared ? "VC\(requestVC) (requests and responses)" : "VC\(requestVC) (requests), VC\(responseVC) (responses)"

        // Workload.
        let outstanding = design.verification?.workloadMaxOutstandingPerAgent ?? 2
        guard (1...7).contains(outstanding) else {
            return fail(
                "cv:workload maxOutstandingPerAgent=\(outstanding); the model takes 1...7 outstanding requests per die",
                "lower maxOutstandingPerAgent in the design configuration", at: design.verification?.location)
        }
        let bound = shared ? 2 * outstanding : outstanding
        let cap = bound + 1

        // Credits and buffers, per direction: the receiving end's.
        func credits(of end: ResolvedBusInterface, vc: Int) -> Int? { end.integer("VC\(vc)_CREDITS") ?? end.integer("CREDITS_PER_VC") }
        var effective: Set<Int> = []
        for (receiver, name) in [(s, sName), (m, mName)] {
            for vc in Set([requestVC, responseVC]).sorted() {
                guard let c = credits(of: receiver, vc: vc), c >= 1 else {
                    return fail("\(name) grants no credits on VC\(vc)", "set CREDITS_PER_VC on \(name)")
                }
                let buffer = receiver.integer("RX_BUFFER_DEPTH") ?? c
                let modelled = min(min(c, buffer), cap)
                if modelled > modelLimit {
                    return fail(
                        "\(name) VC\(vc): \(c) credits with up to \(bound) messages in flight needs \(modelled) modelled credits; the model takes at most \(modelLimit)",
                        "lower cv:workload maxOutstandingPerAgent", at: receiver.location(of: "CREDITS_PER_VC"))
                }
                if c > modelled { notes.append("\(name) VC\(vc): \(c) credits modelled as \(modelled) (at most \(bound) messages ever occupy it)") }
                effective.insert(modelled)
            }
        }
        guard effective.count == 1, let modelledCredits = effective.first else {
            return fail(
                "after the workload bound the two ends grant different credits (\(effective.sorted().map(String.init).joined(separator: ", "))); the model gives every VC of the link the same count",
                "give both ends the same CREDITS_PER_VC and RX_BUFFER_DEPTH, or raise them above the workload bound")
        }

        // How credits come back, and the seeded credit-flit defect.
        let returns = Set([m.string("CREDIT_RETURN") ?? "both", s.string("CREDIT_RETURN") ?? "both"])
        guard returns.count == 1, let creditReturn = returns.first, ["dedicated", "piggyback", "both"].contains(creditReturn) else {
            return fail("the ends return credits differently (\(returns.sorted().joined(separator: ", "))); the model takes one CREDIT_RETURN per link")
        }
        let creditFlitCosts = (m.integer("CREDIT_FLIT_CONSUMES_CREDIT") ?? 0) != 0 || (s.integer("CREDIT_FLIT_CONSUMES_CREDIT") ?? 0) != 0

        let requesters = design.configurationParameters.first { $0.name == "REQUESTERS" }?.value.stringValue ?? "both"
        guard ["both", "master"].contains(requesters) else {
            return fail("REQUESTERS=\"\(requesters)\"; expected \"both\" or \"master\"", nil, at: design.configurationParameters.first { $0.name == "REQUESTERS" }?.provenance.location)
        }
        if requesters == "master" { notes.append("only \(mName) issues requests (REQUESTERS); \(sName) answers") }
        // CXL names its channels per message class and never puts both on one VC; a VC that
        // carries requests and responses together is modelled as a streaming VC.
        let cxl = (m.string("PROTOCOL") ?? "streaming") == "cxl" && !shared
        var parameters: [(String, String)] = [
            ("config", "p1-fix"), ("requesters", requesters == "both" ? "both" : "die0"), ("outstanding", String(outstanding)),
            ("mapping", shared ? "shared" : "split"), ("classes", cxl ? "cxl" : "streaming"),
            ("credits", String(modelledCredits)), ("buffer", String(modelledCredits)),
            ("credit-return", creditReturn), ("credit-flit-costs", creditFlitCosts ? "on" : "off"),
        ]

        // Retry. Without faults a go-back-N link delivers every flit once and in order, and a
        // transmitter waiting for Acks waits only for the peer's Adapter, which never waits on
        // the protocol layer: the link then behaves as a lossless one, and is modelled as such
        // unless the design asks for faults (FAULT_BUDGET) or an end has a retry defect.
        let retryEnabled = (m.integer("RETRY_ENABLE") ?? 1) != 0 && (s.integer("RETRY_ENABLE") ?? 1) != 0
        let faults = design.configurationParameters.first { $0.name == "FAULT_BUDGET" }?.value.integerValue ?? 0
        let retryDefect = [m, s].contains { end in
            (end.integer("SEQ_MODULO_256") ?? 0) != 0
                || (end.integer("UNACKED_FLIT_LIMIT") ?? 0) > (end.integer("RETRY_BUFFER_FLITS") ?? 64)
        }
        let retry = retryEnabled && (faults > 0 || retryDefect)
        if retryEnabled && !retry {
            notes.append("retry on, FAULT_BUDGET 0: the link never loses a flit, so it is modelled as a lossless link (set FAULT_BUDGET in the design configuration to explore faults)")
        }
        if retry {
            let depths = [m.integer("RETRY_BUFFER_FLITS") ?? 64, s.integer("RETRY_BUFFER_FLITS") ?? 64]
            // Unacknowledged flits in one direction are messages of that direction.
            let flitBound = min(2 * outstanding, 8)
            let depth = min(depths.min()!, flitBound)
            if depths.min()! > depth { notes.append("retry buffers of \(depths.min()!) flits modelled as \(depth) (at most \(2 * outstanding) messages in flight per direction)") }
            let windows = [(m, depths[0]), (s, depths[1])].map { end, d in
                let declared = end.integer("UNACKED_FLIT_LIMIT") ?? 0
                return declared == 0 ? min(d, 127) : declared
            }
            let oversized = zip(windows, depths).contains { $0 > $1 }
            let window = oversized ? depth + 1 : min(depth, 127)
            if oversized { notes.append("an end lets more flits go unacknowledged than its retry buffer holds (UNACKED_FLIT_LIMIT > RETRY_BUFFER_FLITS)") }
            let highest = min(15, 2 * window + 1)
            let modulo = [(m, "die0"), (s, "die1")].filter { ($0.0.integer("SEQ_MODULO_256") ?? 0) != 0 }.map(\.1)
            parameters += [
                ("retry", "on"), ("retry-buffer", String(depth)), ("window", String(window)), ("seq-max", String(highest)),
                ("modulo256", modulo.count == 2 ? "both" : (modulo.first ?? "none")), ("faults", String(faults)), ("link-slots", "1"),
            ]
            notes.append("sequence numbers modelled on the ring 1...\(highest) with a window of \(window) (the specification's ring is 1...255; what matters is the window against half the ring)")
            if faults > 0 { notes.append("the link may corrupt \(faults) flit\(faults == 1 ? "" : "s") over a run (FAULT_BUDGET)") }
        } else {
            if faults > 0 { return fail("FAULT_BUDGET=\(faults) without retry: a corrupted flit would simply be lost", "set RETRY_ENABLE=1 or FAULT_BUDGET=0") }
            parameters.append(("retry", "off"))
        }
        notes.insert("channels: \(channelNames); \(outstanding) outstanding request\(outstanding == 1 ? "" : "s") per die (cv:workload)", at: 0)
        return .success(
            LinkPlan(
                link: "\(mName) — \(sName)", location: link.location, model: "ucie-adapter", parameters: parameters,
                names: ["die0": mName, "die1": sName], notes: notes))
    }
}
