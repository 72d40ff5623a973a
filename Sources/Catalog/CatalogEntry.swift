import StateSpace

/// A parameter a built-in model takes on the command line (`--param NAME=VALUE`).
public struct ModelParameter: Sendable {
    public let name: String
    public let defaultValue: String
    /// The values accepted, in words (`1...8`, `on|off`).
    public let accepted: String
    public let summary: String

    public init(name: String, defaultValue: String, accepted: String, summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.accepted = accepted
        self.summary = summary
    }
}

/// A model chipcheck can run by name, with what a user needs to run it.
public struct CatalogEntry: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ModelParameter]
    /// Names of the seeded-bug switches (values of the `bug` parameter), empty when none.
    public let seededBugs: [String]
    let make: @Sendable (ModelArguments) throws(ModelParameterError) -> AnyTransitionSystem

    public init(
        name: String, summary: String, parameters: [ModelParameter], seededBugs: [String],
        make: @escaping @Sendable (ModelArguments) throws(ModelParameterError) -> AnyTransitionSystem
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.seededBugs = seededBugs
        self.make = make
    }

    /// Builds the model from `--param` pairs, rejecting unknown names and bad values.
    public func instantiate(_ pairs: [(String, String)]) throws(ModelParameterError) -> AnyTransitionSystem {
        let arguments = try ModelArguments(model: self, pairs: pairs)
        return try make(arguments)
    }
}

/// A wrong `--param`: which one, what was expected, and what might have been meant.
public struct ModelParameterError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// The `--param` values of one run, checked against the model's parameter list.
public struct ModelArguments {
    private var values: [String: String] = [:]
    let model: String

    init(model entry: CatalogEntry, pairs: [(String, String)]) throws(ModelParameterError) {
        model = entry.name
        let known = entry.parameters.map(\.name)
        for p in entry.parameters { values[p.name] = p.defaultValue }
        for (name, value) in pairs {
            guard known.contains(name) else {
                var message = "model '\(entry.name)' has no parameter '\(name)'"
                if let guess = closestMatch(to: name, in: known) { message += "; did you mean '\(guess)'?" }
                message += " (parameters: \(known.joined(separator: ", ")))"
                throw ModelParameterError(message: message)
            }
            values[name] = value
        }
    }

    public func int(_ name: String, in range: ClosedRange<Int>) throws(ModelParameterError) -> Int {
        let raw = values[name] ?? ""
        guard let v = Int(raw), range.contains(v) else {
            throw ModelParameterError(
                message: "parameter '\(name)' of model '\(model)' must be an integer in "
                    + "\(range.lowerBound)...\(range.upperBound), got '\(raw)'")
        }
        return v
    }

    /// An integer parameter whose default is another parameter's value: `inheriting` names
    /// that parameter, and is also the default written in the model's parameter list.
    public func int(_ name: String, in range: ClosedRange<Int>, inheriting other: String) throws(ModelParameterError) -> Int {
        values[name] == other ? try int(other, in: range) : try int(name, in: range)
    }

    public func choice(_ name: String, _ options: [String]) throws(ModelParameterError) -> String {
        let raw = values[name] ?? ""
        guard options.contains(raw) else {
            var message = "parameter '\(name)' of model '\(model)' must be one of \(options.joined(separator: "|")), got '\(raw)'"
            if let guess = closestMatch(to: raw, in: options) { message += "; did you mean '\(guess)'?" }
            throw ModelParameterError(message: message)
        }
        return raw
    }
}

/// The closest candidate by edit distance, if it is close enough to be a plausible typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
    let w = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, w.count / 3) ? best.0 : nil
}

