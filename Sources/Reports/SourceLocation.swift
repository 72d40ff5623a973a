/// A place in a file a finding points at: a vector file today, a descriptor's element later.
///
/// Paths are kept as given (relative to the working directory when possible) so that CI systems
/// that resolve locations against the checkout root can link to them.
public struct SourceLocation: Sendable, Hashable {
    /// The file, as a relative or absolute path (not a URL).
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`, leaving out what is unknown.
    public var description: String {
        var out = path
        if let line { out += ":\(line)" }
        if let line = column, self.line != nil { out += ":\(line)" }
        return out
    }
}
