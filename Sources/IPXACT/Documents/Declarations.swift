/// A position in a document: file:line:column plus the element path.
struct Site: Hashable, Sendable {
    var location: SourceLocation
    var path: String
}

/// `parameter` as written (2014 and 2022 share the shape).
struct ParameterDeclaration: Hashable, Sendable {
    var id: String
    var name: String
    /// Nil when the attribute is absent (IP-XACT then means `string`).
    var type: ParameterType?
    var resolve: String
    var minimum: String?
    var maximum: String?
    var choiceRef: String?
    var value: String
    var site: Site
    var valueSite: Site

    var effectiveType: ParameterType { type ?? .string }
    var isOverridable: Bool { resolve == "user" || resolve == "generated" }
}

struct AssertionDeclaration: Hashable, Sendable {
    var name: String
    var expression: String
    var site: Site
}

struct BusInterfaceDeclaration: Hashable, Sendable {
    var name: String
    var busType: VLNV?
    var busTypeSite: Site
    var mode: InterfaceMode?
    var connectionRequired: Bool
    var parameters: [ParameterDeclaration]
    var vcMap: [VirtualChannelMapping]
    var vcMapSite: Site?
    var site: Site
}

struct ComponentDeclaration: Hashable, Sendable {
    var busInterfaces: [BusInterfaceDeclaration]
    var parameters: [ParameterDeclaration]
    var assertions: [AssertionDeclaration]
    /// choice name → enumeration expressions.
    var choices: [String: [String]]
    var views: [String]

    /// Every parameter of the document (component level first, then bus interfaces), by id.
    var allParameters: [ParameterDeclaration] {
        parameters + busInterfaces.flatMap(\.parameters)
    }
}

struct BusDefinitionDeclaration: Hashable, Sendable {
    var directConnection: Bool
    var parameters: [ParameterDeclaration]
    var assertions: [AssertionDeclaration]
}

struct OverrideDeclaration: Hashable, Sendable {
    var referenceId: String
    var expression: String
    var site: Site
}

struct InstanceDeclaration: Hashable, Sendable {
    var name: String
    var componentRef: VLNV?
    var componentRefSite: Site
    var overrides: [OverrideDeclaration]
    var site: Site
}

struct InterfaceEndDeclaration: Hashable, Sendable {
    var instance: String
    var busRef: String
    var site: Site
}

struct InterconnectionDeclaration: Hashable, Sendable {
    var name: String
    var ends: [InterfaceEndDeclaration]
    var hierarchicalEnds: Int
    var site: Site
}

struct DesignDeclaration: Hashable, Sendable {
    var instances: [InstanceDeclaration]
    var interconnections: [InterconnectionDeclaration]
    var parameters: [ParameterDeclaration]
    var assertions: [AssertionDeclaration]
}

struct ViewConfigurationDeclaration: Hashable, Sendable {
    var instance: String
    var view: String
    var site: Site
}

struct DesignConfigurationDeclaration: Hashable, Sendable {
    var designRef: VLNV?
    var designRefSite: Site
    var views: [ViewConfigurationDeclaration]
    var parameters: [ParameterDeclaration]
    var assertions: [AssertionDeclaration]
    var verification: VerificationSettings?
    var verificationSite: Site?
    var agentSites: [String: Site]
}

struct CatalogEntry: Hashable, Sendable {
    var vlnv: VLNV
    var kind: DocumentKind
    var file: String
    var site: Site
}

/// A parsed, validated document, reduced to what the loader uses.
struct LoadedDocument: Sendable {
    enum Body: Sendable {
        case busDefinition(BusDefinitionDeclaration)
        case abstractionDefinition(busType: VLNV?)
        case component(ComponentDeclaration)
        case design(DesignDeclaration)
        case designConfiguration(DesignConfigurationDeclaration)
        case catalog([CatalogEntry])
        case other
    }

    var path: String
    var version: IPXACTVersion
    var kind: DocumentKind
    var vlnv: VLNV?
    var site: Site
    var body: Body
}
