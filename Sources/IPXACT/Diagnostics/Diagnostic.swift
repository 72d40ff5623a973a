/// Where in a descriptor something was written.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// File path as given to the loader (or found through a catalog / search path).
    public var file: String
    /// 1-based line (libxml2's `xmlGetLineNo`); 0 when unknown.
    public var line: Int
    /// 1-based column; best effort (libxml2 keeps no element columns, so this is where the start tag
    /// begins on its line, found by searching the source text); 0 when unknown.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// How bad a diagnostic is. Errors make ``DescriptorLoader/load(path:)`` fail.
public enum Severity: String, Hashable, Sendable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in the descriptors, located and coded.
///
/// Rendered by ``description`` as
/// `file:line:col: error[IPX302]: message (at /element/path) — suggestion`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// Element path inside the document, e.g.
    /// `/component/busInterfaces/busInterface[name=d2d0]/parameters/parameter[CREDITS_PER_VC]`.
    public var elementPath: String?
    /// What the tool expected instead, when that can be said.
    public var expected: String?
    /// A concrete fix, when one is known (e.g. a "did you mean" for a misspelt VLNV).
    public var suggestion: String?

    public init(
        code: DiagnosticCode,
        severity: Severity? = nil,
        message: String,
        location: SourceLocation,
        elementPath: String? = nil,
        expected: String? = nil,
        suggestion: String? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.location = location
        self.elementPath = elementPath
        self.expected = expected
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue)[\(code.rawValue)]: \(message)"
        if let expected { text += "; expected \(expected)" }
        if let elementPath { text += " (at \(elementPath))" }
        if let suggestion { text += " — \(suggestion)" }
        return text
    }
}

/// All diagnostics of one run, in the order they were found. The failure type of
/// ``DescriptorLoader/load(path:)``.
public struct DiagnosticList: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var codes: [DiagnosticCode] { diagnostics.map(\.code) }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
