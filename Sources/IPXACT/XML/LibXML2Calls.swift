internal import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// One libxml2 error, copied out of libxml2's `xmlError` while the callback runs.
struct XMLIssue: Sendable, Equatable {
    enum Domain: Sendable, Equatable {
        case parser
        case schemaParse
        case schemaValidity
        case io
        case other(Int32)
    }

    var domain: Domain
    var isWarning: Bool
    var message: String
    var file: String?
    var line: Int
    /// Column from libxml2 (`xmlError.int2`); only the parser fills it in.
    var column: Int
    /// Element path of the node the error is about, when libxml2 names one (schema validity).
    var elementPath: String?
    /// Line of that node (`xmlGetLineNo`), preferred over `line` when present.
    var nodeLine: Int?
    var nodeQualifiedName: String?
}

/// Collects libxml2's structured errors for one operation.
final class XMLIssueCollector {
    var issues: [XMLIssue] = []
    /// Stops storing after this many issues so a pathological file cannot grow the list without bound.
    let limit = 500
    var dropped = 0
}

/// Every call into libxml2 that is not a plain tree walk lives here.
enum LibXML2 {
    /// Parse options used for every document and schema: no network (`XML_PARSE_NONET`), 32-bit
    /// line numbers (`XML_PARSE_BIG_LINES`). Deliberately absent: `XML_PARSE_NOENT` (entity
    /// substitution, XXE) and `XML_PARSE_HUGE` (lifts libxml2's size and depth safety limits).
    static let parseOptions: Int32 = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_BIG_LINES.rawValue)

    /// `xmlInitParser` once per process, and `xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)`
    /// so that no code path (DTDs, XInclude, schema imports) can reach the network.
    ///
    /// `xmlCleanupParser` runs at process exit: libxml2 keeps process-wide tables (the XML Schema
    /// built-in types among them) until then, and freeing them lets a leak checker tell a real
    /// leak from those. Every libxml2 call of the process goes through this module, and none can
    /// run after exit, so the cleanup cannot pull anything from under a caller.
    private static let initialized: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
        atexit {
            // libxml2 2.9's xmlCleanupParser leaves the schema built-in types to their own call.
            xmlSchemaCleanupTypes()
            xmlCleanupParser()
        }
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Runs `body` with this thread's libxml2 error handlers pointed at `collector`
    /// (`xmlSetStructuredErrorFunc`, plus a no-op generic handler) so nothing is printed to stderr,
    /// then restores the defaults.
    static func capturingErrors<T>(into collector: XMLIssueCollector, _ body: () -> T) -> T {
        ensureInitialized()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        chipcheck_xml_silence_generic_errors()
        xmlSetStructuredErrorFunc(context, structuredErrorHandler)
        defer {
            xmlSetStructuredErrorFunc(nil, nil)
            chipcheck_xml_silence_generic_errors()
        }
        return withExtendedLifetime(collector) { body() }
    }

    static let structuredErrorHandler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let collector = Unmanaged<XMLIssueCollector>.fromOpaque(userData).takeUnretainedValue()
        collector.record(error)
    }

    /// `xmlReadMemory` with ``parseOptions``. `url` names the file in libxml2's messages.
    static func readMemory(_ bytes: UnsafeRawBufferPointer, url: String) -> xmlDocPtr? {
        guard let base = bytes.baseAddress, bytes.count <= Int(Int32.max) else { return nil }
        return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), url, nil, parseOptions)
    }

    /// `xmlGetLineNo`, which reads past 65535 because ``parseOptions`` includes `XML_PARSE_BIG_LINES`.
    static func lineNumber(of node: xmlNodePtr) -> Int {
        Int(xmlGetLineNo(node))
    }
}

extension XMLIssueCollector {
    /// Copies everything needed out of `xmlError` immediately: libxml2 reuses the struct.
    func record(_ errorPointer: UnsafeMutablePointer<xmlError>) {
        if issues.count >= limit {
            dropped += 1
            return
        }
        let error = errorPointer.pointee
        let domain: XMLIssue.Domain
        switch xmlErrorDomain(UInt32(bitPattern: error.domain)) {
        case XML_FROM_PARSER, XML_FROM_NAMESPACE, XML_FROM_DTD: domain = .parser
        case XML_FROM_SCHEMASP: domain = .schemaParse
        case XML_FROM_SCHEMASV: domain = .schemaValidity
        case XML_FROM_IO: domain = .io
        default: domain = .other(error.domain)
        }
        var message = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        var issue = XMLIssue(
            domain: domain,
            isWarning: error.level == XML_ERR_WARNING,
            message: message,
            file: error.file.map { String(cString: $0) },
            line: Int(error.line),
            column: domain == .parser ? Int(error.int2) : 0
        )
        if let rawNode = error.node {
            let node = rawNode.assumingMemoryBound(to: xmlNode.self)
            if node.pointee.type == XML_ELEMENT_NODE {
                let view = XMLNodeReader(node)
                issue.elementPath = view.elementPath
                issue.nodeLine = LibXML2.lineNumber(of: node)
                issue.nodeQualifiedName = view.qualifiedName
            }
        }
        issues.append(issue)
    }
}
