import Catalog
import StateSpace

/// Every built-in model.
public enum ModelCatalog {
    public static let entries: [CatalogEntry] = [german, creditLink, counters, philosophers, livelock]

    public static func entry(named name: String) -> CatalogEntry? { entries.first { $0.name == name } }

    /// A suggestion for a mistyped model name.
    public static func suggestion(for name: String) -> String? { closestMatch(to: name, in: entries.map(\.name)) }

    static let german = CatalogEntry(
        name: "german",
        summary: "Steven German's directory cache-coherence protocol (benchmark definition, both variants)",
        parameters: [
            ModelParameter(name: "clients", defaultValue: "3", accepted: "1...8", summary: "number of clients N"),
            ModelParameter(name: "data", defaultValue: "on", accepted: "on|off", summary: "with data values, or the data-free variant"),
            ModelParameter(name: "values", defaultValue: "2", accepted: "1...4", summary: "data values D (data=on)"),
            ModelParameter(
                name: "bug", defaultValue: "none", accepted: German.Bug.allCases.map(\.rawValue).joined(separator: "|"),
                summary: "a seeded bug"),
        ],
        seededBugs: German.Bug.allCases.filter { $0 != .none }.map(\.rawValue),
        make: { args throws(ModelParameterError) in
            let clients = try args.int("clients", in: 1...8)
            let data = try args.choice("data", ["on", "off"]) == "on"
            let values = try args.int("values", in: 1...4)
            let bug = German.Bug(rawValue: try args.choice("bug", German.Bug.allCases.map(\.rawValue)))!
            if !data && bug == .invAckWithoutData {
                throw ModelParameterError(message: "bug 'invack-without-data' needs data=on")
            }
            return AnyTransitionSystem(German(clients: clients, dataValues: data ? values : nil, bug: bug))
        })

    static let creditLink = CatalogEntry(
        name: "credit-link",
        summary: "two dies on a credited link: the smallest message-dependent credit deadlock",
        parameters: [
            ModelParameter(name: "K", defaultValue: "2", accepted: "1...15", summary: "FIFO slots and credits per channel"),
            ModelParameter(name: "M", defaultValue: "2", accepted: "1...15", summary: "outstanding requests per die"),
            ModelParameter(name: "variant", defaultValue: "shared", accepted: "shared|split", summary: "one channel, or requests and responses apart"),
        ],
        seededBugs: [],
        make: { args throws(ModelParameterError) in
            let k = try args.int("K", in: 1...15)
            let m = try args.int("M", in: 1...15)
            let variant = CreditLink.Variant(rawValue: try args.choice("variant", ["shared", "split"]))!
            return AnyTransitionSystem(CreditLink(variant: variant, slots: k, maxOutstanding: m))
        })

    static let counters = CatalogEntry(
        name: "counters",
        summary: "n independent counters 0..k-1 (k^n states; for testing the engine)",
        parameters: [
            ModelParameter(name: "n", defaultValue: "3", accepted: "1...16", summary: "counters"),
            ModelParameter(name: "k", defaultValue: "4", accepted: "1...256", summary: "values per counter"),
        ],
        seededBugs: [],
        make: { args throws(ModelParameterError) in
            AnyTransitionSystem(Counters(counters: try args.int("n", in: 1...16), limit: try args.int("k", in: 1...256)))
        })

    static let philosophers = CatalogEntry(
        name: "philosophers",
        summary: "a ring of dining philosophers, left fork first (deadlocks after n steps)",
        parameters: [ModelParameter(name: "n", defaultValue: "5", accepted: "2...16", summary: "philosophers")],
        seededBugs: [],
        make: { args throws(ModelParameterError) in
            AnyTransitionSystem(DiningPhilosophers(philosophers: try args.int("n", in: 2...16)))
        })

    static let livelock = CatalogEntry(
        name: "livelock",
        summary: "a job that can slip into a retry loop: no deadlock, but a trap",
        parameters: [
            ModelParameter(name: "steps", defaultValue: "4", accepted: "2...1000", summary: "stages to completion"),
            ModelParameter(name: "loop", defaultValue: "3", accepted: "1...1000", summary: "states in the retry loop"),
        ],
        seededBugs: [],
        make: { args throws(ModelParameterError) in
            AnyTransitionSystem(Livelock(steps: try args.int("steps", in: 2...1000), loop: try args.int("loop", in: 1...1000)))
        })
}
