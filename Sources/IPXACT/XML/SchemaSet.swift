internal import CLibXML2
import Foundation

/// A compiled XML Schema (`xmlSchemaPtr`), freed in `deinit`. Compiled once per run and shared by
/// every document validated against it; libxml2 treats a compiled schema as read-only during
/// validation, which is why one instance may serve several validation contexts.
final class SchemaSet: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    let path: String

    private init(schema: xmlSchemaPtr, path: String) {
        self.schema = schema
        self.path = path
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Compiles the schema at `path` (`xmlSchemaNewParserCtxt` + `xmlSchemaParse`). Imports and
    /// includes are resolved relative to `path`; the no-network entity loader is installed first.
    static func compile(path: String, issues: inout [XMLIssue]) -> SchemaSet? {
        let collector = XMLIssueCollector()
        let compiled: xmlSchemaPtr? = LibXML2.capturingErrors(into: collector) {
            guard let parser = xmlSchemaNewParserCtxt(path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            let userData = Unmanaged.passUnretained(collector).toOpaque()
            xmlSchemaSetParserStructuredErrors(parser, LibXML2.structuredErrorHandler, userData)
            return xmlSchemaParse(parser)
        }
        issues.append(contentsOf: collector.issues)
        guard let compiled else { return nil }
        return SchemaSet(schema: compiled, path: path)
    }

    func withSchema<T>(_ body: (xmlSchemaPtr) -> T) -> T {
        withExtendedLifetime(self) { body(schema) }
    }
}
