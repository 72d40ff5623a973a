import IPXACT
import LinkSystems
import StateSpace
import UCIe

/// A `ucie:d2d` link as a run of the UCIe adapter model, built as a typed
/// ``UCIeAdapterConfiguration`` straight from the descriptor.
///
/// Each end of a link describes its own receiver (the credits it grants, the buffers behind
/// them) and its own transmitter's retry buffer; the master end is the model's `die0`. So the
/// credits die 0 sends with on a VC are the slave's grant, and the other way round: two ends
/// granting different credits give the two directions different sizes.
///
/// **Message classes.** `cv:vcMap` places REQ, RSP, SNP and DAT on VCs (both ends' maps must
/// agree; one end may leave it out). REQ and RSP are needed; with SNP a transaction snoops the
/// requesting die before it completes, with DAT completions carry data (see
/// ``UCIeAdapterConfiguration``). Without a map, requests ride VC0 and responses VC1 (VC0 when
/// the link has one VC). A class the model does not know (STREAM) is refused.
///
/// **Workload bound.** Each die issues at most `maxOutstandingPerAgent` requests, and a
/// transaction has one message in flight at a time (request, snoop, snoop response, completion
/// follow each other), so VC `v` holds in one direction at most `min(k × outstanding, T)`
/// messages, `k` the classes on `v` and `T` the transactions of both requesters. A sender
/// blocks on credits only while fewer credits are free than messages it can still send; with
/// credits above the bound it never blocks on them except while freed credits wait to be
/// returned, and a credit return is always enabled then, so no stuck state depends on the count.
/// Credits above `bound + 1` are therefore modelled as `bound + 1`. `UCIeLinkMappingTests`
/// compares this with the unclamped model on every small case.
///
/// **Retry buffer.** A transmitter's unacknowledged flits are messages in flight in its
/// direction plus, with dedicated credit-return flits, at most one such flit per credit of each
/// VC it returns. A buffer and window above that bound `B` are never full: they are modelled as
/// `B + 1`, which is never reached either. Below it they are modelled as declared.
enum UCIeLinkMapping {
    /// The largest credit count and receive buffer the model takes.
    static let modelLimit = 7
    /// The largest retry window the model takes: the sequence ring is at most 15, and a window
    /// must stay below half of it (UCIe §3.8).
    static let windowLimit = 7
    static let knownClasses = ["REQ", "RSP", "SNP", "DAT"]

    /// Where each class travels, and the VCs the model needs.
    struct ClassMap {
        var request: Int
        var response: Int
        var snoop: Int?
        var data: Int?
        /// `[vc]`: the classes on it, as the descriptor names them.
        var names: [[String]]
        var vcCount: Int { names.count }
    }

    static func plan(_ link: ResolvedInterconnection, in design: ResolvedDesign) -> Result<LinkPlan, MappingProblem> {
        guard let (master, slave) = DesignPlanner.ends(link, in: design) else {
            return .failure(MappingProblem(location: link.location, message: "\(link) names an unknown interface", suggestion: nil))
        }
        let (m, s) = (master.1, slave.1)
        let ends = [m, s]
        let endNames = ["\(master.0.name).\(m.name)", "\(slave.0.name).\(s.name)"]
        let (mName, sName) = (endNames[0], endNames[1])
        func fail(_ message: String, _ suggestion: String? = nil, at location: SourceLocation? = nil) -> Result<LinkPlan, MappingProblem> {
            .failure(MappingProblem(location: location ?? link.location, message: "\(link): " + message, suggestion: suggestion))
        }
        var notes: [String] = []
        // What a verdict on this link leaves out, said with the verdict.
        var notExplored: [String] = []
        let userParameters = ends.enumerated().flatMap { i, end in
            end.parameters.filter { ConventionRules.isUserParameter($0.name) }.map { "\(endNames[i]).\($0.name)" }
        }
        if !userParameters.isEmpty { notes.append("ignored as the user's own: \(userParameters.joined(separator: ", "))") }

        // Message classes on VCs.
        let map: ClassMap
        switch classMap(m, s, names: endNames) {
        case .success(let found): map = found
        case .failure(let problem): return .failure(MappingProblem(location: problem.location, message: "\(link): " + problem.message, suggestion: problem.suggestion))
        }
        let declaredVCs = m.integer("VC_COUNT") ?? 1
        if m.vcMap.isEmpty && s.vcMap.isEmpty {
            notes.append("no cv:vcMap: requests on VC\(map.request), responses on VC\(map.response)")
        }
        if declaredVCs > map.vcCount {
            notes.append("VC\(map.vcCount)...VC\(declaredVCs - 1) carry no message class and are not modelled")
        }

        // Workload.
        let outstanding: Int
        switch RunSettings.maxOutstanding(in: design) {
        case .success(let value): outstanding = value
        case .failure(let problem): return .failure(problem)
        }
        guard (1...7).contains(outstanding) else {
            let source = design.verification?.workloadMaxOutstandingPerAgent != nil ? "cv:workload maxOutstandingPerAgent" : "MAX_OUTSTANDING_PER_AGENT"
            return fail(
                "\(source)=\(outstanding); the model takes 1...7 outstanding requests per die",
                "lower it in the design configuration", at: design.verification?.location)
        }
        let requestersParameter = design.configurationParameters.first { $0.name == "REQUESTERS" }
        let requesters = requestersParameter?.value.stringValue ?? "both"
        guard ["both", "master"].contains(requesters) else {
            return fail("REQUESTERS=\"\(requesters)\"; expected \"both\" or \"master\"", nil, at: requestersParameter?.provenance.location)
        }
        if requesters == "master" { notes.append("only \(mName) issues requests (REQUESTERS); \(sName) answers") }
        let transactions = outstanding * (requesters == "both" ? 2 : 1)
        func bound(_ vc: Int) -> Int {
            var kinds = map.names[vc].count
            // With snoops and no data class, RSP carries both snoop responses and completions.
            if map.snoop != nil && map.data == nil && vc == map.response { kinds += 1 }
            return min(kinds * outstanding, transactions)
        }

        // Credits and buffers, per direction: the receiving end's.
        var channels: [UCIeAdapterConfiguration.Channel] = []
        for vc in 0..<map.vcCount {
            var credits = [0, 0]
            for sender in 0..<2 {
                let receiver = ends[1 - sender]
                let name = endNames[1 - sender]
                let parameter = receiver.parameters.first { $0.name == "VC\(vc)_CREDITS" } ?? receiver.parameters.first { $0.name == "CREDITS_PER_VC" }
                guard let c = parameter?.value.integerValue, c >= 1 else {
                    return fail(
                        "\(name) grants no credits on VC\(vc)", "set CREDITS_PER_VC (or VC\(vc)_CREDITS) on \(name) to at least 1",
                        at: parameter?.provenance.location ?? receiver.location)
                }
                let buffer = receiver.integer("RX_BUFFER_DEPTH") ?? c
                let cap = bound(vc) + 1
                let modelled = min(min(c, buffer), cap)
                if modelled > modelLimit {
                    return fail(
                        "\(name) VC\(vc): \(c) credits with up to \(bound(vc)) messages in flight needs \(modelled) modelled credits; the model takes at most \(modelLimit)",
                        "lower cv:workload maxOutstandingPerAgent, or the credits", at: parameter?.provenance.location)
                }
                if c > modelled { notes.append("\(name) VC\(vc): \(c) credits modelled as \(modelled) (at most \(bound(vc)) messages ever occupy it)") }
                credits[sender] = modelled
            }
            // A receiver never holds more messages than it granted credits for.
            channels.append(
                .init(
                    d0ToD1: VirtualChannel.streaming(index: UInt8(vc), drainClass: drainClass(map.names[vc])),
                    d1ToD0: VirtualChannel.streaming(index: UInt8(vc), drainClass: drainClass(map.names[vc])),
                    credits: credits, bufferDepth: [credits[1], credits[0]]))
        }

        // How credits come back, and the seeded credit-flit defect.
        let returns = ends.map { $0.string("CREDIT_RETURN") ?? "both" }
        guard returns[0] == returns[1], let creditReturn = UCIeAdapterConfiguration.CreditReturn(rawValue: returns[0]) else {
            let differ = returns[0] != returns[1]
            return fail(
                differ
                    ? "the ends return credits differently (\(mName) \(returns[0]), \(sName) \(returns[1])); the model takes one CREDIT_RETURN per link"
                    : "CREDIT_RETURN=\"\(returns[0])\"; expected \"dedicated\", \"piggyback\" or \"both\"",
                differ ? "give both ends the same CREDIT_RETURN" : nil,
                at: (differ ? s : m).location(of: "CREDIT_RETURN"))
        }
        let creditFlitCosts = ends.contains { ($0.integer("CREDIT_FLIT_CONSUMES_CREDIT") ?? 0) != 0 }
        if ends.contains(where: { ($0.string("PROTOCOL") ?? "streaming") == "pcie" }) {
            notes.append("PROTOCOL pcie: its traffic is modelled as requests and completions on the mapped VCs")
        }
        notExplored.append("FLIT_BYTES: the model counts flits, not bytes, so the flit size changes nothing it explores")

        // CXL names its channels per message class and never puts two on one VC.
        let cxl = (m.string("PROTOCOL") ?? "streaming") == "cxl" && map.vcCount == 2 && map.snoop == nil && map.data == nil
            && map.request != map.response
        if cxl { channels = zip(UCIeNamedConfiguration.cxlMemChannels, channels).map { named, sized in
            var c = named
            c.credits = sized.credits
            c.bufferDepth = sized.bufferDepth
            return c
        } }

        var configuration = UCIeAdapterConfiguration(
            channels: channels, requestVC: map.request, responseVC: map.response, dataVC: map.data, snoopVC: map.snoop,
            maxOutstanding: outstanding, creditReturn: creditReturn, creditFlitConsumesCredit: creditFlitCosts,
            requesters: requesters == "both" ? [0, 1] : [0])

        // Retry. Without faults a go-back-N link delivers every flit once and in order, and a
        // transmitter waiting for Acks waits only for the peer's Adapter, which never waits on
        // the protocol layer: the link then behaves as a lossless one, and is modelled as such
        // unless the design asks for faults (FAULT_BUDGET) or an end has a retry defect.
        let retryEnabled = ends.allSatisfy { ($0.integer("RETRY_ENABLE") ?? 1) != 0 }
        let faultParameter = design.configurationParameters.first { $0.name == "FAULT_BUDGET" }
        let faults = faultParameter?.value.integerValue ?? 0
        guard (0...7).contains(faults) else {
            return fail("FAULT_BUDGET=\(faults); the model takes 0...7 corrupted flits per run", nil, at: faultParameter?.provenance.location)
        }
        let retryDefect = ends.contains { end in
            (end.integer("SEQ_MODULO_256") ?? 0) != 0
                || (end.integer("UNACKED_FLIT_LIMIT") ?? 0) > (end.integer("RETRY_BUFFER_FLITS") ?? 64)
        }
        let retry = retryEnabled && (faults > 0 || retryDefect)
        if retryEnabled && !retry {
            notExplored.append(
                "link faults and retry: FAULT_BUDGET is 0, so no flit is ever corrupted and the link is modelled lossless (set FAULT_BUDGET in the design configuration to explore faults and replay)")
        }
        if retry {
            var depths = [0, 0]
            var windows = [0, 0]
            for die in 0..<2 {
                let end = ends[die]
                let peerCredits = channels.reduce(0) { $0 + $1.credits[1 - die] }
                let messages = min((0..<map.vcCount).reduce(0) { $0 + bound($1) }, transactions)
                let flitBound = messages + (creditReturn == .piggyback ? 0 : peerCredits)
                let declared = end.integer("RETRY_BUFFER_FLITS") ?? 64
                let limit = end.integer("UNACKED_FLIT_LIMIT") ?? 0
                let declaredWindow = limit == 0 ? min(declared, 127) : limit
                if declared > flitBound && declaredWindow > flitBound {
                    // Neither the buffer nor the window is ever reached: both modelled just above the bound.
                    depths[die] = flitBound + 1
                    windows[die] = flitBound + 1
                    notes.append("\(endNames[die]) retry buffer of \(declared) flits modelled as \(flitBound + 1) (at most \(flitBound) flits are ever unacknowledged)")
                } else {
                    depths[die] = declared
                    windows[die] = declaredWindow > declared ? declared + 1 : declaredWindow
                    if declaredWindow > declared {
                        notes.append("\(endNames[die]) lets more flits go unacknowledged than its retry buffer holds (UNACKED_FLIT_LIMIT > RETRY_BUFFER_FLITS)")
                    }
                }
                if windows[die] > windowLimit || depths[die] > 8 {
                    return fail(
                        "\(endNames[die]): a retry window of \(windows[die]) flits is needed to model this link exactly; the model takes at most \(windowLimit)",
                        "lower cv:workload maxOutstandingPerAgent or the credits, or use CREDIT_RETURN piggyback",
                        at: end.location(of: "RETRY_BUFFER_FLITS") ?? end.location)
                }
            }
            let highest = min(15, 2 * windows.max()! + 1)
            let modulo = Set((0..<2).filter { (ends[$0].integer("SEQ_MODULO_256") ?? 0) != 0 })
            configuration.retry = .init(bufferDepths: depths, windows: windows, highestSequence: highest, modulo256Dies: modulo)
            configuration.faults = faults
            notes.append("sequence numbers modelled on the ring 1...\(highest) (the specification's ring is 1...255; what matters is the window against half the ring)")
            if faults > 0 { notes.append("the link may corrupt \(faults) flit\(faults == 1 ? "" : "s") over a run (FAULT_BUDGET)") }
        } else if faults > 0 {
            return fail(
                "FAULT_BUDGET=\(faults) without retry: a corrupted flit would simply be lost", "set RETRY_ENABLE=1 or FAULT_BUDGET=0",
                at: faultParameter?.provenance.location)
        }
        if let problem = configuration.problem { return fail(problem) }

        let channelText = map.names.enumerated().map { "VC\($0.offset) (\($0.element.joined(separator: " ")))" }.joined(separator: ", ")
        notes.insert("channels: \(channelText); \(outstanding) outstanding request\(outstanding == 1 ? "" : "s") per die (cv:workload)", at: 0)
        var parameters: [(String, String)] = [
            ("vcs", channelText),
            ("credits", channels.enumerated().map { "VC\($0.offset) \($0.element.credits[0])/\($0.element.credits[1])" }.joined(separator: ", ")),
            ("outstanding", String(outstanding)), ("requesters", requesters == "both" ? "both" : "die0"),
            ("credit-return", creditReturn.rawValue), ("credit-flit-costs", creditFlitCosts ? "on" : "off"),
            ("classes", cxl ? "cxl" : "streaming"),
        ]
        if let r = configuration.retry {
            parameters += [
                ("retry", "on"), ("retry-buffer", r.bufferDepths.map(String.init).joined(separator: "/")),
                ("window", r.windows.map(String.init).joined(separator: "/")), ("seq-max", String(r.highestSequence)),
                ("modulo256", r.modulo256Dies.isEmpty ? "none" : r.modulo256Dies.sorted().map { "die\($0)" }.joined(separator: ",")),
                ("faults", String(faults)),
            ]
        } else {
            parameters.append(("retry", "off"))
        }
        let system = AnyTransitionSystem(UCIeAdapterSystem(configuration))
        let issuing = requesters == "both" ? "\(mName) and \(sName) each issue" : "\(mName) issues"
        var workloadText = "\(issuing) at most \(outstanding) outstanding request\(outstanding == 1 ? "" : "s"), repeated without bound"
        if faults > 0 { workloadText += "; up to \(faults) corrupted flit\(faults == 1 ? "" : "s") per run" }
        var workload = [LinkCoverage.Bound(name: "maxOutstandingPerAgent", value: outstanding)]
        if faults > 0 { workload.append(LinkCoverage.Bound(name: "faults", value: faults)) }
        var plan = LinkPlan(
            link: "\(mName) — \(sName)", location: link.location, model: "ucie-adapter", parameters: parameters,
            names: ["die0": mName, "die1": sName], notes: notes, configured: system)
        plan.coverage = LinkCoverage(agents: [], workload: workload, workloadText: workloadText, notExplored: notExplored)
        return .success(plan)
    }

    /// The class map both ends declare (they must agree; one may leave it out), or the default.
    static func classMap(_ m: ResolvedBusInterface, _ s: ResolvedBusInterface, names: [String]) -> Result<ClassMap, MappingProblem> {
        func key(_ map: [VirtualChannelMapping]) -> [Int: Set<String>] {
            Dictionary(map.map { ($0.index, Set($0.classes)) }, uniquingKeysWith: { $0.union($1) })
        }
        func text(_ map: [VirtualChannelMapping]) -> String {
            map.sorted { $0.index < $1.index }.map { "VC\($0.index)=\($0.classes.joined(separator: "+"))" }.joined(separator: " ")
        }
        if !m.vcMap.isEmpty && !s.vcMap.isEmpty && key(m.vcMap) != key(s.vcMap) {
            return .failure(
                MappingProblem(
                    location: s.vcMapLocation ?? s.location,
                    message: "the ends map message classes differently: \(names[0]) \(text(m.vcMap)), \(names[1]) \(text(s.vcMap))",
                    suggestion: "both ends of a link carry each class on the same VC: give them the same cv:vcMap, or give it on one end only"))
        }
        let entries = m.vcMap.isEmpty ? s.vcMap : m.vcMap
        if entries.isEmpty {
            let vcs = m.integer("VC_COUNT") ?? 1
            return .success(
                vcs >= 2
                    ? ClassMap(request: 0, response: 1, names: [["REQ"], ["RSP"]])
                    : ClassMap(request: 0, response: 0, names: [["REQ", "RSP"]]))
        }
        var vcOf: [String: Int] = [:]
        for entry in entries.sorted(by: { $0.index < $1.index }) {
            for name in entry.classes {
                let location = entry.location ?? (m.vcMap.isEmpty ? s : m).vcMapLocation ?? m.location
                guard knownClasses.contains(name) else {
                    return .failure(
                        MappingProblem(
                            location: location, message: "class \(name) on VC\(entry.index) is not modelled by the UCIe adapter model",
                            suggestion: "the model carries \(knownClasses.joined(separator: ", ")); map streaming traffic as REQ and RSP"))
                }
                if let other = vcOf[name], other != entry.index {
                    return .failure(
                        MappingProblem(
                            location: location, message: "class \(name) is mapped to VC\(other) and VC\(entry.index)",
                            suggestion: "a message class travels on one VC: name it in one cv:vc entry"))
                }
                vcOf[name] = entry.index
            }
        }
        let location = (m.vcMap.isEmpty ? s : m).vcMapLocation ?? m.location
        for needed in ["REQ", "RSP"] where vcOf[needed] == nil {
            return .failure(
                MappingProblem(
                    location: location, message: "cv:vcMap places no \(needed) class",
                    suggestion: needed == "REQ" ? "name the VC that carries requests" : "name the VC that carries responses (and snoop responses)"))
        }
        let count = vcOf.values.max()! + 1
        var onVC = [[String]](repeating: [], count: count)
        for name in knownClasses { if let v = vcOf[name] { onVC[v].append(name) } }
        return .success(ClassMap(request: vcOf["REQ"]!, response: vcOf["RSP"]!, snoop: vcOf["SNP"], data: vcOf["DAT"], names: onVC))
    }

    /// The drain class of a VC from the classes on it: the most patient class decides (a VC
    /// with requests on it may wait on anything).
    static func drainClass(_ classes: [String]) -> ChannelClass.DrainClass {
        classes.contains("REQ") ? .request : classes.contains("SNP") ? .snoop : .response
    }
}
