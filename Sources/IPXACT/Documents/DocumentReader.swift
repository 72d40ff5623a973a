import Foundation

/// Reads one descriptor file through the first layers of the pipeline: size check, XML parse,
/// version detection by namespace, schema validation; then extracts the declarations.
struct DocumentReader {
    let schemas: SchemaProvider
    let maxFileBytes: Int
    /// Known editor deviations are errors, as the schema says, instead of warnings.
    var strict = false

    /// Schema violations that IP-XACT editors write and that carry nothing chipcheck reads:
    /// the attribute, and who is known to write it.
    static let editorDeviations: [(attribute: String, writer: String)] = [("usageCount", "Kactus2")]

    /// Outcome of reading one file.
    struct Outcome {
        var document: LoadedDocument?
        var diagnostics: [Diagnostic]
    }

    /// Parses and validates `path` (layers 1 and 2) without extracting anything.
    func validate(path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        _ = parseAndValidate(path: path, diagnostics: &diagnostics)
        return diagnostics
    }

    /// Reads `path`: parse, validate, extract. A document with XML or schema errors is not
    /// returned (later layers would only report consequences of the same root cause).
    func read(path: String) -> Outcome {
        var diagnostics: [Diagnostic] = []
        guard let (handle, root, version) = parseAndValidate(path: path, diagnostics: &diagnostics),
            !diagnostics.contains(where: { $0.severity == .error })
        else {
            return Outcome(document: nil, diagnostics: diagnostics)
        }
        var extractor = DeclarationExtractor(path: handle.path, version: version)
        let document = extractor.extract(root: root)
        return Outcome(document: document, diagnostics: diagnostics + extractor.diagnostics)
    }

    private func parseAndValidate(
        path: String, diagnostics: inout [Diagnostic]
    ) -> (XMLDocumentHandle, XMLElementView, IPXACTVersion)? {
        let fileStart = SourceLocation(file: path, line: 0, column: 0)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, (attributes[.type] as? FileAttributeType) != .typeDirectory else {
            diagnostics.append(
                Diagnostic(code: .fileUnreadable, message: "cannot read '\(path)': no such file", location: fileStart))
            return nil
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxFileBytes else {
            diagnostics.append(
                Diagnostic(
                    code: .fileTooLarge,
                    message: "file is \(size) bytes; descriptors larger than \(maxFileBytes) bytes are not read",
                    location: fileStart,
                    expected: "an IP-XACT descriptor of at most \(maxFileBytes) bytes",
                    suggestion: "split the library into one file per document, or raise the limit (--max-file-size, DescriptorLoader.Options.maxFileBytes)"))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(Diagnostic(code: .fileUnreadable, message: "cannot read '\(path)'", location: fileStart))
            return nil
        }
        var issues: [XMLIssue] = []
        let handle = XMLDocumentHandle.parse(bytes: [UInt8](data), path: path, issues: &issues)
        diagnostics += issues.map { Self.diagnostic(for: $0, path: path, document: nil, code: .malformedXML) }
        guard let handle, let root = handle.root else {
            if diagnostics.isEmpty {
                diagnostics.append(Diagnostic(code: .malformedXML, message: "document has no root element", location: fileStart))
            }
            return nil
        }
        let rootLocation = SourceLocation(file: path, line: root.line, column: root.column)
        let namespace = root.namespaceURI ?? ""
        guard let version = IPXACTVersion.allCases.first(where: { $0.namespaceURI == namespace }) else {
            let supported = IPXACTVersion.allCases.map { "\($0.rawValue) (\($0.namespaceURI))" }.joined(separator: " or ")
            if namespace == IPXACTVersion.spirit2009NamespaceURI {
                diagnostics.append(
                    Diagnostic(
                        code: .unsupportedVersion,
                        message: "IEEE 1685-2009 (SPIRIT) document: found namespace \(namespace); this tool reads \(supported)",
                        location: rootLocation, elementPath: root.elementPath,
                        suggestion: "convert the file to IEEE 1685-2014 with Accellera's 2009-to-2014 up-conversion stylesheet"))
            } else {
                let found = namespace.isEmpty ? "no namespace" : "namespace \(namespace)"
                diagnostics.append(
                    Diagnostic(
                        code: .unknownNamespace,
                        message: "root element <\(root.qualifiedName)> is not IP-XACT: found \(found)",
                        location: rootLocation, elementPath: root.elementPath,
                        expected: supported,
                        suggestion: EditDistance.closest(to: namespace, among: IPXACTVersion.allCases.map(\.namespaceURI))
                            .map { "did you mean \($0)?" }))
            }
            return nil
        }
        if let declaration = handle.firstEntityDeclaration {
            // Refused before schema validation: entity references are never needed in a
            // descriptor, and libxml2 2.9's validator leaks on them.
            diagnostics.append(
                Diagnostic(
                    code: .entityDeclaration,
                    message: "the document type declaration declares entities; IP-XACT descriptors may not use them",
                    location: SourceLocation(file: path, line: declaration.line, column: declaration.column),
                    expected: "a plain XML document without <!DOCTYPE ... [<!ENTITY ...>]>",
                    suggestion: "remove the <!DOCTYPE> and write the entities' text where they are referenced"))
            return nil
        }
        switch schemas.schema(for: version) {
        case .success(let schema):
            let schemaIssues = handle.validate(against: schema)
            diagnostics += schemaIssues.map { issue in
                var diagnostic = Self.diagnostic(for: issue, path: path, document: handle, code: .schemaViolation)
                if let deviation = Self.editorDeviations.first(where: {
                    diagnostic.message.hasSuffix("attribute '\($0.attribute)': The attribute '\($0.attribute)' is not allowed")
                }) {
                    diagnostic.code = .editorDeviation
                    diagnostic.severity = strict ? .error : .warning
                    diagnostic.message += " (an attribute without a namespace, as \(deviation.writer) writes it; chipcheck reads nothing from it)"
                    diagnostic.suggestion = strict ? "remove it, or validate without --strict" : "remove it to keep the file schema-valid; --strict makes this an error"
                }
                return diagnostic
            }
        case .failure(let failure):
            diagnostics.append(failure.diagnostic)
        }
        return (handle, root, version)
    }

    /// Converts a libxml2 issue to a diagnostic, replacing Clark-notation names with prefixes.
    static func diagnostic(for issue: XMLIssue, path: String, document: XMLDocumentHandle?, code: DiagnosticCode) -> Diagnostic {
        let line = issue.nodeLine ?? issue.line
        var column = issue.column
        if column == 0, let name = issue.nodeQualifiedName, let document {
            column = document.column(ofStartTag: name, line: line)
        }
        var message = readableNames(issue.message)
        var expected: String?
        if let range = message.range(of: " Expected is ") {
            expected = String(message[range.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: " ."))
            message = String(message[..<range.lowerBound])
        }
        while message.hasSuffix(".") { message.removeLast() }
        return Diagnostic(
            code: code,
            severity: issue.isWarning ? .warning : .error,
            message: message,
            location: SourceLocation(file: issue.file ?? path, line: line, column: column),
            elementPath: issue.elementPath,
            expected: expected)
    }

    static func readableNames(_ text: String) -> String {
        var result = text
        for version in IPXACTVersion.allCases {
            result = result.replacingOccurrences(of: "{\(version.namespaceURI)}", with: "ipxact:")
        }
        return result.replacingOccurrences(of: "{\(IPXACTVersion.extensionNamespaceURI)}", with: "cv:")
    }
}
