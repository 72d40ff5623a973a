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
                print("    seeded bugs: " + entry.seededBugs.map { "--param bug=\($0)" }.joined(separator: ", "))
            }
        }
    }
}
