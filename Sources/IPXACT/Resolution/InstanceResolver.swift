/// Resolves one component instance: design overrides, component parameters, bus interfaces
/// merged over their bus definitions' defaults, and the assertions of both.
struct InstanceResolver {
    let library: DocumentLibrary
    var diagnostics: [Diagnostic] = []
    /// Bus-definition scopes, resolved once per bus definition.
    private var busDefinitions: [VLNV: (BusDefinitionDeclaration, ParameterScope)?] = [:]

    init(library: DocumentLibrary) {
        self.library = library
    }

    /// The bus definition `vlnv` with its defaults resolved, or nil (reported at `site`).
    mutating func busDefinition(_ vlnv: VLNV, referencedAt site: Site) -> (BusDefinitionDeclaration, ParameterScope)? {
        if let cached = busDefinitions[vlnv] { return cached }
        var result: (BusDefinitionDeclaration, ParameterScope)?
        switch library.document(vlnv) {
        case .found(let document):
            if case .busDefinition(let declaration) = document.body {
                let scope = ParameterScope(name: "bus definition \(vlnv)")
                for parameter in declaration.parameters { scope.add(parameter, kind: .busDefinitionDefault, busDefinition: vlnv) }
                _ = scope.resolvedAll()
                diagnostics += scope.diagnostics
                result = (declaration, scope)
            } else {
                report(wrongKind: vlnv, expected: .busDefinition, found: document.kind, site: site)
            }
        case .broken:
            break
        case .missing:
            report(unknown: vlnv, kind: .busDefinition, site: site)
        }
        busDefinitions[vlnv] = result
        return result
    }

    mutating func report(unknown vlnv: VLNV, kind: DocumentKind, site: Site) {
        diagnostics.append(
            Diagnostic(
                code: .unknownVLNV,
                message: "no \(kind.rawValue) \(vlnv) in the library (catalogs, search paths, built-ins)"
                    + (library.unloadableFilesNote().map { "; \($0)" } ?? ""),
                location: site.location, elementPath: site.path,
                suggestion: library.suggestion(for: vlnv, kind: kind) ?? "add its file to a search path or catalog"))
    }

    mutating func report(wrongKind vlnv: VLNV, expected: DocumentKind, found: DocumentKind, site: Site) {
        diagnostics.append(
            Diagnostic(
                code: .wrongReferencedKind, message: "\(vlnv) is a \(found.rawValue), not a \(expected.rawValue)",
                location: site.location, elementPath: site.path))
    }

    /// Resolves `component` as instance `name`. `overrides` are already evaluated in the design's
    /// scope (value + provenance), keyed by the declaration's site.
    mutating func resolve(
        name: String,
        vlnv: VLNV,
        document: LoadedDocument,
        component: ComponentDeclaration,
        overrides: [OverrideDeclaration],
        designScope: ParameterScope?
    ) -> ResolvedInstance {
        let scope = ParameterScope(name: "instance \(name) (\(vlnv))")
        scope.choices = component.choices
        for parameter in component.parameters { scope.add(parameter, kind: .componentDefault) }
        for busInterface in component.busInterfaces {
            for parameter in busInterface.parameters { scope.add(parameter, kind: .interfaceValue) }
        }
        applyOverrides(overrides, to: scope, component: component, instance: name, vlnv: vlnv, designScope: designScope)

        let parameters = scope.resolvedAll(component.parameters.map(\.id))
        var busInterfaces: [ResolvedBusInterface] = []
        for declaration in component.busInterfaces {
            if let resolved = resolveInterface(declaration, scope: scope, instance: name) {
                busInterfaces.append(resolved)
            }
        }
        for assertion in component.assertions {
            check(assertion, in: scope, subject: "instance \(name)", site: assertion.site)
        }
        diagnostics += scope.diagnostics
        return ResolvedInstance(
            name: name, component: vlnv, componentFile: document.path, parameters: parameters, busInterfaces: busInterfaces,
            view: nil)
    }

    private mutating func applyOverrides(
        _ overrides: [OverrideDeclaration], to scope: ParameterScope, component: ComponentDeclaration,
        instance: String, vlnv: VLNV, designScope: ParameterScope?
    ) {
        var seen: Set<String> = []
        for override in overrides {
            guard let target = scope.declaration(override.referenceId) else {
                diagnostics.append(
                    Diagnostic(
                        code: .unknownReferenceId,
                        message: "configurableElementValue for instance \(instance) names '\(override.referenceId)', which is not a parameterId of \(vlnv)",
                        location: override.site.location, elementPath: override.site.path,
                        expected: "one of " + component.parameters.filter(\.isOverridable).map(\.id).joined(separator: ", "),
                        suggestion: EditDistance.closest(to: override.referenceId, among: component.allParameters.map(\.id))
                            .map { "did you mean '\($0)'?" }))
                continue
            }
            guard target.isOverridable else {
                diagnostics.append(
                    Diagnostic(
                        code: .overrideOfFixedParameter,
                        message: "parameter '\(target.name)' of \(vlnv) has resolve=\"\(target.resolve)\" and cannot be set by a design",
                        location: override.site.location, elementPath: override.site.path,
                        suggestion: "declare it resolve=\"user\" in the component, or leave it alone"))
                continue
            }
            if !seen.insert(override.referenceId).inserted {
                diagnostics.append(
                    Diagnostic(
                        code: .unknownReferenceId, severity: .error,
                        message: "'\(override.referenceId)' is set twice for instance \(instance)",
                        location: override.site.location, elementPath: override.site.path))
                continue
            }
            // The value is an expression in the design's scope (it may use design parameters).
            let evaluationScope = designScope ?? ParameterScope(name: "design")
            do throws(ExpressionFailure) {
                let (value, inputs) = try evaluationScope.evaluate(override.expression)
                scope.override(
                    target, value: value,
                    provenance: Provenance(kind: .designOverride, location: override.site.location, expression: override.expression, inputs: inputs))
            } catch {
                if !error.alreadyReported {
                    diagnostics.append(
                        evaluationScope.diagnostic(
                            for: error, expression: override.expression, site: override.site,
                            what: "override of '\(target.name)' for instance \(instance)"))
                }
                // Keep the component default so that the rest of the instance still resolves.
            }
        }
    }

    private mutating func resolveInterface(
        _ declaration: BusInterfaceDeclaration, scope: ParameterScope, instance: String
    ) -> ResolvedBusInterface? {
        guard let busType = declaration.busType, let mode = declaration.mode else { return nil }
        let own = scope.resolvedAll(declaration.parameters.map(\.id))
        guard let (busDefinition, busScope) = busDefinition(busType, referencedAt: declaration.busTypeSite) else {
            return ResolvedBusInterface(
                name: declaration.name, busType: busType, mode: mode, connectionRequired: declaration.connectionRequired,
                parameters: own, vcMap: declaration.vcMap, vcMapLocation: declaration.vcMapSite?.location, location: declaration.site.location)
        }
        // Bus-definition parameters in their order, the interface's value where it sets one.
        var merged: [ResolvedParameter] = []
        var byBusId: [String: ParameterValue] = [:]
        let subject = "\(instance).\(declaration.name)"
        for definition in busDefinition.parameters {
            let value = own.first { $0.name == definition.name } ?? busScope.resolved(definition.id)
            guard let value else { continue }
            merged.append(value)
            byBusId[definition.id] = value.value
            if let integer = value.value.integerValue, own.contains(where: { $0.name == definition.name }) {
                checkBusRange(integer, definition: definition, busScope: busScope, parameter: value, interface: declaration, subject: subject)
            }
        }
        let knownNames = Set(busDefinition.parameters.map(\.name))
        for parameter in own where !knownNames.contains(parameter.name) {
            merged.append(parameter)
            if ConventionRules.isUserParameter(parameter.name) { continue }
            if !ConventionRules.isPerVCCredit(parameter.name) || !knownNames.contains("CREDITS_PER_VC") {
                let site = declaration.parameters.first { $0.id == parameter.id }?.site ?? declaration.site
                diagnostics.append(
                    Diagnostic(
                        code: .unknownInterfaceParameter,
                        message: "\(subject): bus definition \(busType) declares no parameter '\(parameter.name)'",
                        location: site.location, elementPath: site.path,
                        expected: busDefinition.parameters.map(\.name).joined(separator: ", "),
                        suggestion: EditDistance.closest(to: parameter.name, among: knownNames).map { "did you mean '\($0)'?" }
                            ?? "a parameter of your own that no model reads must be named \(ConventionRules.userParameterPrefix)…"))
            }
        }
        for assertion in busDefinition.assertions {
            let assertionScope = ParameterScope(name: subject)
            for definition in busDefinition.parameters {
                if let value = byBusId[definition.id],
                    let resolved = merged.first(where: { $0.name == definition.name })
                {
                    assertionScope.override(definition, value: value, provenance: resolved.provenance)
                }
            }
            check(
                assertion, in: assertionScope, subject: "\(subject) (bus definition \(busType) at \(assertion.site.location))",
                site: declaration.site)
        }
        return ResolvedBusInterface(
            name: declaration.name, busType: busType, mode: mode, connectionRequired: declaration.connectionRequired,
            parameters: merged, vcMap: declaration.vcMap, vcMapLocation: declaration.vcMapSite?.location, location: declaration.site.location)
    }

    private mutating func checkBusRange(
        _ value: Int, definition: ParameterDeclaration, busScope: ParameterScope, parameter: ResolvedParameter,
        interface: BusInterfaceDeclaration, subject: String
    ) {
        let minimum = definition.minimum.flatMap { try? busScope.evaluate($0).0.integerValue }
        let maximum = definition.maximum.flatMap { try? busScope.evaluate($0).0.integerValue }
        let outside = (minimum.map { value < $0 } ?? false) || (maximum.map { value > $0 } ?? false)
        guard outside else { return }
        let site = interface.parameters.first { $0.id == parameter.id }?.site ?? interface.site
        diagnostics.append(
            Diagnostic(
                code: .valueOutOfRange,
                message: "\(subject): \(definition.name) = \(value) is outside the range of its bus definition",
                location: site.location, elementPath: site.path,
                expected: ParameterScope.rangeText(minimum, maximum)))
    }

    /// Evaluates an assertion; reports failure or evaluation errors at `site`.
    mutating func check(_ assertion: AssertionDeclaration, in scope: ParameterScope, subject: String, site: Site) {
        do throws(ExpressionFailure) {
            let (value, inputs) = try scope.evaluate(assertion.expression)
            if try !ExpressionEvaluator.truth(value, offset: 0) {
                diagnostics.append(
                    Diagnostic(
                        code: .assertionFailed,
                        message: "assertion '\(assertion.name)' fails for \(subject): `\(assertion.expression)` with \(inputs.joined(separator: ", "))",
                        location: site.location, elementPath: site.path,
                        expected: "`\(assertion.expression)` to hold"))
            }
        } catch {
            if !error.alreadyReported {
                diagnostics.append(scope.diagnostic(for: error, expression: assertion.expression, site: assertion.site, what: "assertion '\(assertion.name)'"))
            }
        }
    }
}

/// Rules of chipcheck's descriptor convention that are not expressible in the schema.
public enum ConventionRules {
    /// `VC<n>_CREDITS`: per-VC override of CREDITS_PER_VC on a UCIe interface.
    public static func isPerVCCredit(_ name: String) -> Bool {
        perVCIndex(name) != nil
    }

    static func perVCIndex(_ name: String) -> Int? {
        guard name.hasPrefix("VC"), name.hasSuffix("_CREDITS") else { return nil }
        let digits = name.dropFirst(2).dropLast("_CREDITS".count)
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    /// Names a user gives parameters of their own (tool settings, documentation) so that chipcheck
    /// ignores them: every other name a bus definition does not declare is an error, because a
    /// misspelt setting would otherwise be explored at its default without a word.
    public static let userParameterPrefix = "USER_"

    public static func isUserParameter(_ name: String) -> Bool { name.hasPrefix(userParameterPrefix) }

    /// The buses chipcheck models as die-to-die links; the point-to-point and link rules apply
    /// to these alone.
    public static func isDieToDie(_ busType: VLNV) -> Bool {
        busType.vendor == "chipcheck.example" && ["ucie", "chi"].contains(busType.library)
    }

    /// Parameters both ends of a link must agree on.
    static let linkWideParameters = ["PROTOCOL", "FLIT_BYTES", "VC_COUNT", "RETRY_ENABLE"]

    /// Bus-type libraries whose links carry coherence traffic (COHERENCE_PROTOCOL must agree).
    static let coherentLibraries: Set<String> = ["chi"]
}
