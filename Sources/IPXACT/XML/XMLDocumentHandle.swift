internal import CLibXML2
import Foundation

/// A parsed XML document. Owns libxml2's `xmlDocPtr` and frees it (`xmlFreeDoc`) in `deinit`.
///
/// Nothing outside `XML/` sees a libxml2 type: callers walk the tree through ``XMLElementView``,
/// which copies every string out as soon as it is read.
final class XMLDocumentHandle {
    private let doc: xmlDocPtr
    /// Path as given by the caller; used in every diagnostic about this document.
    let path: String
    /// Raw bytes of the file, kept to compute columns (libxml2 records only lines for elements).
    private let source: [UInt8]
    private lazy var lineStarts: [Int] = {
        var starts = [0]
        for (index, byte) in source.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        return starts
    }()

    /// Element paths built so far (see ``XMLElementView/elementPath``), by node.
    var elementPaths: [xmlNodePtr: String] = [:]

    private init(doc: xmlDocPtr, path: String, source: [UInt8]) {
        self.doc = doc
        self.path = path
        self.source = source
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// Parses `bytes` (the content of `path`). Returns the document, or nil with the parser's errors
    /// in `issues`. Warnings are returned alongside a document too.
    static func parse(bytes: [UInt8], path: String, issues: inout [XMLIssue]) -> XMLDocumentHandle? {
        let bytes = normalizingLoneCarriageReturns(bytes)
        let collector = XMLIssueCollector()
        let doc: xmlDocPtr? = LibXML2.capturingErrors(into: collector) {
            bytes.withUnsafeBytes { LibXML2.readMemory($0, url: path) }
        }
        issues.append(contentsOf: collector.issues)
        guard let doc else { return nil }
        if collector.issues.contains(where: { !$0.isWarning }) {
            // libxml2 recovered a tree from a broken file; do not build on it.
            xmlFreeDoc(doc)
            return nil
        }
        return XMLDocumentHandle(doc: doc, path: path, source: bytes)
    }

    /// `bytes` with every `\r` not followed by `\n` replaced by `\n`. XML reads both as a line end
    /// (XML 1.0 section 2.11), but libxml2 counts lines at `\n` only, so a file with old Mac line
    /// endings would put every diagnostic on line 1. Same length, so columns do not move. Files in
    /// UTF-16 or UTF-32 (a zero byte or byte-order mark in the first four) are left alone.
    static func normalizingLoneCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let head = bytes.prefix(4)
        guard bytes.contains(cr), !head.contains(0), !head.starts(with: [0xFE, 0xFF]), !head.starts(with: [0xFF, 0xFE]) else {
            return bytes
        }
        var result = bytes
        for index in result.indices where result[index] == cr && (index + 1 == result.count || result[index + 1] != lf) {
            result[index] = lf
        }
        return result
    }

    /// Line and column of the first entity declaration (`<!ENTITY`), when the document's type
    /// declaration declares any entity; nil otherwise. External subsets are never loaded
    /// (no `XML_PARSE_DTDLOAD`), so only the internal subset can declare one.
    var firstEntityDeclaration: (line: Int, column: Int)? {
        guard let subset = doc.pointee.intSubset,
            subset.pointee.entities != nil || subset.pointee.pentities != nil
        else { return nil }
        guard let index = firstOccurrence(of: Array("<!ENTITY".utf8), in: 0..<source.count) else { return (1, 1) }
        let line = lineStarts.lastIndex(where: { $0 <= index }) ?? 0
        return (line + 1, index - lineStarts[line] + 1)
    }

    /// The root element, if the document has one.
    var root: XMLElementView? {
        guard let node = xmlDocGetRootElement(doc) else { return nil }
        return XMLElementView(node: node, owner: self)
    }

    /// Validates this document against `schema` (`xmlSchemaNewValidCtxt` +
    /// `xmlSchemaSetValidStructuredErrors` + `xmlSchemaValidateDoc`).
    func validate(against schema: SchemaSet) -> [XMLIssue] {
        let collector = XMLIssueCollector()
        LibXML2.capturingErrors(into: collector) {
            schema.withSchema { schemaPointer in
                guard let context = xmlSchemaNewValidCtxt(schemaPointer) else { return }
                defer { xmlSchemaFreeValidCtxt(context) }
                let userData = Unmanaged.passUnretained(collector).toOpaque()
                xmlSchemaSetValidStructuredErrors(context, LibXML2.structuredErrorHandler, userData)
                _ = xmlSchemaValidateDoc(context, doc)
            }
        }
        return collector.issues
    }

    /// Best-effort 1-based column of the start tag `<qualifiedName` on `line`; 1 if not found.
    /// libxml2 keeps no column for elements, so this searches the source line.
    func column(ofStartTag qualifiedName: String, line: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return 1 }
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] : source.count
        let needle = Array(("<" + qualifiedName).utf8)
        // The name must end there: `<ipxact:name` is not the start of `<ipxact:nameGroup`.
        let found = firstOccurrence(of: needle, in: start..<end) { after in
            after >= end || !Self.isNameByte(source[after])
        }
        return found.map { $0 - start + 1 } ?? 1
    }

    /// The first index in `range` where `needle` starts in the source and `accept` (given the
    /// index just past the match) agrees.
    private func firstOccurrence(
        of needle: [UInt8], in range: Range<Int>, where accept: (Int) -> Bool = { _ in true }
    ) -> Int? {
        guard let first = needle.first, range.count >= needle.count else { return nil }
        for index in range.lowerBound...(range.upperBound - needle.count)
        where source[index] == first && source[index..<index + needle.count].elementsEqual(needle)
            && accept(index + needle.count)
        {
            return index
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }
}
