/// Stable diagnostic codes. The number says the layer: 0xx file and XML, 1xx schema,
/// 2xx references between documents, 3xx parameters and expressions, 4xx protocol rules.
/// Codes are never renumbered; retired codes are not reused.
public enum DiagnosticCode: String, Hashable, Sendable, CaseIterable {
    // Files and XML (layer 1).
    /// The file does not exist or cannot be read.
    case fileUnreadable = "IPX001"
    /// The file is larger than ``DescriptorLoader/Options/maxFileBytes``.
    case fileTooLarge = "IPX002"
    /// libxml2 reports the XML as not well-formed (truncated file, undefined entity, ...).
    case malformedXML = "IPX003"
    /// An IEEE 1685-2009 (SPIRIT) document: recognised but not supported.
    case unsupportedVersion = "IPX004"
    /// The root element is not in an IP-XACT namespace.
    case unknownNamespace = "IPX005"
    /// The document is IP-XACT but of a kind the operation does not accept here.
    case unexpectedDocumentKind = "IPX006"
    /// The document declares entities in a document type declaration. IP-XACT descriptors are
    /// XML Schema documents and need none; entities could pull in other files, and libxml2
    /// 2.9's schema validator leaks memory on entity references.
    case entityDeclaration = "IPX007"

    // Schema (layer 2).
    /// libxml2 schema validation error (IEEE schema or `cv:` extension schema).
    case schemaViolation = "IPX100"
    /// The shipped schema set could not be found or compiled (installation problem).
    case schemaUnavailable = "IPX101"
    /// A schema violation that IP-XACT editors are known to write and that changes nothing
    /// chipcheck reads (Kactus2's unqualified `usageCount` attribute on parameters): a warning,
    /// an error under ``DescriptorLoader/Options/strict``.
    case editorDeviation = "IPX102"

    // References (layer 3).
    /// A VLNV reference names no known document.
    case unknownVLNV = "IPX200"
    /// Two files declare the same VLNV.
    case duplicateVLNV = "IPX201"
    /// A reference resolves to a document of the wrong kind.
    case wrongReferencedKind = "IPX202"
    /// An interconnection (or viewConfiguration, or cv:agents) names an instance the design lacks.
    case unknownInstance = "IPX203"
    /// An activeInterface names a bus interface the instance's component lacks.
    case unknownBusInterface = "IPX204"
    /// A configurableElementValue names a parameterId the component does not declare.
    case unknownReferenceId = "IPX205"
    /// A configurableElementValue overrides a parameter that is not `resolve="user"`/`"generated"`.
    case overrideOfFixedParameter = "IPX206"
    /// A catalog entry is broken (missing file, or the file's VLNV differs from the entry).
    case catalogEntryInvalid = "IPX207"
    /// A viewConfiguration names a view the component does not have.
    case unknownView = "IPX208"
    /// A search path or catalog given to the loader does not exist.
    case searchPathInvalid = "IPX209"
    /// A built-in bus definition is replaced by a different file with the same VLNV.
    case builtinOverridden = "IPX210"

    // Parameters and expressions (layer 4).
    /// The expression does not parse.
    case expressionSyntax = "IPX300"
    /// The expression names an identifier that is not a parameterId in scope.
    case unknownIdentifier = "IPX301"
    /// Parameters refer to each other in a cycle.
    case cyclicReference = "IPX302"
    /// Division or modulo by zero.
    case divisionByZero = "IPX303"
    /// Integer overflow (64-bit signed) or a value that does not fit its declared size.
    case arithmeticOverflow = "IPX304"
    /// Operand or result of the wrong type (string where an integer is required, ...).
    case typeMismatch = "IPX305"
    /// Value outside the declared `minimum`/`maximum` (parameter or bus definition).
    case valueOutOfRange = "IPX306"
    /// Value not among the enumerations of the parameter's `choiceRef`.
    case valueNotInChoice = "IPX307"
    /// A value no model can use: zero credits, negative depth, a billion agents.
    case absurdValue = "IPX308"
    /// An `assertion` (component, design, configuration or bus definition) evaluates to false.
    case assertionFailed = "IPX309"
    /// A numeric-looking parameter has no `type`, so IP-XACT treats it as a string.
    case missingParameterType = "IPX310"
    /// A `$function` the evaluator does not know.
    case unknownFunction = "IPX311"
    /// An expression nests deeper than ``ExpressionParser/maximumNesting`` levels (parentheses,
    /// unary operators, function arguments, `?:` branches).
    case expressionTooDeep = "IPX312"

    // Protocol rules (layer 5).
    /// The two ends of an interconnection have different bus types.
    case busTypeMismatch = "IPX400"
    /// The interface modes of an interconnection do not pair (master–master, ...).
    case illegalModePairing = "IPX401"
    /// An interconnection does not have exactly two active interfaces.
    case notPointToPoint = "IPX402"
    /// A bus interface takes part in more than one interconnection.
    case interfaceConnectedTwice = "IPX403"
    /// A bus interface with `connectionRequired` true is not connected.
    case requiredInterfaceUnconnected = "IPX404"
    /// A link-wide parameter (PROTOCOL, FLIT_BYTES, VC_COUNT, RETRY_ENABLE) differs between the ends.
    case linkParameterMismatch = "IPX405"
    /// The dies on a coherent link use different coherence protocols.
    case coherenceProtocolMismatch = "IPX406"
    /// `cv:vcMap` does not match VC_COUNT (index out of range, or a VC without classes).
    case vcMapInconsistent = "IPX407"
    /// `VC<n>_CREDITS` names a VC outside VC_COUNT or exceeds RX_BUFFER_DEPTH.
    case perVCCreditsInvalid = "IPX408"
    /// A bus-interface parameter name the bus definition does not declare (a user's own
    /// parameters are named `USER_…` and ignored).
    case unknownInterfaceParameter = "IPX409"
    /// `cv:expect verdict="violated"` without the property that must fail.
    case expectWithoutProperty = "IPX410"
    /// A direct master–slave connection on a bus whose definition forbids direct connection.
    case directConnectionNotAllowed = "IPX411"

    public var defaultSeverity: Severity {
        switch self {
        case .missingParameterType, .builtinOverridden, .editorDeviation: .warning
        default: .error
        }
    }
}
