import BuiltinModels
import Catalog
import LinkSystems
import StateSpace

/// Every model `chipcheck check --model` can run: those of every module that ships models, and
/// those a downstream executable adds through ``ChipcheckCLI/main(extraModels:)``.
enum ModelRegistry {
    static let builtIn: [CatalogEntry] = ModelCatalog.entries + UCIeCatalog.entries + C2CCatalog.entries

    /// Models added by the executable. Written once, by `main` before any command is parsed,
    /// and only read after that (one thread), hence unsafe but unraced.
    nonisolated(unsafe) private static var added: [CatalogEntry] = []

    static var entries: [CatalogEntry] { builtIn + added }

    /// Adds `models` after the built-in ones; a name already taken stops the program, since a
    /// `--model` name must pick one model.
    static func add(_ models: [CatalogEntry]) {
        for model in models {
            precondition(
                !entries.contains { $0.name == model.name },
                "a model named '\(model.name)' is already registered; give the added model another name")
            added.append(model)
        }
    }

    static func entry(named name: String) -> CatalogEntry? { entries.first { $0.name == name } }

    static func suggestion(for name: String) -> String? { closestMatch(to: name, in: entries.map(\.name)) }
}
