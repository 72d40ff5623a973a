import IPXACT

/// A `chi:c2c` link as a run of the `c2c` model: the master end's die holds the request nodes
/// (RN-F), the slave end's die the home node (HN-F) and memory.
///
/// **Agents.** A die may have many caching agents; the model has as many as the design
/// configuration names for that instance (`cv:agents cachingAgents`, default 2, at most 4),
/// and the report says so. **Workload bound.** Each request node has at most one transaction
/// per line, so at most `agents × lines` messages ever occupy a channel in one direction; link
/// credits above that are modelled as that many (a sender never waits on a credit it could not
/// use, so no stuck state depends on the count).
enum C2CLinkMapping {
    static let channels = ["REQ", "RSP", "SNP", "DAT"]

    static func plan(_ link: ResolvedInterconnection, in design: ResolvedDesign) -> Result<LinkPlan, MappingProblem> {
        guard let (master, slave) = DesignPlanner.ends(link, in: design) else {
            return .failure(MappingProblem(location: link.location, message: "\(link) names an unknown interface", suggestion: nil))
        }
        let mName = "\(master.0.name).\(master.1.name)"
        let sName = "\(slave.0.name).\(slave.1.name)"
        func fail(_ message: String, _ suggestion: String? = nil) -> Result<LinkPlan, MappingProblem> {
            .failure(MappingProblem(location: link.location, message: "\(link): " + message, suggestion: suggestion))
        }
        var notes: [String] = []
        let declaredAgents = master.0.integer("CACHING_AGENTS")
        let named = design.verification?.modelledAgents.first { $0.instance == master.0.name }?.cachingAgents
        let agents = named ?? min(2, max(declaredAgents ?? 2, 1))
        guard (1...4).contains(agents) else {
            return fail("\(agents) modelled caching agents on \(master.0.name); the model takes 1...4", "set cv:agents cachingAgents to 1...4")
        }
        notes.append(
            "\(master.0.name): \(declaredAgents.map { "\($0) caching agents, " } ?? "")\(agents) modelled as request nodes rn0...rn\(agents - 1)"
                + (named == nil ? " (default; name them with cv:agents)" : " (cv:agents)"))
        let lines = design.verification?.workloadAddresses ?? 1
        guard (1...2).contains(lines) else { return fail("cv:workload addresses=\(lines); the model takes 1 or 2 lines") }
        let bound = agents * lines
        var modelled: Set<Int> = []
        for (end, name) in [(master.1, mName), (slave.1, sName)] {
            for channel in channels {
                let c = end.integer("\(channel)_LCREDITS") ?? 15
                let m = min(c, bound)
                if c > m { notes.append("\(name) \(channel): \(c) L-credits modelled as \(m)") }
                modelled.insert(m)
            }
        }
        guard modelled.count == 1, let credits = modelled.first else {
            return fail(
                "after the workload bound the channels have different L-credits (\(modelled.sorted().map(String.init).joined(separator: ", "))); the model gives every channel the same count",
                "give every channel at least \(bound) L-credits, or the same count")
        }
        let defects = Set([master.1.string("KNOWN_DEFECT") ?? "none", slave.1.string("KNOWN_DEFECT") ?? "none"]).subtracting(["none"])
        guard defects.count <= 1 else { return fail("more than one KNOWN_DEFECT on one link") }
        let retry = (master.1.integer("PCRD_RETRY") ?? 0) != 0 || (slave.1.integer("PCRD_RETRY") ?? 0) != 0
        notes.append("\(lines) cache line\(lines == 1 ? "" : "s"), 2 data values")
        return .success(
            LinkPlan(
                link: "\(mName) — \(sName)", location: link.location, model: "c2c",
                parameters: [
                    ("rn", String(agents)), ("lines", String(lines)), ("values", "2"), ("credits", String(credits)),
                    ("retry", retry ? "on" : "off"), ("bug", defects.first ?? "none"),
                ],
                names: Self.names(master: master.0.name, slave: slave.0.name, agents: agents), notes: notes))
    }

    /// The model's requester die is `gpu` with nodes `rn0…`, its home die `cpu` with `hn`.
    static func names(master: String, slave: String, agents: Int) -> [String: String] {
        var names = ["gpu": master, "cpu": slave, "hn": "\(slave).hn"]
        for r in 0..<agents { names["rn\(r)"] = "\(master).rn\(r)" }
        return names
    }
}
