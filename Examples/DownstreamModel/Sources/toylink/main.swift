import Catalog
import ChipcheckCLI
import StateSpace

/// How `toylink check --model toy-link` finds the model: a catalogue entry like the built-in ones.
let toyLink = CatalogEntry(
    name: "toy-link",
    summary: "one credited channel between a sender and a receiver (an example defined outside chipcheck)",
    parameters: [
        ModelParameter(name: "credits", defaultValue: "2", accepted: "1...7", summary: "credits, and receiver buffer slots"),
        ModelParameter(
            name: "bug", defaultValue: "none", accepted: ToyLink.Bug.allCases.map(\.rawValue).joined(separator: "|"),
            summary: "seeded bug"),
    ],
    seededBugs: ToyLink.Bug.allCases.filter { $0 != .none }.map(\.rawValue),
    make: { args throws(ModelParameterError) in
        let credits = try args.int("credits", in: 1...7)
        let bug = ToyLink.Bug(rawValue: try args.choice("bug", ToyLink.Bug.allCases.map(\.rawValue)))!
        return AnyTransitionSystem(ToyLink(credits: credits, bug: bug))
    })

ChipcheckCLI.main(extraModels: [toyLink])
