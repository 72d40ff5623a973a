/// Role of a bus interface. 2014 names; a 1685-2022 document's `initiator`/`target`/
/// `mirroredInitiator`/`mirroredTarget` map to `master`/`slave`/`mirroredMaster`/`mirroredSlave`.
public enum InterfaceMode: String, Hashable, Sendable {
    case master, slave, system, mirroredMaster, mirroredSlave, mirroredSystem, monitor
}

/// One `cv:vcMap/cv:vc` entry: which message classes travel on a virtual channel.
public struct VirtualChannelMapping: Hashable, Sendable {
    public var index: Int
    public var classes: [String]
    /// Where the `cv:vc` element is written (not part of equality: two ends map alike when
    /// their entries say the same).
    public var location: SourceLocation?

    public init(index: Int, classes: [String], location: SourceLocation? = nil) {
        self.index = index
        self.classes = classes
        self.location = location
    }

    public static func == (a: Self, b: Self) -> Bool { a.index == b.index && a.classes == b.classes }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
        hasher.combine(classes)
    }
}

/// A bus interface of an instance, with its parameters resolved and merged over the bus
/// definition's defaults.
public struct ResolvedBusInterface: Hashable, Sendable {
    public var name: String
    public var busType: VLNV
    public var mode: InterfaceMode
    public var connectionRequired: Bool
    /// Bus-definition parameters (defaults filled in) followed by any extra interface parameters.
    public var parameters: [ResolvedParameter]
    public var vcMap: [VirtualChannelMapping]
    /// Where `cv:vcMap` is written, when it is.
    public var vcMapLocation: SourceLocation?
    public var location: SourceLocation
}

/// A component instance of the design, resolved.
public struct ResolvedInstance: Hashable, Sendable {
    public var name: String
    public var component: VLNV
    public var componentFile: String
    /// Component-level parameters after design overrides.
    public var parameters: [ResolvedParameter]
    public var busInterfaces: [ResolvedBusInterface]
    /// View chosen by the design configuration, if any.
    public var view: String?

    public func busInterface(_ name: String) -> ResolvedBusInterface? {
        busInterfaces.first { $0.name == name }
    }
}

/// One end of an interconnection.
public struct InterfaceReference: Hashable, Sendable, CustomStringConvertible {
    public var instance: String
    public var busInterface: String
    public var description: String { "\(instance).\(busInterface)" }
}

/// A point-to-point link between two instances' bus interfaces.
public struct ResolvedInterconnection: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var first: InterfaceReference
    public var second: InterfaceReference
    public var busType: VLNV
    public var location: SourceLocation

    /// `cpu0.d2d0 — xpu0.d2d0 (chipcheck.example:ucie:d2d:1.1)`
    public var description: String { "\(first) — \(second) (\(busType))" }
}

/// An interconnection of a bus chipcheck does not model (a clock, a reset, a configuration
/// bus): validated by IP-XACT's rules and reported as not modelled.
public struct OtherInterconnection: Hashable, Sendable {
    public var name: String
    public var busType: VLNV
    /// Active and hierarchical interfaces it joins.
    public var ends: Int
    public var location: SourceLocation
}

/// Verdict a configuration expects (`cv:expect`).
public enum ExpectedVerdict: String, Hashable, Sendable {
    case holds, violated, deadlock, boundReached
}

/// The `cv:verification` block of a design configuration.
public struct VerificationSettings: Hashable, Sendable {
    /// Agents of one instance the model represents (`cv:agents`).
    public struct ModelledAgents: Hashable, Sendable {
        public var instance: String
        public var cachingAgents: Int?
        public var homeAgents: Int?
        /// Where the `cv:agents` element is written.
        public var location: SourceLocation? = nil
    }

    /// Properties to check (`cv:check@property`), in document order.
    public var checks: [String]
    /// `cv:bound@depth`.
    public var boundDepth: Int?
    public var modelledAgents: [ModelledAgents]
    /// `cv:workload` attributes.
    public var workloadAddresses: Int?
    public var workloadMaxOutstandingPerAgent: Int?
    public var workloadMessagesPerAgent: Int?
    /// `cv:expect@verdict` and `@property`.
    public var expectedVerdict: ExpectedVerdict?
    public var expectedProperty: String?
    public var location: SourceLocation
    /// `cv:expect` elements with a `link` attribute: one link's own expected verdict.
    public var linkExpectations: [LinkExpectation] = []
}

/// A `cv:expect link="cpu0.d2d0"`: the verdict one link (named by either end) must get.
public struct LinkExpectation: Hashable, Sendable {
    /// `instance.busInterface` of one end of the link.
    public var link: String
    public var verdict: ExpectedVerdict
    public var property: String?
    public var location: SourceLocation

    public init(link: String, verdict: ExpectedVerdict, property: String?, location: SourceLocation) {
        self.link = link
        self.verdict = verdict
        self.property = property
        self.location = location
    }
}

/// Everything a check needs from the descriptors, resolved: instances with parameters and their
/// provenance, bus interfaces, links, and the run settings.
public struct ResolvedDesign: Hashable, Sendable {
    public var design: VLNV
    public var designFile: String
    public var designConfiguration: VLNV?
    public var designConfigurationFile: String?
    public var instances: [ResolvedInstance]
    public var interconnections: [ResolvedInterconnection]
    /// Interconnections of buses chipcheck does not model, in document order.
    public var otherInterconnections: [OtherInterconnection] = []
    public var designParameters: [ResolvedParameter]
    public var configurationParameters: [ResolvedParameter]
    public var verification: VerificationSettings?
    /// Warnings found while loading (a successful load has no errors).
    public var warnings: [Diagnostic]

    public func instance(_ name: String) -> ResolvedInstance? {
        instances.first { $0.name == name }
    }

    /// Human-readable dump: every instance and interface parameter, its value and where it came from.
    public func describe() -> String {
        var lines: [String] = []
        lines.append("design \(design) (\(designFile))")
        if let designConfiguration {
            lines.append("configuration \(designConfiguration) (\(designConfigurationFile ?? "?"))")
        }
        func render(_ parameter: ResolvedParameter, indent: String) -> String {
            "\(indent)\(parameter.name) = \(parameter.value)  [\(parameter.provenance)]"
        }
        if !designParameters.isEmpty {
            lines.append("  design parameters:")
            lines += designParameters.map { render($0, indent: "    ") }
        }
        if !configurationParameters.isEmpty {
            lines.append("  configuration parameters:")
            lines += configurationParameters.map { render($0, indent: "    ") }
        }
        for instance in instances {
            var header = "  instance \(instance.name): \(instance.component)"
            if let view = instance.view { header += " view \(view)" }
            lines.append(header)
            lines += instance.parameters.map { render($0, indent: "    ") }
            for busInterface in instance.busInterfaces {
                lines.append(
                    "    interface \(busInterface.name): \(busInterface.mode.rawValue) of \(busInterface.busType)"
                        + (busInterface.connectionRequired ? " (connection required)" : ""))
                lines += busInterface.parameters.map { render($0, indent: "      ") }
                if !busInterface.vcMap.isEmpty {
                    let map = busInterface.vcMap.map { "VC\($0.index)=\($0.classes.joined(separator: "+"))" }
                    lines.append("      vcMap: " + map.joined(separator: " "))
                }
            }
        }
        for link in interconnections {
            lines.append("  link \(link.name): \(link)")
        }
        if let verification {
            lines.append("  verification: checks \(verification.checks.joined(separator: ", "))")
            if let depth = verification.boundDepth { lines.append("    bound depth \(depth)") }
            for agents in verification.modelledAgents {
                var text = "    model \(agents.instance):"
                if let caching = agents.cachingAgents { text += " cachingAgents=\(caching)" }
                if let home = agents.homeAgents { text += " homeAgents=\(home)" }
                lines.append(text)
            }
            var workload: [String] = []
            if let value = verification.workloadAddresses { workload.append("addresses=\(value)") }
            if let value = verification.workloadMaxOutstandingPerAgent { workload.append("maxOutstandingPerAgent=\(value)") }
            if let value = verification.workloadMessagesPerAgent { workload.append("messagesPerAgent=\(value)") }
            if !workload.isEmpty { lines.append("    workload " + workload.joined(separator: " ")) }
            if let verdict = verification.expectedVerdict {
                lines.append("    expect \(verdict.rawValue)" + (verification.expectedProperty.map { " \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
