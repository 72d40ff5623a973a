import IPXACT
import LinkSystems

/// A `chi:c2c` link as a run of the `c2c` model: the master end's die holds the request nodes
/// (RN-F), the slave end's die the home node (HN-F) and memory.
///
/// Every setting of the two ends either sets the model or is refused with its location:
/// * **Credits.** Each end's `REQ/RSP/SNP/DAT_LCREDITS` are what that end's receiver grants.
///   Requests, CompAck, snoop responses and write data travel to the home die, so those channel
///   instances take the home end's REQ/RSP/DAT credits; completions, read data and snoops
///   travel to the requester die and take its RSP/DAT/SNP credits. A count above what the
///   workload can ever use is modelled at that bound (``C2CConfiguration/clampedCredits(_:for:)``
///   argues why no verdict changes); the notes list each one.
/// * **Agents.** The model has 1...4 RN-Fs on the requester die and one home on the home die.
///   The number modelled out of the number declared is the link's ``LinkCoverage``, printed
///   with the verdict. Caching agents on the home die, or more than one home, are refused unless
///   the design configuration's `cv:agents` names how many to model (0 and 1).
/// * **Defects and retry.** `KNOWN_DEFECT` of either end seeds that defect (two different ones
///   are refused); `PCRD_RETRY` is the home's behaviour, so the home end's value decides and a
///   requester end claiming a retrying home the home end denies is refused.
/// * **Not explored, and said so.** The link is modelled lossless (no replay), so
///   `RETRY_BUFFER_FLITS` is listed in the coverage as not explored, with why; a `FAULT_BUDGET`
///   is refused. `cv:vcMap` is refused: CHI's channels are fixed.
enum C2CLinkMapping {
    static func plan(_ link: ResolvedInterconnection, in design: ResolvedDesign) -> Result<LinkPlan, MappingProblem> {
        guard let (master, slave) = DesignPlanner.ends(link, in: design) else {
            return .failure(MappingProblem(location: link.location, message: "\(link) names an unknown interface", suggestion: nil))
        }
        let (mi, m) = master
        let (si, s) = slave
        let mName = "\(mi.name).\(m.name)"
        let sName = "\(si.name).\(s.name)"
        func fail(_ message: String, _ suggestion: String?, at location: SourceLocation?) -> Result<LinkPlan, MappingProblem> {
            .failure(MappingProblem(location: location ?? link.location, message: "\(link): " + message, suggestion: suggestion))
        }
        var notes: [String] = []
        var notExplored: [String] = []

        // Channels: CHI fixes them; a map of message classes onto channels has no meaning here.
        for (instance, end) in [(mi, m), (si, s)] where !end.vcMap.isEmpty {
            return fail(
                "cv:vcMap on \(instance.name).\(end.name): a chi:c2c link carries the four CHI channels REQ, RSP, SNP and DAT, each with its own L-credits, so message classes cannot be mapped onto other channels",
                "remove the cv:vcMap and size each channel with REQ_LCREDITS, RSP_LCREDITS, SNP_LCREDITS and DAT_LCREDITS (a requester that sends its responses on REQ is KNOWN_DEFECT=\"p1\")",
                at: end.vcMapLocation ?? end.location)
        }

        // Seeded defects: the union of both ends', one per run.
        var defect: (bug: C2CBug, end: String, location: SourceLocation?) = (.none, "", nil)
        for (instance, end) in [(mi, m), (si, s)] {
            let value = end.string("KNOWN_DEFECT") ?? "none"
            let location = settingLocation(of: "KNOWN_DEFECT", on: end, of: instance)
            guard let bug = C2CBug(rawValue: value) else {
                return fail(
                    "KNOWN_DEFECT=\"\(value)\" on \(instance.name).\(end.name); expected one of \(C2CBug.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))",
                    "use a defect the c2c model documents, or \"none\"", at: location)
            }
            guard bug != .none else { continue }
            if defect.bug != .none && defect.bug != bug {
                return fail(
                    "\(defect.end) has KNOWN_DEFECT=\"\(defect.bug.rawValue)\" and \(instance.name).\(end.name) KNOWN_DEFECT=\"\(bug.rawValue)\"; the model seeds one defect per run",
                    "check each defect in its own design configuration", at: location)
            }
            defect = (bug, "\(instance.name).\(end.name)", location)
        }

        // Protocol-credit retry is how the home answers a busy line: the home end decides.
        let homeRetry = (s.integer("PCRD_RETRY") ?? 0) != 0
        if (m.integer("PCRD_RETRY") ?? 0) != 0 && !homeRetry {
            return fail(
                "PCRD_RETRY=1 on the requester end \(mName) but 0 on the home end \(sName); it says whether the home answers a request for a busy line with RetryAck and PCrdGrant, so the home end's value decides",
                "set PCRD_RETRY=1 on \(sName) as well, or 0 on \(mName)", at: settingLocation(of: "PCRD_RETRY", on: m, of: mi))
        }

        // Agents.
        let named = { (instance: String) in design.verification?.modelledAgents.first { $0.instance == instance } }
        let masterNamed = named(mi.name)
        let slaveNamed = named(si.name)
        var agents: [LinkCoverage.Agents] = []

        let declaredRN = mi.integer("CACHING_AGENTS")
        if declaredRN == 0 {
            return fail(
                "\(mi.name) declares CACHING_AGENTS=0 but is the requester end (master) of the link: nothing would send a request",
                "make the die with the caching agents the master end", at: mi.location(of: "CACHING_AGENTS"))
        }
        let rn: Int
        let rnSource: String
        if let count = masterNamed?.cachingAgents {
            guard (1...4).contains(count) else {
                return fail(
                    "cv:agents models \(count) caching agents of \(mi.name); the model takes 1...4", "set cachingAgents to 1...4",
                    at: masterNamed?.location ?? design.verification?.location)
            }
            (rn, rnSource) = (count, "cv:agents")
        } else {
            rn = min(2, declaredRN ?? 2)
            rnSource =
                declaredRN == nil
                ? "default; CACHING_AGENTS not declared" : rn == declaredRN ? "declared" : "default; cv:agents cachingAgents sets 1...4"
        }
        agents.append(.init(instance: mi.name, kind: "caching agents", modelled: rn, declared: declaredRN, source: rnSource))
        notes.append("\(mi.name): caching agents modelled as request node\(rn == 1 ? " rn0" : "s rn0...rn\(rn - 1)")")

        // Caching agents on the home die would send requests to the same home, and its snoops
        // for them would cross the link: the model has none there, so they must be named away.
        let declaredHomeDieRN = si.integer("CACHING_AGENTS")
        if let count = slaveNamed?.cachingAgents, count > 0 {
            return fail(
                "cv:agents models \(count) caching agents of \(si.name), the home end (slave) of the link; the model has caching agents only on the requester die \(mi.name)",
                "set cachingAgents=\"0\" for \(si.name) (the verdict then says so), or check them on a link where \(si.name) is the master end",
                at: slaveNamed?.location)
        }
        if let count = declaredHomeDieRN, count > 0 {
            guard slaveNamed?.cachingAgents == 0 else {
                return fail(
                    "\(si.name) declares \(count) caching agents on the home die of the link; their requests to its home, and the snoops those send across the link, are not modelled",
                    "name none of them to model with <cv:agents instance=\"\(si.name)\" cachingAgents=\"0\"/> in the design configuration (the verdict then covers 0 of \(count)), or make \(si.name) the master end",
                    at: si.location(of: "CACHING_AGENTS"))
            }
            agents.append(.init(instance: si.name, kind: "caching agents", modelled: 0, declared: count, source: "cv:agents"))
        }

        // Exactly one home: the lines modelled are all homed on it.
        let declaredHomes = si.integer("HOME_AGENTS")
        if declaredHomes == 0 {
            return fail(
                "\(si.name) declares HOME_AGENTS=0 but is the home end (slave) of the link: no home would answer a request",
                "make the die with the home agents the slave end", at: si.location(of: "HOME_AGENTS"))
        }
        if let count = slaveNamed?.homeAgents, count != 1 {
            return fail(
                "cv:agents models \(count) home agents of \(si.name); the model has exactly one home, which homes every line it explores",
                "set homeAgents=\"1\"", at: slaveNamed?.location)
        }
        if let count = declaredHomes, count > 1, slaveNamed?.homeAgents != 1 {
            return fail(
                "\(si.name) declares \(count) home agents; the model has exactly one home, which homes every line it explores",
                "name one to model with <cv:agents instance=\"\(si.name)\" homeAgents=\"1\"/> in the design configuration (the verdict then covers 1 of \(count))",
                at: si.location(of: "HOME_AGENTS"))
        }
        agents.append(
            .init(
                instance: si.name, kind: "home agents", modelled: 1, declared: declaredHomes,
                source: slaveNamed?.homeAgents != nil ? "cv:agents" : declaredHomes != nil ? "declared" : "the home end; HOME_AGENTS not declared"))

        // Homes on the requester die: requests cross this link only towards the home die, and
        // the home die has no caching agent on it, so no message of theirs uses the link.
        let masterHomes = mi.integer("HOME_AGENTS")
        if (masterHomes ?? 0) > 0 || (masterNamed?.homeAgents ?? 0) > 0 {
            let declared = masterHomes.map { "HOME_AGENTS=\($0)" } ?? "HOME_AGENTS not declared"
            let asked = masterNamed?.homeAgents.map { "; cv:agents names \($0)" } ?? ""
            notExplored.append(
                "home agents of \(mi.name) (\(declared)\(asked)): no message of theirs crosses this link (requests cross it only from \(mi.name) to \(si.name), and \(si.name) has no caching agent on it)")
        }

        // Workload.
        let lines = design.verification?.workloadAddresses ?? 1
        guard (1...2).contains(lines) else {
            return fail("cv:workload addresses=\(lines); the model takes 1 or 2 lines", "set addresses to 1 or 2", at: design.verification?.location)
        }
        if let outstanding = design.verification?.workloadMaxOutstandingPerAgent {
            if outstanding < lines {
                return fail(
                    "cv:workload maxOutstandingPerAgent=\(outstanding) with \(lines) addresses; each caching agent of the model has one transaction per line, \(lines) at once",
                    "set addresses to at most maxOutstandingPerAgent", at: design.verification?.location)
            }
            if outstanding > lines {
                notExplored.append(
                    "cv:workload maxOutstandingPerAgent=\(outstanding): a caching agent has one transaction per line, so at most \(lines) outstanding (addresses=\(lines))")
            }
        }
        if let messages = design.verification?.workloadMessagesPerAgent {
            notExplored.append("cv:workload messagesPerAgent=\(messages) is no limit here: transactions repeat without bound, which covers every count")
        }

        if let faults = design.configurationParameters.first(where: { $0.name == "FAULT_BUDGET" }), (faults.value.integerValue ?? 0) > 0 {
            return fail(
                "FAULT_BUDGET=\(faults.value.integerValue ?? 0) asks for corrupted flits, but the c2c link is modelled lossless (no CRC, no replay)",
                "check c2c links in a design configuration without FAULT_BUDGET", at: faults.provenance.location)
        }
        if (defect.bug == .p9b || defect.bug == .p10d) && rn < 2 {
            return fail(
                "KNOWN_DEFECT=\"\(defect.bug.rawValue)\" shows only with two caching agents; \(rn) modelled",
                "model 2 or more with cv:agents cachingAgents", at: defect.location)
        }

        // Credits, per channel instance, from its receiver.
        var configuration = C2CConfiguration(requestNodes: rn, lines: lines, values: 2, retry: homeRetry, bug: defect.bug)
        var parameters: [(String, String)] = [("rn", String(rn)), ("lines", String(lines)), ("values", "2")]
        for channel in C2CChannel.allCases {
            let (instance, end) = channel.towardsHome ? (si, s) : (mi, m)
            let name = "\(channel.kind)_LCREDITS"
            guard let declared = end.integer(name), (1...15).contains(declared) else {
                return fail(
                    "\(instance.name).\(end.name) \(name) is \(end.integer(name).map(String.init) ?? "not an integer"); CHI grants 1...15 L-credits per channel",
                    "set \(name) to 1...15", at: settingLocation(of: name, on: end, of: instance))
            }
            let modelled = configuration.clampedCredits(declared, for: channel)
            configuration.setCredits(modelled, for: channel)
            parameters.append((channel.parameterName, String(modelled)))
            if modelled < declared {
                let bound = configuration.mostFlits(in: channel)
                notes.append(
                    "\(instance.name).\(end.name) \(name)=\(declared): \(channel) modelled with \(modelled) (at most \(bound) flit\(bound == 1 ? "" : "s") ever occupy it)")
            }
        }
        parameters += [("retry", homeRetry ? "on" : "off"), ("bug", defect.bug.rawValue)]
        // The ends' receivers for channels that do not run towards them on this link.
        for (instance, end, kind, why) in [
            (si, s, "SNP", "no snoop travels to the home die (it has no caching agent on this link)"),
            (mi, m, "REQ", "no request travels to the requester die (its homes are not on this link)"),
        ] {
            if let p = end.parameters.first(where: { $0.name == "\(kind)_LCREDITS" }), p.provenance.kind != .busDefinitionDefault {
                notExplored.append("\(instance.name).\(end.name) \(kind)_LCREDITS=\(p.value.integerValue.map(String.init) ?? "?"): \(why)")
            }
        }
        let buffers = [(mName, m), (sName, s)].compactMap { name, end in end.integer("RETRY_BUFFER_FLITS").map { "\(name) \($0)" } }
        notExplored.append(
            "RETRY_BUFFER_FLITS (\(buffers.joined(separator: ", "))): the link is modelled lossless and in order, so no flit is replayed; a replay buffer only delays sending until the peer's link layer acknowledges, which never waits on the protocol, so it adds no wait-for cycle")

        let outstandingText = lines == 1 ? "one transaction per caching agent" : "one transaction per caching agent and line (\(lines) outstanding)"
        let coverage = LinkCoverage(
            agents: agents,
            workload: [
                .init(name: "lines", value: lines), .init(name: "values", value: 2), .init(name: "outstandingPerAgent", value: lines),
            ],
            workloadText: "\(lines) cache line\(lines == 1 ? "" : "s"), 2 data values, \(outstandingText), repeated without bound",
            notExplored: notExplored)
        return .success(
            LinkPlan(
                link: "\(mName) — \(sName)", location: link.location, model: "c2c", parameters: parameters,
                names: Self.names(master: mi.name, slave: si.name, agents: rn), notes: notes, coverage: coverage))
    }

    /// Where the user sets a bus-interface parameter: the die parameter its value names (a
    /// design override, or the component's default), else the interface's own value; a bus
    /// definition default is located at the interface.
    static func settingLocation(of name: String, on end: ResolvedBusInterface, of instance: ResolvedInstance) -> SourceLocation {
        guard let p = end.parameters.first(where: { $0.name == name }) else { return end.location }
        if p.provenance.kind == .busDefinitionDefault { return end.location }
        let expression = p.provenance.expression.filter { !$0.isWhitespace }
        if let source = instance.parameters.first(where: { $0.id == expression }) { return source.provenance.location }
        return p.provenance.location
    }

    /// The model's requester die is `gpu` with nodes `rn0…`, its home die `cpu` with `hn`.
    static func names(master: String, slave: String, agents: Int) -> [String: String] {
        var names = ["gpu": master, "cpu": slave, "hn": "\(slave).hn"]
        for r in 0..<agents { names["rn\(r)"] = "\(master).rn\(r)" }
        return names
    }
}

extension ResolvedInstance {
    /// Where a die parameter's value is written (the design's override, or the component).
    func location(of name: String) -> SourceLocation? { parameters.first { $0.name == name }?.provenance.location }
}
