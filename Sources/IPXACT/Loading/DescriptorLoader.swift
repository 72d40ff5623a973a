import Foundation

/// Entry point for the CLI: loads IP-XACT descriptors, validates them and resolves a design.
///
/// Pipeline (every layer's problems are collected, nothing stops at the first):
/// 1. XML well-formedness (libxml2, `XML_PARSE_NONET`), size limit, version by namespace;
/// 2. schema: the IEEE 1685-2014 or -2022 set plus chipcheck's `cv:` extension schema;
/// 3. references: VLNVs (catalogs, search paths, built-in bus definitions), instances, bus
///    interfaces, configurableElementValue ids, views;
/// 4. parameters: expressions, overrides, ranges, choices, sanity bounds, assertions, cycles;
/// 5. protocol rules across interconnections.
///
/// Schemas are compiled once per loader (on first use) and reused for every document.
public struct DescriptorLoader: Sendable {
    public struct Options: Sendable {
        /// Files larger than this are rejected with ``DiagnosticCode/fileTooLarge`` before parsing.
        public var maxFileBytes: Int
        /// Whether the bus definitions shipped with chipcheck are part of the library.
        public var includeBuiltinDefinitions: Bool
        /// Whether schema violations known to come from IP-XACT editors and harmless to
        /// chipcheck (``DiagnosticCode/editorDeviation``) are errors rather than warnings.
        public var strict: Bool

        public init(maxFileBytes: Int = 8 << 20, includeBuiltinDefinitions: Bool = true, strict: Bool = false) {
            self.maxFileBytes = maxFileBytes
            self.includeBuiltinDefinitions = includeBuiltinDefinitions
            self.strict = strict
        }
    }

    public let searchPaths: [String]
    public let catalogs: [String]
    public let options: Options
    private let schemas: SchemaProvider

    /// - Parameters:
    ///   - searchPaths: directories scanned (recursively) for `*.xml` documents, indexed by VLNV.
    ///   - catalogs: `ipxact:catalog` files mapping VLNVs to paths.
    public init(searchPaths: [String], catalogs: [String] = [], options: Options = Options()) {
        self.searchPaths = searchPaths
        self.catalogs = catalogs
        self.options = options
        self.schemas = SchemaProvider()
    }

    /// Where the shipped schemas and bus definitions were found, or nil if they were not.
    public static var resourceDirectory: String? { ShippedResources.directory?.path }

    private var reader: DocumentReader {
        DocumentReader(schemas: schemas, maxFileBytes: options.maxFileBytes, strict: options.strict)
    }

    /// Every diagnostic for `path` as an entry point: XML and schema for any document; for a
    /// component also its parameters with defaults and its bus definitions' assertions; for a
    /// design or design configuration the full pipeline.
    public func validate(path: String) -> [Diagnostic] {
        let outcome = reader.read(path: path)
        guard let document = outcome.document else { return outcome.diagnostics }
        switch document.kind {
        case .component, .design, .designConfiguration:
            let (library, indexDiagnostics) = makeLibrary(entry: document)
            var resolver = DesignResolver(library: library)
            let (_, diagnostics) = resolver.resolve(entry: document)
            return Self.ordered(outcome.diagnostics + indexDiagnostics + diagnostics + library.diagnostics.suffix(from: indexDiagnostics.count))
        default:
            return outcome.diagnostics
        }
    }

    /// Loads the design configuration (or design) at `path` and everything it references.
    /// Fails with every error found; warnings of a successful load are in
    /// ``ResolvedDesign/warnings``.
    public func load(path: String) -> Result<ResolvedDesign, DiagnosticList> {
        let outcome = reader.read(path: path)
        guard let document = outcome.document else { return .failure(DiagnosticList(outcome.diagnostics)) }
        guard document.kind == .design || document.kind == .designConfiguration else {
            return .failure(
                DiagnosticList(
                    outcome.diagnostics + [
                        Diagnostic(
                            code: .unexpectedDocumentKind,
                            message: "'\(path)' is a \(document.kind.rawValue); a run starts from a designConfiguration or a design",
                            location: document.site.location, elementPath: document.site.path,
                            suggestion: "pass the design configuration that instantiates it")
                    ]))
        }
        let (library, indexDiagnostics) = makeLibrary(entry: document)
        var resolver = DesignResolver(library: library)
        let (design, resolveDiagnostics) = resolver.resolve(entry: document)
        let all = Self.ordered(
            outcome.diagnostics + indexDiagnostics + resolveDiagnostics + library.diagnostics.suffix(from: indexDiagnostics.count))
        guard var design, !all.contains(where: { $0.severity == .error }) else {
            return .failure(DiagnosticList(all))
        }
        design.warnings = all
        return .success(design)
    }

    /// Loads the entry point named by VLNV, found through the catalogs and search paths.
    public func load(vlnv: VLNV) -> Result<ResolvedDesign, DiagnosticList> {
        let library = DocumentLibrary(reader: reader)
        buildIndex(library)
        guard let entry = library.index[vlnv] else {
            let site = SourceLocation(file: "<command line>", line: 0, column: 0)
            let note = library.unloadableFilesNote().map { "; \($0)" } ?? ""
            return .failure(
                DiagnosticList(
                    library.diagnostics + [
                        Diagnostic(
                            code: .unknownVLNV, message: "no designConfiguration or design \(vlnv) in the library\(note)", location: site,
                            suggestion: library.suggestion(for: vlnv, kind: .designConfiguration)
                                ?? library.suggestion(for: vlnv, kind: .design))
                    ]))
        }
        return load(path: entry.path)
    }

    private func buildIndex(_ library: DocumentLibrary) {
        if options.includeBuiltinDefinitions { library.addBuiltins(ShippedResources.builtinDefinitionFiles) }
        for catalog in catalogs {
            if FileManager.default.fileExists(atPath: catalog) {
                library.addCatalog(catalog)
            } else {
                library.addSearchPath(catalog)  // reports IPX209 for the missing path
            }
        }
        for directory in searchPaths { library.addSearchPath(directory) }
    }

    private func makeLibrary(entry: LoadedDocument) -> (DocumentLibrary, [Diagnostic]) {
        let library = DocumentLibrary(reader: reader)
        buildIndex(library)
        library.addEntry(entry)
        return (library, library.diagnostics)
    }

    /// Stable order for output: files in order of first mention, then line, column, and the
    /// order found; exact duplicates are dropped.
    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        let unique = diagnostics.filter { seen.insert($0).inserted }
        var fileRank: [String: Int] = [:]
        for diagnostic in unique where fileRank[diagnostic.location.file] == nil {
            fileRank[diagnostic.location.file] = fileRank.count
        }
        return unique.enumerated().sorted { lhs, rhs in
            let a = lhs.element.location
            let b = rhs.element.location
            let key = { (location: SourceLocation, offset: Int) in [fileRank[location.file]!, location.line, location.column, offset] }
            return key(a, lhs.offset).lexicographicallyPrecedes(key(b, rhs.offset))
        }.map(\.element)
    }
}
