/// Turns a schema-valid document into declarations. Maps IEEE 1685-2022 names onto the 2014 model
/// (initiator → master, target → slave, mirroredInitiator/Target → mirroredMaster/Slave,
/// activeInterface@componentInstanceRef → componentRef).
struct DeclarationExtractor {
    let path: String
    let version: IPXACTVersion
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, version: IPXACTVersion) {
        self.path = path
        self.version = version
    }

    func site(_ element: XMLElementView) -> Site {
        Site(location: SourceLocation(file: path, line: element.line, column: element.column), path: element.elementPath)
    }

    mutating func extract(root: XMLElementView) -> LoadedDocument {
        let kind = DocumentKind(rawValue: root.localName) ?? .other
        let body: LoadedDocument.Body
        switch kind {
        case .busDefinition:
            body = .busDefinition(
                BusDefinitionDeclaration(
                    directConnection: root.childText("directConnection") == "true",
                    parameters: parameters(of: root),
                    assertions: assertions(of: root)))
        case .abstractionDefinition:
            body = .abstractionDefinition(busType: root.child("busType").flatMap(vlnv(attributesOf:)))
        case .component:
            body = .component(component(root))
        case .design:
            body = .design(design(root))
        case .designConfiguration:
            body = .designConfiguration(designConfiguration(root))
        case .catalog:
            body = .catalog(catalog(root))
        case .other:
            body = .other
        }
        return LoadedDocument(path: path, version: version, kind: kind, vlnv: vlnv(childrenOf: root), site: site(root), body: body)
    }

    // MARK: - Common pieces

    /// A whole-number attribute of a `cv:` element. One the schema admits but no 64-bit count
    /// can hold (a workload of 2^64) is an error here, never a silent default.
    mutating func count(_ element: XMLElementView, _ attribute: String) -> Int? {
        guard let text = element.attribute(attribute) else { return nil }
        if let value = Int(text.trimmingCharacters(in: .whitespaces)) { return value }
        diagnostics.append(
            Diagnostic(
                code: .absurdValue, message: "\(attribute)=\"\(text)\" is not a count chipcheck can use",
                location: site(element).location, elementPath: site(element).path,
                expected: "a whole number up to \(Int.max)"))
        return nil
    }

    func vlnv(childrenOf element: XMLElementView) -> VLNV? {
        guard let vendor = element.childText("vendor"), let library = element.childText("library"),
            let name = element.childText("name"), let version = element.childText("version")
        else { return nil }
        return VLNV(vendor: vendor, library: library, name: name, version: version)
    }

    func vlnv(attributesOf element: XMLElementView) -> VLNV? {
        guard let vendor = element.attribute("vendor"), let library = element.attribute("library"),
            let name = element.attribute("name"), let version = element.attribute("version")
        else { return nil }
        return VLNV(vendor: vendor, library: library, name: name, version: version)
    }

    mutating func parameters(of element: XMLElementView) -> [ParameterDeclaration] {
        guard let container = element.child("parameters") else { return [] }
        return container.children(named: "parameter").map { parameter in
            let valueElement = parameter.child("value") ?? parameter
            let name = parameter.childText("name") ?? ""
            let typeText = parameter.attribute("type")
            let declaration = ParameterDeclaration(
                id: parameter.attribute("parameterId") ?? name,
                name: name,
                type: typeText.flatMap(ParameterType.init(rawValue:)),
                resolve: parameter.attribute("resolve") ?? "immediate",
                minimum: parameter.attribute("minimum"),
                maximum: parameter.attribute("maximum"),
                choiceRef: parameter.attribute("choiceRef"),
                value: valueElement.trimmedText,
                site: site(parameter),
                valueSite: site(valueElement))
            if typeText == nil, ExpressionEvaluator.evaluate(declaration.value).map({ $0.integerValue != nil }) == .success(true) {
                diagnostics.append(
                    Diagnostic(
                        code: .missingParameterType,
                        message: "parameter '\(name)' has no type, so IP-XACT reads its value \(declaration.value) as a string",
                        location: declaration.site.location, elementPath: declaration.site.path,
                        suggestion: "add type=\"int\" (or longint/bit)"))
            }
            return declaration
        }
    }

    func assertions(of element: XMLElementView) -> [AssertionDeclaration] {
        guard let container = element.child("assertions") else { return [] }
        return container.children(named: "assertion").map { assertion in
            AssertionDeclaration(
                name: assertion.childText("name") ?? "", expression: assertion.childText("assert") ?? "", site: site(assertion))
        }
    }

    // MARK: - Component

    static let modeNames: [String: InterfaceMode] = [
        "master": .master, "slave": .slave, "system": .system,
        "mirroredMaster": .mirroredMaster, "mirroredSlave": .mirroredSlave, "mirroredSystem": .mirroredSystem,
        "monitor": .monitor,
        // IEEE 1685-2022 names.
        "initiator": .master, "target": .slave, "mirroredInitiator": .mirroredMaster, "mirroredTarget": .mirroredSlave,
    ]

    mutating func component(_ root: XMLElementView) -> ComponentDeclaration {
        var busInterfaces: [BusInterfaceDeclaration] = []
        for busInterface in root.child("busInterfaces")?.children(named: "busInterface") ?? [] {
            let busTypeElement = busInterface.child("busType")
            let mode = busInterface.children.lazy.compactMap { Self.modeNames[$0.localName] }.first
            var vcMap: [VirtualChannelMapping] = []
            var vcMapSite: Site?
            if let extensions = busInterface.child("vendorExtensions"),
                let map = extensions.children(named: "vcMap", namespace: IPXACTVersion.extensionNamespaceURI).first
            {
                vcMapSite = site(map)
                for vc in map.children(named: "vc", namespace: IPXACTVersion.extensionNamespaceURI) {
                    let classes = (vc.attribute("classes") ?? "").split(separator: " ").map(String.init)
                    vcMap.append(
                        VirtualChannelMapping(index: Int(vc.attribute("index") ?? "") ?? -1, classes: classes, location: site(vc).location))
                }
            }
            busInterfaces.append(
                BusInterfaceDeclaration(
                    name: busInterface.childText("name") ?? "",
                    busType: busTypeElement.flatMap(vlnv(attributesOf:)),
                    busTypeSite: site(busTypeElement ?? busInterface),
                    mode: mode,
                    connectionRequired: busInterface.childText("connectionRequired") == "true",
                    parameters: parameters(of: busInterface),
                    vcMap: vcMap,
                    vcMapSite: vcMapSite,
                    site: site(busInterface)))
        }
        var choices: [String: [String]] = [:]
        for choice in root.child("choices")?.children(named: "choice") ?? [] {
            choices[choice.childText("name") ?? ""] = choice.children(named: "enumeration").map(\.trimmedText)
        }
        let views = root.child("model")?.child("views")?.children(named: "view").compactMap { $0.childText("name") } ?? []
        return ComponentDeclaration(
            busInterfaces: busInterfaces, parameters: parameters(of: root), assertions: assertions(of: root),
            choices: choices, views: views)
    }

    // MARK: - Design

    mutating func design(_ root: XMLElementView) -> DesignDeclaration {
        var instances: [InstanceDeclaration] = []
        for instance in root.child("componentInstances")?.children(named: "componentInstance") ?? [] {
            let reference = instance.child("componentRef")
            let overrides = (reference?.child("configurableElementValues")?.children(named: "configurableElementValue") ?? []).map {
                OverrideDeclaration(referenceId: $0.attribute("referenceId") ?? "", expression: $0.trimmedText, site: site($0))
            }
            instances.append(
                InstanceDeclaration(
                    name: instance.childText("instanceName") ?? "",
                    componentRef: reference.flatMap(vlnv(attributesOf:)),
                    componentRefSite: site(reference ?? instance),
                    overrides: overrides,
                    site: site(instance)))
        }
        var interconnections: [InterconnectionDeclaration] = []
        for connection in root.child("interconnections")?.children(named: "interconnection") ?? [] {
            let ends = connection.children(named: "activeInterface").map { end in
                InterfaceEndDeclaration(
                    instance: end.attribute(version == .ieee1685_2022 ? "componentInstanceRef" : "componentRef") ?? "",
                    busRef: end.attribute("busRef") ?? "",
                    site: site(end))
            }
            interconnections.append(
                InterconnectionDeclaration(
                    name: connection.childText("name") ?? "", ends: ends,
                    hierarchicalEnds: connection.children(named: "hierInterface").count, site: site(connection)))
        }
        return DesignDeclaration(
            instances: instances, interconnections: interconnections, parameters: parameters(of: root), assertions: assertions(of: root))
    }

    // MARK: - Design configuration

    mutating func designConfiguration(_ root: XMLElementView) -> DesignConfigurationDeclaration {
        let reference = root.child("designRef")
        let views = root.children(named: "viewConfiguration").map { configuration in
            ViewConfigurationDeclaration(
                instance: configuration.childText("instanceName") ?? "",
                view: configuration.child("view")?.attribute("viewRef") ?? "",
                site: site(configuration))
        }
        var verification: VerificationSettings?
        var verificationSite: Site?
        var agentSites: [String: Site] = [:]
        let cv = IPXACTVersion.extensionNamespaceURI
        if let block = root.child("vendorExtensions")?.children(named: "verification", namespace: cv).first {
            verificationSite = site(block)
            let workload = block.children(named: "workload", namespace: cv).first
            let expects = block.children(named: "expect", namespace: cv)
            let expect = expects.first { $0.attribute("link") == nil }
            var agents: [VerificationSettings.ModelledAgents] = []
            for element in block.children(named: "agents", namespace: cv) {
                let instance = element.attribute("instance") ?? ""
                agentSites[instance] = site(element)
                agents.append(
                    VerificationSettings.ModelledAgents(
                        instance: instance,
                        cachingAgents: count(element, "cachingAgents"),
                        homeAgents: count(element, "homeAgents"), location: site(element).location))
            }
            verification = VerificationSettings(
                checks: block.children(named: "check", namespace: cv).compactMap { $0.attribute("property") },
                boundDepth: block.children(named: "bound", namespace: cv).first.flatMap { count($0, "depth") },
                modelledAgents: agents,
                workloadAddresses: workload.flatMap { count($0, "addresses") },
                workloadMaxOutstandingPerAgent: workload.flatMap { count($0, "maxOutstandingPerAgent") },
                workloadMessagesPerAgent: workload.flatMap { count($0, "messagesPerAgent") },
                expectedVerdict: expect?.attribute("verdict").flatMap(ExpectedVerdict.init(rawValue:)),
                expectedProperty: expect?.attribute("property"),
                location: site(block).location)
            for element in expects {
                guard let link = element.attribute("link"),
                    let verdict = element.attribute("verdict").flatMap(ExpectedVerdict.init(rawValue:))
                else { continue }
                verification?.linkExpectations.append(
                    LinkExpectation(link: link, verdict: verdict, property: element.attribute("property"), location: site(element).location))
            }
            for expect in expects where expect.attribute("verdict") == "violated" && expect.attribute("property") == nil {
                diagnostics.append(
                    Diagnostic(
                        code: .expectWithoutProperty,
                        message: "cv:expect verdict=\"violated\" does not say which property must fail",
                        location: site(expect).location, elementPath: site(expect).path,
                        expected: "a property attribute, e.g. property=\"deadlockFreedom\""))
            }
        }
        return DesignConfigurationDeclaration(
            designRef: reference.flatMap(vlnv(attributesOf:)),
            designRefSite: site(reference ?? root),
            views: views,
            parameters: parameters(of: root),
            assertions: assertions(of: root),
            verification: verification,
            verificationSite: verificationSite,
            agentSites: agentSites)
    }

    // MARK: - Catalog

    func catalog(_ root: XMLElementView) -> [CatalogEntry] {
        let groups: [(String, DocumentKind)] = [
            ("busDefinitions", .busDefinition), ("abstractionDefinitions", .abstractionDefinition),
            ("components", .component), ("designs", .design), ("designConfigurations", .designConfiguration),
            ("catalogs", .catalog), ("abstractors", .other), ("generatorChains", .other), ("typeDefinitions", .other),
        ]
        var entries: [CatalogEntry] = []
        for (group, kind) in groups {
            for file in root.child(group)?.children(named: "ipxactFile") ?? [] {
                guard let vlnvElement = file.child("vlnv"), let vlnv = vlnv(attributesOf: vlnvElement),
                    let name = file.childText("name")
                else { continue }
                entries.append(CatalogEntry(vlnv: vlnv, kind: kind, file: name, site: site(file)))
            }
        }
        return entries
    }
}
