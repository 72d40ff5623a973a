import ArgumentParser
import BuiltinModels

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in models, their parameters and seeded bugs.")

    func run() {
        for entry in ModelRegistry.entries {
            print("\(entry.name) — \(entry.summary)")
            for p in entry.parameters {
                print("    --param \(p.name)=\(p.accepted)  (default \(p.defaultValue))  \(p.summary)")
            }
            if !entry.seededBugs.isEmpty {
                // The parameter that selects a seeded bug: `bug`, or `config` for a model whose
                // named configurations are the bugs and their fixes (ucie-adapter).
                let selector = entry.parameters.contains { $0.name == "bug" } ? "bug" : "config"
                print("    seeded bugs: " + entry.seededBugs.map { "--param \(selector)=\($0)" }.joined(separator: ", "))
            }
        }
    }
}
