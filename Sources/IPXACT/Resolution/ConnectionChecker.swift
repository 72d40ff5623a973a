/// Protocol rules over a design's interconnections (layer 5): references, point-to-point shape,
/// bus types, mode pairing, link-wide parameter agreement, coherence protocol agreement,
/// connectionRequired, VC maps and per-VC credits.
struct ConnectionChecker {
    let design: DesignDeclaration
    let instances: [ResolvedInstance]
    let components: [String: ComponentDeclaration]
    var instanceResolver: InstanceResolver
    let knownInstanceNames: [String]
    private(set) var diagnostics: [Diagnostic] = []
    /// Interconnections of other bus types (clocks, resets, configuration buses): checked by
    /// IP-XACT's own rules only, and not modelled.
    private(set) var others: [OtherInterconnection] = []

    init(
        design: DesignDeclaration, instances: [ResolvedInstance], components: [String: ComponentDeclaration],
        instanceResolver: InstanceResolver, knownInstanceNames: [String]
    ) {
        self.design = design
        self.instances = instances
        self.components = components
        self.instanceResolver = instanceResolver
        self.knownInstanceNames = knownInstanceNames
    }

    private mutating func report(
        _ code: DiagnosticCode, _ message: String, site: Site, expected: String? = nil, suggestion: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(code: code, message: message, location: site.location, elementPath: site.path, expected: expected, suggestion: suggestion))
    }

    mutating func check() -> [ResolvedInterconnection] {
        var result: [ResolvedInterconnection] = []
        var usedBy: [InterfaceReference: String] = [:]
        for connection in design.interconnections {
            // Die-to-die rules apply to die-to-die buses; any other bus follows IP-XACT's rules
            // (one-to-many and hierarchical connections allowed) and is listed as not modelled.
            let types = connection.ends.compactMap { end in
                instances.first { $0.name == end.instance }?.busInterface(end.busRef)?.busType
            }
            if !types.isEmpty, !types.contains(where: ConventionRules.isDieToDie) {
                checkOther(connection, types: types)
                for end in connection.ends {
                    usedBy[InterfaceReference(instance: end.instance, busInterface: end.busRef)] = connection.name
                }
                continue
            }
            if connection.ends.count != 2 || connection.hierarchicalEnds > 0 {
                report(
                    .notPointToPoint,
                    "interconnection \(connection.name) has \(connection.ends.count) active and \(connection.hierarchicalEnds) hierarchical interfaces",
                    site: connection.site, expected: "exactly two activeInterface elements (die-to-die links are point-to-point)")
            }
            var ends: [(InterfaceReference, ResolvedBusInterface, ResolvedInstance, Site)] = []
            for end in connection.ends {
                guard let instance = instances.first(where: { $0.name == end.instance }) else {
                    if !knownInstanceNames.contains(end.instance) {
                        report(
                            .unknownInstance,
                            "interconnection \(connection.name) names instance '\(end.instance)', which the design does not have",
                            site: end.site, expected: "one of " + knownInstanceNames.joined(separator: ", "),
                            suggestion: EditDistance.closest(to: end.instance, among: knownInstanceNames).map { "did you mean '\($0)'?" })
                    }
                    continue
                }
                guard let busInterface = instance.busInterface(end.busRef) else {
                    let names = components[end.instance]?.busInterfaces.map(\.name) ?? instance.busInterfaces.map(\.name)
                    if !names.contains(end.busRef) {
                        report(
                            .unknownBusInterface,
                            "instance \(end.instance) (\(instance.component)) has no bus interface '\(end.busRef)'",
                            site: end.site, expected: "one of " + names.joined(separator: ", "),
                            suggestion: EditDistance.closest(to: end.busRef, among: names).map { "did you mean '\($0)'?" })
                    }
                    continue
                }
                let reference = InterfaceReference(instance: end.instance, busInterface: end.busRef)
                if let other = usedBy[reference] {
                    report(
                        .interfaceConnectedTwice, "\(reference) is already connected by interconnection \(other)", site: end.site,
                        expected: "each bus interface in at most one interconnection")
                } else {
                    usedBy[reference] = connection.name
                }
                ends.append((reference, busInterface, instance, end.site))
            }
            guard ends.count == 2 else { continue }
            let (a, b) = (ends[0], ends[1])
            guard a.1.busType == b.1.busType else {
                report(
                    .busTypeMismatch,
                    "interconnection \(connection.name) joins \(a.0) (\(a.1.busType)) to \(b.0) (\(b.1.busType))",
                    site: b.3, expected: "both ends of bus type \(a.1.busType)")
                continue
            }
            checkModes(connection, a.0, a.1, b.0, b.1, site: b.3)
            checkLinkParameters(connection, a.0, a.1, b.0, b.1, site: b.3)
            if ConventionRules.coherentLibraries.contains(a.1.busType.library) {
                let protocolA = a.2.parameters[name: "COHERENCE_PROTOCOL"]
                let protocolB = b.2.parameters[name: "COHERENCE_PROTOCOL"]
                if let protocolA, let protocolB, protocolA.value != protocolB.value {
                    report(
                        .coherenceProtocolMismatch,
                        "coherent link \(connection.name): \(a.2.name) uses \(protocolA.value) (\(protocolA.provenance.kind.rawValue) at \(protocolA.provenance.location)) but \(b.2.name) uses \(protocolB.value) (\(protocolB.provenance.kind.rawValue) at \(protocolB.provenance.location))",
                        site: connection.site, expected: "the same COHERENCE_PROTOCOL on both dies")
                }
            }
            result.append(
                ResolvedInterconnection(name: connection.name, first: a.0, second: b.0, busType: a.1.busType, location: connection.site.location))
        }
        for instance in instances {
            for busInterface in instance.busInterfaces {
                let reference = InterfaceReference(instance: instance.name, busInterface: busInterface.name)
                let site = Site(location: busInterface.location, path: "/component/busInterfaces/busInterface[name=\(busInterface.name)]")
                if busInterface.connectionRequired, usedBy[reference] == nil {
                    report(
                        .requiredInterfaceUnconnected,
                        "\(reference) has connectionRequired=true but no interconnection of the design uses it", site: site,
                        suggestion: "add an interconnection for \(reference) or set connectionRequired to false")
                }
                checkVirtualChannels(reference, busInterface, site: site)
            }
        }
        return result
    }

    /// An interconnection of a bus chipcheck does not model: its ends must exist and share one
    /// bus type, as IP-XACT requires; nothing else is asked of it.
    private mutating func checkOther(_ connection: InterconnectionDeclaration, types: [VLNV]) {
        for end in connection.ends {
            if instances.first(where: { $0.name == end.instance }) == nil, !knownInstanceNames.contains(end.instance) {
                report(
                    .unknownInstance, "interconnection \(connection.name) names instance '\(end.instance)', which the design does not have",
                    site: end.site, expected: "one of " + knownInstanceNames.joined(separator: ", "),
                    suggestion: EditDistance.closest(to: end.instance, among: knownInstanceNames).map { "did you mean '\($0)'?" })
            } else if let instance = instances.first(where: { $0.name == end.instance }), instance.busInterface(end.busRef) == nil {
                let names = instance.busInterfaces.map(\.name)
                report(
                    .unknownBusInterface, "instance \(end.instance) (\(instance.component)) has no bus interface '\(end.busRef)'",
                    site: end.site, expected: "one of " + names.joined(separator: ", "),
                    suggestion: EditDistance.closest(to: end.busRef, among: names).map { "did you mean '\($0)'?" })
            }
        }
        if let first = types.first, let other = types.first(where: { $0 != first }) {
            report(
                .busTypeMismatch, "interconnection \(connection.name) joins interfaces of bus types \(first) and \(other)",
                site: connection.site, expected: "one bus type on every end")
            return
        }
        others.append(OtherInterconnection(name: connection.name, busType: types[0], ends: connection.ends.count + connection.hierarchicalEnds, location: connection.site.location))
    }

    private static func pairs(_ a: InterfaceMode, _ b: InterfaceMode) -> Bool {
        switch (a, b) {
        case (.master, .slave), (.slave, .master),
            (.master, .mirroredMaster), (.mirroredMaster, .master),
            (.slave, .mirroredSlave), (.mirroredSlave, .slave),
            (.system, .mirroredSystem), (.mirroredSystem, .system):
            true
        default: false
        }
    }

    private mutating func checkModes(
        _ connection: InterconnectionDeclaration, _ refA: InterfaceReference, _ a: ResolvedBusInterface,
        _ refB: InterfaceReference, _ b: ResolvedBusInterface, site: Site
    ) {
        guard Self.pairs(a.mode, b.mode) else {
            report(
                .illegalModePairing,
                "interconnection \(connection.name) joins \(refA) (\(a.mode.rawValue)) to \(refB) (\(b.mode.rawValue))",
                site: site, expected: "master–slave, master–mirroredMaster, slave–mirroredSlave or system–mirroredSystem")
            return
        }
        let direct = (a.mode == .master && b.mode == .slave) || (a.mode == .slave && b.mode == .master)
        if direct, let (definition, _) = instanceResolver.busDefinition(a.busType, referencedAt: site), !definition.directConnection {
            report(
                .directConnectionNotAllowed,
                "bus definition \(a.busType) has directConnection=false, so \(refA) and \(refB) must meet through an interconnect component",
                site: site)
        }
    }

    private mutating func checkLinkParameters(
        _ connection: InterconnectionDeclaration, _ refA: InterfaceReference, _ a: ResolvedBusInterface,
        _ refB: InterfaceReference, _ b: ResolvedBusInterface, site: Site
    ) {
        for name in ConventionRules.linkWideParameters {
            guard let valueA = a.parameters[name: name], let valueB = b.parameters[name: name], valueA.value != valueB.value else { continue }
            report(
                .linkParameterMismatch,
                "link \(connection.name): \(name) is \(valueA.value) on \(refA) (\(valueA.provenance.kind.rawValue) at \(valueA.provenance.location)) but \(valueB.value) on \(refB) (\(valueB.provenance.kind.rawValue) at \(valueB.provenance.location))",
                site: site, expected: "the same \(name) on both ends")
        }
    }

    private mutating func checkVirtualChannels(_ reference: InterfaceReference, _ busInterface: ResolvedBusInterface, site: Site) {
        guard let vcCount = busInterface.parameters[name: "VC_COUNT"]?.value.integerValue else { return }
        if !busInterface.vcMap.isEmpty {
            let indices = Set(busInterface.vcMap.map(\.index))
            let outside = indices.filter { $0 < 0 || $0 >= vcCount }.sorted()
            let missing = (0..<max(0, min(vcCount, 64))).filter { !indices.contains($0) }
            if !outside.isEmpty || !missing.isEmpty {
                var parts: [String] = []
                if !outside.isEmpty { parts.append("maps VC \(outside.map(String.init).joined(separator: ", ")) beyond VC_COUNT = \(vcCount)") }
                if !missing.isEmpty { parts.append("leaves VC \(missing.map(String.init).joined(separator: ", ")) without message classes") }
                report(
                    .vcMapInconsistent, "cv:vcMap of \(reference) " + parts.joined(separator: " and "), site: site,
                    expected: "one cv:vc per index 0...\(vcCount - 1)")
            }
        }
        let depth = busInterface.parameters[name: "RX_BUFFER_DEPTH"]?.value.integerValue
        for parameter in busInterface.parameters {
            guard let index = ConventionRules.perVCIndex(parameter.name), let credits = parameter.value.integerValue else { continue }
            if index >= vcCount {
                report(
                    .perVCCreditsInvalid, "\(reference): \(parameter.name) names VC \(index) but VC_COUNT is \(vcCount)", site: site,
                    expected: "VC index below \(vcCount)")
            } else if let depth, credits > depth {
                report(
                    .perVCCreditsInvalid,
                    "\(reference): \(parameter.name) = \(credits) exceeds RX_BUFFER_DEPTH = \(depth): the receiver would grant credits it cannot buffer",
                    site: site, expected: "at most \(depth)")
            }
        }
    }
}
