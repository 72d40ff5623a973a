import IPXACT

/// The descriptor settings a link's mapping reads, with where they are written: what a failing
/// link's SARIF result points at besides the interconnection (the credit parameter, the `cv:vc`
/// entry), so that a reader lands on the line to change.
///
/// The lists name the settings ``UCIeLinkMapping`` and ``C2CLinkMapping`` read; a setting the
/// descriptor leaves to the bus definition's default has no line of its own and is left out.
enum LinkPlanSources {
    /// `ucie:d2d` interface parameters the mapping reads (per-VC credits are matched by pattern).
    static let ucieParameters = [
        "VC_COUNT", "CREDITS_PER_VC", "RX_BUFFER_DEPTH", "CREDIT_RETURN", "CREDIT_FLIT_CONSUMES_CREDIT", "RETRY_ENABLE",
        "RETRY_BUFFER_FLITS", "UNACKED_FLIT_LIMIT", "SEQ_MODULO_256", "PROTOCOL",
    ]
    /// `chi:c2c` interface parameters the mapping reads.
    static let c2cParameters = ["REQ_LCREDITS", "RSP_LCREDITS", "SNP_LCREDITS", "DAT_LCREDITS", "KNOWN_DEFECT", "PCRD_RETRY"]

    static func sources(of link: ResolvedInterconnection, bus: String, in design: ResolvedDesign) -> [LinkPlanSource] {
        guard let (master, slave) = DesignPlanner.ends(link, in: design) else { return [] }
        let wanted: (String) -> Bool
        switch bus {
        case DesignPlanner.ucieBus: wanted = { ucieParameters.contains($0) || ConventionRules.isPerVCCredit($0) }
        case DesignPlanner.c2cBus: wanted = { c2cParameters.contains($0) }
        default: return []
        }
        var sources: [LinkPlanSource] = []
        for (instance, interface) in [master, slave] {
            let end = "\(instance.name).\(interface.name)"
            for p in interface.parameters where wanted(p.name) && p.provenance.kind != .busDefinitionDefault {
                sources.append(LinkPlanSource(setting: "\(end) \(p.name) = \(p.value)", location: p.provenance.location))
            }
            for vc in interface.vcMap {
                guard let location = vc.location else { continue }
                sources.append(
                    LinkPlanSource(
                        setting: "\(end) cv:vc index=\(vc.index) classes=\"\(vc.classes.joined(separator: " "))\"", location: location))
            }
        }
        if bus == DesignPlanner.c2cBus, let p = master.0.parameters.first(where: { $0.name == "CACHING_AGENTS" }) {
            sources.append(LinkPlanSource(setting: "\(master.0.name) CACHING_AGENTS = \(p.value)", location: p.provenance.location))
        }
        return sources
    }
}
