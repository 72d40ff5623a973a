/// Resolves a design (optionally through its design configuration) into a ``ResolvedDesign``,
/// collecting every diagnostic on the way.
struct DesignResolver {
    let library: DocumentLibrary
    private var instances: InstanceResolver
    private(set) var diagnostics: [Diagnostic] = []

    init(library: DocumentLibrary) {
        self.library = library
        self.instances = InstanceResolver(library: library)
    }

    private var allDiagnostics: [Diagnostic] { diagnostics + instances.diagnostics }

    /// Resolves the entry document (design or design configuration).
    mutating func resolve(entry: LoadedDocument) -> (ResolvedDesign?, [Diagnostic]) {
        switch entry.body {
        case .designConfiguration(let configuration):
            guard let designRef = configuration.designRef else { return (nil, allDiagnostics) }
            switch library.document(designRef) {
            case .found(let document):
                guard case .design(let design) = document.body else {
                    instances.report(wrongKind: designRef, expected: .design, found: document.kind, site: configuration.designRefSite)
                    return (nil, allDiagnostics)
                }
                let result = resolve(design: design, document: document, configuration: (configuration, entry))
                return (result, allDiagnostics)
            case .broken:
                return (nil, allDiagnostics)
            case .missing:
                instances.report(unknown: designRef, kind: .design, site: configuration.designRefSite)
                return (nil, allDiagnostics)
            }
        case .design(let design):
            return (resolve(design: design, document: entry, configuration: nil), allDiagnostics)
        case .component(let component):
            // Standalone check of one component with its defaults (used by validate).
            if let vlnv = entry.vlnv {
                _ = instances.resolve(name: vlnv.name, vlnv: vlnv, document: entry, component: component, overrides: [], designScope: nil)
            }
            return (nil, allDiagnostics)
        default:
            return (nil, allDiagnostics)
        }
    }

    private mutating func resolve(
        design: DesignDeclaration, document: LoadedDocument,
        configuration: (DesignConfigurationDeclaration, LoadedDocument)?
    ) -> ResolvedDesign? {
        let designName = document.vlnv?.description ?? document.path
        let designScope = ParameterScope(name: "design \(designName)")
        for parameter in design.parameters { designScope.add(parameter, kind: .designParameter) }
        let designParameters = designScope.resolvedAll()

        var resolvedInstances: [ResolvedInstance] = []
        var components: [String: ComponentDeclaration] = [:]
        for instance in design.instances {
            guard let vlnv = instance.componentRef else { continue }
            switch library.document(vlnv) {
            case .found(let componentDocument):
                guard case .component(let component) = componentDocument.body else {
                    instances.report(wrongKind: vlnv, expected: .component, found: componentDocument.kind, site: instance.componentRefSite)
                    continue
                }
                components[instance.name] = component
                resolvedInstances.append(
                    instances.resolve(
                        name: instance.name, vlnv: vlnv, document: componentDocument, component: component,
                        overrides: instance.overrides, designScope: designScope))
            case .broken:
                continue
            case .missing:
                instances.report(unknown: vlnv, kind: .component, site: instance.componentRefSite)
            }
        }
        for assertion in design.assertions {
            instances.check(assertion, in: designScope, subject: "design \(designName)", site: assertion.site)
        }
        diagnostics += designScope.diagnostics

        var checker = ConnectionChecker(
            design: design, instances: resolvedInstances, components: components, instanceResolver: instances,
            knownInstanceNames: design.instances.map(\.name))
        let interconnections = checker.check()
        instances = checker.instanceResolver
        diagnostics += checker.diagnostics

        var result = ResolvedDesign(
            design: document.vlnv ?? VLNV(vendor: "", library: "", name: "", version: ""),
            designFile: document.path,
            designConfiguration: nil, designConfigurationFile: nil,
            instances: resolvedInstances, interconnections: interconnections,
            designParameters: designParameters, configurationParameters: [],
            verification: nil, warnings: [])
        result.otherInterconnections = checker.others
        if let (configurationDeclaration, configurationDocument) = configuration {
            applyConfiguration(
                configurationDeclaration, document: configurationDocument, components: components,
                declaredInstances: design.instances.map(\.name), to: &result)
        }
        return result
    }

    private mutating func applyConfiguration(
        _ configuration: DesignConfigurationDeclaration, document: LoadedDocument, components: [String: ComponentDeclaration],
        declaredInstances: [String], to result: inout ResolvedDesign
    ) {
        result.designConfiguration = document.vlnv
        result.designConfigurationFile = document.path
        let scope = ParameterScope(name: "design configuration \(document.vlnv?.description ?? document.path)")
        for parameter in configuration.parameters { scope.add(parameter, kind: .configurationParameter) }
        result.configurationParameters = scope.resolvedAll()
        for assertion in configuration.assertions {
            instances.check(assertion, in: scope, subject: "design configuration", site: assertion.site)
        }
        diagnostics += scope.diagnostics
        let names = result.instances.map(\.name)
        // An instance the design declares but could not resolve (its component is broken, which
        // is reported where it is) is not unknown: naming it is not an error, and suggestions
        // are drawn from every declared instance, so none points at the wrong one.
        for view in configuration.views {
            guard let index = names.firstIndex(of: view.instance) else {
                if !declaredInstances.contains(view.instance) {
                    diagnostics.append(
                        unknownInstance(view.instance, site: view.site, known: declaredInstances, context: "viewConfiguration"))
                }
                continue
            }
            if let component = components[view.instance], !component.views.contains(view.view) {
                diagnostics.append(
                    Diagnostic(
                        code: .unknownView, message: "instance \(view.instance) has no view '\(view.view)'",
                        location: view.site.location, elementPath: view.site.path,
                        expected: component.views.isEmpty ? "a component with views" : component.views.joined(separator: ", "),
                        suggestion: EditDistance.closest(to: view.view, among: component.views).map { "did you mean '\($0)'?" }))
                continue
            }
            result.instances[index].view = view.view
        }
        if var verification = configuration.verification {
            for agents in verification.modelledAgents {
                let site = configuration.agentSites[agents.instance] ?? configuration.verificationSite!
                guard let instance = result.instance(agents.instance) else {
                    if !declaredInstances.contains(agents.instance) {
                        diagnostics.append(unknownInstance(agents.instance, site: site, known: declaredInstances, context: "cv:agents"))
                    }
                    continue
                }
                for (attribute, modelled, parameterName) in [
                    ("cachingAgents", agents.cachingAgents, "CACHING_AGENTS"), ("homeAgents", agents.homeAgents, "HOME_AGENTS"),
                ] {
                    if let modelled, let available = instance.parameters[name: parameterName]?.value.integerValue, modelled > available {
                        diagnostics.append(
                            Diagnostic(
                                code: .absurdValue,
                                message: "cv:agents models \(modelled) \(attribute) of \(agents.instance), which has only \(available)",
                                location: site.location, elementPath: site.path, expected: "at most \(available)"))
                    }
                }
            }
            verification.location = configuration.verificationSite?.location ?? verification.location
            result.verification = verification
        }
    }

    func unknownInstance(_ name: String, site: Site, known: [String], context: String) -> Diagnostic {
        Diagnostic(
            code: .unknownInstance, message: "\(context) names instance '\(name)', which the design does not have",
            location: site.location, elementPath: site.path, expected: "one of " + known.joined(separator: ", "),
            suggestion: EditDistance.closest(to: name, among: known).map { "did you mean '\($0)'?" })
    }
}
