internal import CLibXML2

/// Read-only view of one element. Holds its document alive; every accessor copies the string
/// out of libxml2's memory at once, so no pointer into the tree escapes.
struct XMLElementView {
    private let node: xmlNodePtr
    /// Keeps the document (and so `node`) alive. Nil only for transient views made inside a
    /// libxml2 error callback, which must not outlive the callback.
    private let owner: XMLDocumentHandle?

    init(node: xmlNodePtr, owner: XMLDocumentHandle?) {
        self.node = node
        self.owner = owner
    }

    var document: XMLDocumentHandle? { owner }

    /// Local name, without prefix (`component`).
    var localName: String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// Namespace URI of the element, if any.
    var namespaceURI: String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// `prefix:localName` as written in the source.
    var qualifiedName: String {
        if let prefix = node.pointee.ns?.pointee.prefix {
            return String(cString: prefix) + ":" + localName
        }
        return localName
    }

    /// Line of the start tag (`xmlGetLineNo`).
    var line: Int { LibXML2.lineNumber(of: node) }

    /// Best-effort column of the start tag (see ``XMLDocumentHandle/column(ofStartTag:line:)``).
    var column: Int { owner?.column(ofStartTag: qualifiedName, line: line) ?? 1 }

    /// Child elements in document order.
    var children: [XMLElementView] {
        var result: [XMLElementView] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLElementView(node: current, owner: owner))
            }
            child = current.pointee.next
        }
        return result
    }

    /// Child elements with local name `name` in the same namespace as this element.
    func children(named name: String) -> [XMLElementView] {
        let ns = namespaceURI
        return children.filter { $0.localName == name && $0.namespaceURI == ns }
    }

    /// The first child element with local name `name` in this element's namespace. Stops at the
    /// first match instead of listing every child.
    func child(_ name: String) -> XMLElementView? {
        let ns = namespaceURI
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                let view = XMLElementView(node: current, owner: owner)
                if view.localName == name && view.namespaceURI == ns { return view }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Concatenated text and CDATA content of the direct children.
    var text: String {
        var result = ""
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                let content = current.pointee.content
            {
                result += String(cString: content)
            }
            child = current.pointee.next
        }
        return result
    }

    /// Text with surrounding white space removed.
    var trimmedText: String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Text of the child element `name`, trimmed.
    func childText(_ name: String) -> String? {
        child(name)?.trimmedText
    }

    /// Value of an attribute without namespace (or, with `namespaceURI`, in that namespace).
    func attribute(_ name: String, namespaceURI: String? = nil) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            let attributeName = current.pointee.name.map { String(cString: $0) }
            let attributeNamespace = current.pointee.ns?.pointee.href.map { String(cString: $0) }
            if attributeName == name, attributeNamespace == namespaceURI {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The element's path from the root, with a qualifier naming list members:
    /// `/component/busInterfaces/busInterface[name=d2d0]/parameters/parameter[CREDITS_PER_VC]`.
    ///
    /// Ancestors' paths are kept by the document: a segment may search the element's children
    /// (for a `name`), so rebuilding the path of `parameters` for each of its 100,000
    /// `parameter` children would make loading quadratic.
    var elementPath: String {
        var pending: [xmlNodePtr] = []
        var path = ""
        var current: xmlNodePtr? = node
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            if let known = owner?.elementPaths[element] {
                path = known
                break
            }
            pending.append(element)
            current = element.pointee.parent
        }
        for element in pending.reversed() {
            let isRoot = element.pointee.parent.map { $0.pointee.type != XML_ELEMENT_NODE } ?? true
            let view = XMLElementView(node: element, owner: owner)
            // The root is unique, so it needs no qualifier.
            path += "/" + (isRoot ? view.localName : view.pathSegment)
            owner?.elementPaths[element] = path
        }
        return path.isEmpty ? "/" : path
    }

    private var pathSegment: String {
        let name = localName
        switch name {
        case "parameter", "moduleParameter":
            if let parameterName = childText("name") { return "\(name)[\(parameterName)]" }
        case "componentInstance", "viewConfiguration":
            if let instance = childText("instanceName") { return "\(name)[instanceName=\(instance)]" }
        case "configurableElementValue":
            if let reference = attribute("referenceId") { return "\(name)[referenceId=\(reference)]" }
        case "activeInterface":
            let instance = attribute("componentRef") ?? attribute("componentInstanceRef") ?? "?"
            return "\(name)[\(instance).\(attribute("busRef") ?? "?")]"
        case "vc":
            if let index = attribute("index") { return "\(name)[index=\(index)]" }
        case "check":
            if let property = attribute("property") { return "\(name)[property=\(property)]" }
        default:
            break
        }
        if let elementName = childText("name"), !elementName.isEmpty, name != "name" {
            return "\(name)[name=\(elementName)]"
        }
        return name
    }
}

/// Builds a transient view inside a libxml2 callback (no owner: must not escape the callback).
func XMLNodeReader(_ node: xmlNodePtr) -> XMLElementView {
    XMLElementView(node: node, owner: nil)
}

extension XMLElementView {
    /// Child elements with local name `name` in namespace `namespaceURI`.
    func children(named name: String, namespace namespaceURI: String) -> [XMLElementView] {
        children.filter { $0.localName == name && $0.namespaceURI == namespaceURI }
    }
}
