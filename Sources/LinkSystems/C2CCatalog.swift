import Catalog
import StateSpace

/// The CHI-style coherent link over an NVLink-C2C-like PHY, as `chipcheck check --model c2c`.
public enum C2CCatalog {
    public static let entries: [CatalogEntry] = [c2c]

    static let onOff = ["on", "off"]

    static let c2c = CatalogEntry(
        name: "c2c",
        summary: "CHI-style coherent link over an NVLink-C2C-like PHY: RN-Fs on one die, the HN-F on the other, credited LINKACTIVE link",
        parameters: [
            ModelParameter(name: "rn", defaultValue: "2", accepted: "1...4", summary: "request nodes (RN-F) on the requester die"),
            ModelParameter(name: "lines", defaultValue: "1", accepted: "1...2", summary: "cache lines"),
            ModelParameter(name: "values", defaultValue: "2", accepted: "1...4", summary: "data values per line"),
            ModelParameter(
                name: "credits", defaultValue: "1", accepted: "1...15",
                summary: "L-credits of every channel and direction not set by one of the parameters below"),
        ] + C2CChannel.allCases.map { channel in
            ModelParameter(
                name: channel.parameterName, defaultValue: "credits", accepted: "1...15",
                summary: "L-credits the receiver of \(channel) grants")
        } + [
            ModelParameter(name: "uce", defaultValue: "on", accepted: "on|off", summary: "RN-Fs implement UCE and upgrade with CleanUnique"),
            ModelParameter(name: "retry", defaultValue: "off", accepted: "on|off", summary: "RetryAck/PCrdGrant for requests to a busy line"),
            ModelParameter(name: "deactivate", defaultValue: "on", accepted: "on|off", summary: "links may go back to STOP when their sender is idle"),
            ModelParameter(
                name: "bug", defaultValue: "none", accepted: C2CBug.allCases.map(\.rawValue).joined(separator: "|"),
                summary: "a seeded pitfall (Documentation/Protocols/C2C/README.md, Seeded bugs)"),
        ],
        seededBugs: C2CBug.allCases.filter { $0 != .none }.map(\.rawValue),
        make: { args throws(ModelParameterError) in
            let bug = C2CBug(rawValue: try args.choice("bug", C2CBug.allCases.map(\.rawValue)))!
            var c = C2CConfiguration(
                requestNodes: try args.int("rn", in: 1...4), lines: try args.int("lines", in: 1...2),
                values: try args.int("values", in: 1...4), credits: try args.int("credits", in: 1...15),
                uniqueCleanEmpty: try args.choice("uce", onOff) == "on", retry: try args.choice("retry", onOff) == "on",
                deactivation: try args.choice("deactivate", onOff) == "on", bug: bug)
            for channel in C2CChannel.allCases {
                c.setCredits(try args.int(channel.parameterName, in: 1...15, inheriting: "credits"), for: channel)
            }
            if bug == .p2a && !c.deactivation {
                throw ModelParameterError(message: "bug 'p2a' needs deactivate=on")
            }
            if (bug == .p9b || bug == .p10d) && c.requestNodes < 2 {
                throw ModelParameterError(message: "bug '\(bug.rawValue)' needs rn >= 2")
            }
            c.bug = bug
            return AnyTransitionSystem(C2CSystem(c))
        })
}
