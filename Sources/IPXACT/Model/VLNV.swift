/// Vendor, library, name, version: the identity of an IP-XACT document.
public struct VLNV: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var vendor: String
    public var library: String
    public var name: String
    public var version: String

    public init(vendor: String, library: String, name: String, version: String) {
        self.vendor = vendor
        self.library = library
        self.name = name
        self.version = version
    }

    /// Parses `vendor:library:name:version`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, !parts.contains(where: \.isEmpty) else { return nil }
        self.init(vendor: parts[0], library: parts[1], name: parts[2], version: parts[3])
    }

    /// `vendor:library:name:version`.
    public var description: String { "\(vendor):\(library):\(name):\(version)" }

    public static func < (lhs: VLNV, rhs: VLNV) -> Bool { lhs.description < rhs.description }
}

/// IEEE 1685 revision of a document, decided only by the root element's namespace URI.
public enum IPXACTVersion: String, Hashable, Sendable, CaseIterable {
    case ieee1685_2014 = "IEEE 1685-2014"
    case ieee1685_2022 = "IEEE 1685-2022"

    public var namespaceURI: String {
        switch self {
        case .ieee1685_2014: "http://www.accellera.org/XMLSchema/IPXACT/1685-2014"
        case .ieee1685_2022: "http://www.accellera.org/XMLSchema/IPXACT/1685-2022"
        }
    }

    /// Namespace of IEEE 1685-2009 (SPIRIT), recognised only to reject it clearly.
    static let spirit2009NamespaceURI = "http://www.spiritconsortium.org/XMLSchema/SPIRIT/1685-2009"
    /// Namespace of chipcheck's vendor extensions (`cv:`).
    public static let extensionNamespaceURI = "http://chipcheck.example/XMLSchema/cv-ext/1.0"
}

/// The top-level document kinds the loader reads.
public enum DocumentKind: String, Hashable, Sendable {
    case busDefinition
    case abstractionDefinition
    case component
    case design
    case designConfiguration
    case catalog
    /// Any other IP-XACT root (abstractor, generatorChain, typeDefinitions): indexed, not used.
    case other
}
