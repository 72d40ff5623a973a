import Foundation

/// Maps VLNVs to files (from catalogs, search-path directories and the built-in bus definitions)
/// and reads each referenced document once.
final class DocumentLibrary {
    struct IndexEntry {
        var path: String
        var kind: DocumentKind?
        var builtin: Bool
    }

    private let reader: DocumentReader
    private(set) var index: [VLNV: IndexEntry] = [:]
    private var documents: [String: LoadedDocument?] = [:]
    private(set) var diagnostics: [Diagnostic] = []
    /// VLNVs declared by more than one file, with the diagnostic to give if one is looked up.
    private var ambiguous: [VLNV: [Diagnostic]] = [:]
    /// Search-path files that failed to load (not well-formed, too large, unreadable, no VLNV)
    /// and so might declare a VLNV nothing else declares, with their own errors. Reported when
    /// a lookup finds nothing, so that error names the file whose real problem hid the document.
    private var unloadable: [(path: String, diagnostics: [Diagnostic])] = []
    private var unloadableReported = false

    init(reader: DocumentReader) {
        self.reader = reader
    }

    // MARK: - Building the index

    func addBuiltins(_ paths: [String]) {
        for path in paths {
            guard let (vlnv, kind) = reader.identity(path: path) else { continue }
            index[vlnv] = IndexEntry(path: path, kind: kind, builtin: true)
        }
    }

    /// Indexes every `*.xml` below `directory` by its root VLNV. Files that are not IP-XACT are
    /// skipped here; a referenced file is fully checked when it is read.
    func addSearchPath(_ directory: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.append(
                Diagnostic(
                    code: .searchPathInvalid, message: "search path '\(directory)' is not a directory",
                    location: SourceLocation(file: directory, line: 0, column: 0)))
            return
        }
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".xml") { files.append(relative) }
        }
        for relative in files.sorted() {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let (vlnv, kind) = reader.identity(path: path) else {
                noteUnloadable(path)
                continue
            }
            register(vlnv, kind: kind, path: path, site: nil)
        }
    }

    /// Reads a catalog and indexes its entries (paths relative to the catalog, `${VAR}` expanded).
    func addCatalog(_ path: String) {
        let outcome = reader.read(path: path)
        diagnostics += outcome.diagnostics
        guard let document = outcome.document else { return }
        guard case .catalog(let entries) = document.body else {
            diagnostics.append(
                Diagnostic(
                    code: .unexpectedDocumentKind, message: "'\(path)' is a \(document.kind.rawValue), not an ipxact:catalog",
                    location: document.site.location, elementPath: document.site.path))
            return
        }
        let base = (path as NSString).deletingLastPathComponent
        for entry in entries {
            let expanded = Self.expandEnvironment(entry.file)
            let file = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
            guard FileManager.default.fileExists(atPath: file) else {
                diagnostics.append(
                    Diagnostic(
                        code: .catalogEntryInvalid, message: "catalog entry for \(entry.vlnv) names '\(entry.file)', which does not exist",
                        location: entry.site.location, elementPath: entry.site.path))
                continue
            }
            if entry.kind == .catalog {
                addCatalog(file)
                continue
            }
            guard let (actual, _) = reader.identity(path: file) else {
                // Not a document the index can use: say what it is instead of indexing it (a later
                // file with the same VLNV would otherwise read as a duplicate of it).
                let outcome = reader.read(path: file)
                let errors = outcome.diagnostics.filter { $0.severity == .error }
                let why = errors.first.map { ": \($0.location) \($0.code.rawValue) \($0.message)" } ?? ""
                diagnostics.append(
                    Diagnostic(
                        code: .catalogEntryInvalid,
                        message: "catalog entry for \(entry.vlnv) names '\(entry.file)', which is not a readable IP-XACT document\(why)",
                        location: entry.site.location, elementPath: entry.site.path,
                        suggestion: "point the entry at the descriptor of \(entry.vlnv)"))
                if errors.first?.code != .unknownNamespace { diagnostics += outcome.diagnostics }
                continue
            }
            if actual != entry.vlnv {
                diagnostics.append(
                    Diagnostic(
                        code: .catalogEntryInvalid, message: "catalog entry says \(entry.vlnv) but '\(entry.file)' declares \(actual)",
                        location: entry.site.location, elementPath: entry.site.path))
                continue
            }
            register(entry.vlnv, kind: entry.kind, path: file, site: entry.site)
        }
    }

    /// Adds the entry-point file itself. The file the user named wins over any other file with
    /// the same VLNV in the catalogs or search paths.
    func addEntry(_ document: LoadedDocument) {
        guard let vlnv = document.vlnv else { return }
        ambiguous[vlnv] = nil
        documents[Self.canonical(document.path)] = document
        index[vlnv] = IndexEntry(path: document.path, kind: document.kind, builtin: false)
    }

    private func register(_ vlnv: VLNV, kind: DocumentKind?, path: String, site: Site?) {
        if let existing = index[vlnv] {
            if Self.canonical(existing.path) == Self.canonical(path) { return }
            if existing.builtin {
                if FileManager.default.contentsEqual(atPath: existing.path, andPath: path) {
                    index[vlnv] = IndexEntry(path: path, kind: kind, builtin: false)
                    return
                }
                diagnostics.append(
                    Diagnostic(
                        code: .builtinOverridden,
                        message: "'\(path)' replaces the built-in definition of \(vlnv) with different content",
                        location: site?.location ?? SourceLocation(file: path, line: 1, column: 1), elementPath: site?.path,
                        suggestion: "give a modified bus definition its own version, e.g. \(vlnv.version)-r2"))
                index[vlnv] = IndexEntry(path: path, kind: kind, builtin: false)
                return
            }
            // Two files claiming one VLNV matter only if something refers to it: the problem is
            // reported when the VLNV is looked up, so an unrelated pair of files in a search
            // path (say, several broken variants kept side by side) does not fail every run.
            ambiguous[vlnv, default: []].append(
                Diagnostic(
                    code: .duplicateVLNV, message: "\(vlnv) is declared by both '\(existing.path)' and '\(path)'",
                    location: site?.location ?? SourceLocation(file: path, line: 1, column: 1), elementPath: site?.path,
                    suggestion: "remove one file from the search path or give it another version"))
            return
        }
        index[vlnv] = IndexEntry(path: path, kind: kind, builtin: false)
    }

    /// Records `path` (which `identity` could not read) if it might be a descriptor: anything but
    /// well-formed XML in a foreign namespace.
    private func noteUnloadable(_ path: String) {
        let outcome = reader.read(path: path)
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        guard let first = errors.first, first.code != .unknownNamespace else { return }
        unloadable.append((path, outcome.diagnostics))
    }

    /// For an error saying a VLNV is missing: the search-path files that failed to load and might
    /// declare it, as a clause to add to the message (nil if none). Their own located errors are
    /// added to ``diagnostics`` the first time.
    func unloadableFilesNote() -> String? {
        guard !unloadable.isEmpty else { return nil }
        if !unloadableReported {
            unloadableReported = true
            for file in unloadable { diagnostics += file.diagnostics }
        }
        let shown = unloadable.prefix(3).map { file in
            let error = file.diagnostics.first { $0.severity == .error }
            return error.map { "\($0.location) (\($0.code.rawValue))" } ?? "'\(file.path)'"
        }
        let more = unloadable.count > shown.count ? " and \(unloadable.count - shown.count) more" : ""
        let count = unloadable.count == 1 ? "1 file" : "\(unloadable.count) files"
        return "\(count) in the search paths failed to load and may declare it: \(shown.joined(separator: ", "))\(more)"
    }

    // MARK: - Lookup

    enum Lookup {
        case found(LoadedDocument)
        /// The file exists but has errors (already reported).
        case broken
        case missing
    }

    func document(_ vlnv: VLNV) -> Lookup {
        guard let entry = index[vlnv] else { return .missing }
        if let duplicates = ambiguous.removeValue(forKey: vlnv) {
            diagnostics += duplicates
            documents[Self.canonical(entry.path)] = .some(nil)
            return .broken
        }
        let key = Self.canonical(entry.path)
        if let cached = documents[key] {
            return cached.map(Lookup.found) ?? .broken
        }
        let outcome = reader.read(path: entry.path)
        diagnostics += outcome.diagnostics
        documents[key] = outcome.document
        return outcome.document.map(Lookup.found) ?? .broken
    }

    /// "did you mean" for an unknown VLNV: the closest known VLNV of the wanted kind.
    func suggestion(for vlnv: VLNV, kind: DocumentKind) -> String? {
        let candidates = index.filter { $0.value.kind == kind || $0.value.kind == nil }.keys.map(\.description)
        return EditDistance.closest(to: vlnv.description, among: candidates).map { "did you mean \($0)?" }
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func expandEnvironment(_ text: String) -> String {
        var result = text
        let environment = ProcessInfo.processInfo.environment
        while let open = result.range(of: "${"), let close = result.range(of: "}", range: open.upperBound..<result.endIndex) {
            let name = String(result[open.upperBound..<close.lowerBound])
            result.replaceSubrange(open.lowerBound..<close.upperBound, with: environment[name] ?? "")
        }
        return result
    }
}

extension DocumentReader {
    /// Root VLNV and kind of `path`, from a parse without validation; nil for anything that is
    /// not a readable IP-XACT document. Used only to build the index.
    func identity(path: String) -> (VLNV, DocumentKind)? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
            size.intValue <= maxFileBytes, let data = FileManager.default.contents(atPath: path)
        else { return nil }
        var issues: [XMLIssue] = []
        guard let handle = XMLDocumentHandle.parse(bytes: [UInt8](data), path: path, issues: &issues), let root = handle.root,
            IPXACTVersion.allCases.contains(where: { $0.namespaceURI == root.namespaceURI })
        else { return nil }
        let extractor = DeclarationExtractor(path: path, version: .ieee1685_2014)
        guard let vlnv = extractor.vlnv(childrenOf: root) else { return nil }
        return (vlnv, DocumentKind(rawValue: root.localName) ?? .other)
    }
}
