/// The parameters visible to expressions in one document scope (a component instance, a design,
/// a design configuration, a bus definition), resolved lazily in dependency order.
///
/// A parameter is resolved the first time anything asks for it; a parameter asked for while it
/// is still being resolved closes a cycle, which is reported once (naming every member) and
/// never looped on. Every failure is reported once at its root; parameters that merely depend on
/// a failed one fail silently.
final class ParameterScope {
    enum Source {
        case declaration(ParameterDeclaration, Provenance.Kind, busDefinition: VLNV?)
        case fixed(ParameterValue, Provenance, ParameterDeclaration)
    }

    private enum State {
        case resolving
        case resolved(ResolvedParameter)
        case failed
    }

    let name: String
    private var sources: [String: Source] = [:]
    private var order: [String] = []
    private var states: [String: State] = [:]
    private var stack: [String] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// `name` says whose parameters these are, for messages (`instance cpu0`, `design ...`).
    init(name: String) {
        self.name = name
    }

    func add(_ declaration: ParameterDeclaration, kind: Provenance.Kind, busDefinition: VLNV? = nil) {
        if sources[declaration.id] == nil { order.append(declaration.id) }
        sources[declaration.id] = .declaration(declaration, kind, busDefinition: busDefinition)
    }

    /// Replaces a declared parameter by a value computed elsewhere (a design override).
    func override(_ declaration: ParameterDeclaration, value: ParameterValue, provenance: Provenance) {
        if sources[declaration.id] == nil { order.append(declaration.id) }
        sources[declaration.id] = .fixed(value, provenance, declaration)
    }

    var identifiers: [String] { order }

    func declaration(_ id: String) -> ParameterDeclaration? {
        switch sources[id] {
        case .declaration(let declaration, _, _): declaration
        case .fixed(_, _, let declaration): declaration
        case nil: nil
        }
    }

    func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The resolved parameter `id`, or nil if it failed (its failure is already reported).
    func resolved(_ id: String) -> ResolvedParameter? {
        try? resolve(id, offset: 0)
    }

    /// All parameters in declaration order; failed ones are left out.
    func resolvedAll(_ ids: [String]? = nil) -> [ResolvedParameter] {
        (ids ?? order).compactMap { resolved($0) }
    }

    func resolve(_ id: String, offset: Int) throws(ExpressionFailure) -> ResolvedParameter {
        if states[id] == nil, sources[id] != nil { prepare([id]) }
        switch states[id] {
        case .resolved(let parameter): return parameter
        case .failed: throw .dependencyFailed(offset: offset)
        case .resolving: throw reportCycle(closingAt: id, offset: offset)
        case nil: throw ExpressionEvaluator.unknownIdentifier(id, offset: offset, known: order)
        }
    }

    /// Resolves `roots` and everything they refer to, dependencies first, with an explicit stack:
    /// a chain of a million parameters each referring to the one before needs no million nested
    /// calls. When a parameter is computed every parameter it names is already settled, so its
    /// evaluation never resolves another one in turn. A reference back to a parameter still on the
    /// stack closes a cycle, reported once by ``reportCycle(closingAt:offset:)``.
    private func prepare(_ roots: [String]) {
        var frames: [(id: String, dependencies: [String], next: Int)] = []
        func push(_ id: String) {
            states[id] = .resolving
            stack.append(id)
            frames.append((id, dependencies(of: id), 0))
        }
        for root in roots where states[root] == nil && sources[root] != nil {
            push(root)
            while let top = frames.last {
                if case .failed = states[top.id] {
                    // A member of a cycle reported meanwhile: nothing left to compute.
                    frames.removeLast()
                    stack.removeLast()
                    continue
                }
                if top.next < top.dependencies.count {
                    frames[frames.count - 1].next += 1
                    let dependency = top.dependencies[top.next]
                    guard sources[dependency] != nil else { continue }
                    switch states[dependency] {
                    case nil: push(dependency)
                    case .resolving: _ = reportCycle(closingAt: dependency, offset: 0)
                    case .resolved, .failed: break
                    }
                    continue
                }
                frames.removeLast()
                compute(top.id)
                stack.removeLast()
            }
        }
    }

    /// The parameters `id`'s value and bounds name, in order (unknown names are left to the
    /// evaluation to report; a value that does not parse names none).
    private func dependencies(of id: String) -> [String] {
        guard let declaration = declaration(id) else { return [] }
        var texts = [declaration.minimum, declaration.maximum].compactMap { $0 }
        if case .declaration = sources[id] { texts.insert(declaration.value, at: 0) }
        var names: [String] = []
        var seen: Set<String> = []
        for text in texts {
            guard let expression = try? ExpressionParser.parse(text) else { continue }
            for name in expression.identifiers where seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// Evaluates and checks `id`, whose dependencies are all settled; records the outcome.
    private func compute(_ id: String) {
        guard let source = sources[id] else { return }
        let result: ResolvedParameter
        switch source {
        case .fixed(let value, let provenance, let declaration):
            result = ResolvedParameter(
                name: declaration.name, id: id, type: declaration.effectiveType, value: value, provenance: provenance)
        case .declaration(let declaration, let kind, let busDefinition):
            do throws(ExpressionFailure) {
                let (value, inputs) = try evaluate(declaration.value)
                result = ResolvedParameter(
                    name: declaration.name, id: id, type: declaration.effectiveType, value: value,
                    provenance: Provenance(
                        kind: kind, location: declaration.valueSite.location, expression: declaration.value, inputs: inputs,
                        busDefinition: busDefinition))
            } catch {
                states[id] = .failed
                if !error.alreadyReported {
                    report(diagnostic(for: error, expression: declaration.value, site: declaration.valueSite, what: "parameter '\(declaration.name)'"))
                }
                return
            }
        }
        if let declaration = declaration(id), !check(result, declaration: declaration) {
            states[id] = .failed
            return
        }
        states[id] = .resolved(result)
    }

    /// Evaluates `text` in this scope; returns the value and the inputs it read (`ID = value`).
    func evaluate(_ text: String) throws(ExpressionFailure) -> (ParameterValue, [String]) {
        let expression = try ExpressionParser.parse(text)
        prepare(expression.identifiers)
        var inputs: [String] = []
        var seen: Set<String> = []
        let evaluator = ExpressionEvaluator { (name, offset) throws(ExpressionFailure) in
            let parameter = try self.resolve(name, offset: offset)
            let entry = "\(name) = \(parameter.value)"
            if seen.insert(entry).inserted { inputs.append(entry) }
            return parameter.value
        }
        return (try evaluator.evaluate(expression), inputs)
    }

    func diagnostic(for failure: ExpressionFailure, expression: String, site: Site, what: String) -> Diagnostic {
        Diagnostic(
            code: failure.code,
            message: "\(what) of \(name): \(failure.message) in `\(expression)` (offset \(failure.offset))",
            location: site.location, elementPath: site.path, suggestion: failure.suggestion)
    }

    private func reportCycle(closingAt id: String, offset: Int) -> ExpressionFailure {
        let start = stack.firstIndex(of: id) ?? 0
        let members = Array(stack[start...])
        let cycle = (members + [id]).joined(separator: " → ")
        for member in members { states[member] = .failed }
        if let declaration = declaration(id) {
            report(
                Diagnostic(
                    code: .cyclicReference,
                    message: "parameters of \(name) refer to each other in a cycle: \(cycle)",
                    location: declaration.valueSite.location, elementPath: declaration.site.path,
                    suggestion: "give one of \(members.joined(separator: ", ")) a value that does not depend on the others"))
        }
        return .dependencyFailed(offset: offset)
    }

    // MARK: - Checks on a resolved value

    /// Type, declared range, choice and sanity checks. Reports and returns false on failure.
    private func check(_ parameter: ResolvedParameter, declaration: ParameterDeclaration) -> Bool {
        let site = declaration.site
        func fail(_ code: DiagnosticCode, _ message: String, expected: String? = nil, suggestion: String? = nil) -> Bool {
            report(
                Diagnostic(
                    code: code, message: "parameter '\(declaration.name)' of \(name): \(message)",
                    location: parameter.provenance.kind == .designOverride ? parameter.provenance.location : site.location,
                    elementPath: site.path, expected: expected, suggestion: suggestion))
            return false
        }
        if let type = declaration.type {
            switch (type.isInteger, parameter.value) {
            case (true, .string), (true, .real):
                return fail(.typeMismatch, "value \(parameter.value) is not an integer", expected: "a value of type \(type.rawValue)")
            case (false, .integer) where type == .string, (false, .real) where type == .string:
                return fail(
                    .typeMismatch, "value \(parameter.value) is a number but the type is string",
                    expected: "a quoted string", suggestion: "write \"\(parameter.value)\" or declare type=\"int\"")
            default: break
            }
            if type == .bit, let value = parameter.value.integerValue, value != 0 && value != 1 {
                return fail(.valueOutOfRange, "value \(value) is not a bit", expected: "0 or 1")
            }
        }
        if let value = parameter.value.integerValue {
            if !checkRange(value, declaration: declaration, fail: fail) { return false }
            if let problem = SanityBounds.problem(name: declaration.name, value: value) {
                return fail(.absurdValue, "value \(value) \(problem.reason)", expected: problem.expected)
            }
        }
        if let choiceName = declaration.choiceRef, let enumerations = choices?[choiceName] {
            let allowed = enumerations.compactMap { try? ExpressionEvaluator.evaluate($0).get() }
            if !allowed.isEmpty, !allowed.contains(parameter.value) {
                let list = allowed.map(\.description).joined(separator: ", ")
                let closest = EditDistance.closest(to: parameter.value.description, among: allowed.map(\.description))
                return fail(
                    .valueNotInChoice, "value \(parameter.value) is not one of choice '\(choiceName)'", expected: list,
                    suggestion: closest.map { "did you mean \($0)?" })
            }
        }
        return true
    }

    /// Choices of the component whose parameters these are (choice name → enumerations).
    var choices: [String: [String]]?

    private func checkRange(
        _ value: Int, declaration: ParameterDeclaration,
        fail: (DiagnosticCode, String, String?, String?) -> Bool
    ) -> Bool {
        func bound(_ text: String?) -> Int? {
            guard let text else { return nil }
            return (try? evaluate(text))?.0.integerValue
        }
        let minimum = bound(declaration.minimum)
        let maximum = bound(declaration.maximum)
        if let minimum, value < minimum {
            return fail(.valueOutOfRange, "value \(value) is below its minimum \(minimum)", Self.rangeText(minimum, maximum), nil)
        }
        if let maximum, value > maximum {
            return fail(.valueOutOfRange, "value \(value) is above its maximum \(maximum)", Self.rangeText(minimum, maximum), nil)
        }
        return true
    }

    static func rangeText(_ minimum: Int?, _ maximum: Int?) -> String {
        switch (minimum, maximum) {
        case (let low?, let high?): "a value in \(low)...\(high)"
        case (let low?, nil): "a value ≥ \(low)"
        case (nil, let high?): "a value ≤ \(high)"
        case (nil, nil): "any value"
        }
    }
}
