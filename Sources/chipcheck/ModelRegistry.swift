import BuiltinModels
import Catalog
import LinkSystems
import StateSpace

/// Every model `chipcheck check --model` can run, from every module that ships models.
enum ModelRegistry {
    static let entries: [CatalogEntry] = ModelCatalog.entries + UCIeCatalog.entries + C2CCatalog.entries

    static func entry(named name: String) -> CatalogEntry? { entries.first { $0.name == name } }

    static func suggestion(for name: String) -> String? { closestMatch(to: name, in: entries.map(\.name)) }
}
