import Catalog

/// The `chipcheck` command line as a library call.
///
/// The `chipcheck` executable is this call and nothing else. Another package that defines
/// models of its own makes them checkable with the same commands, reports and vectors by
/// calling ``main(extraModels:)`` from its executable:
///
/// ```swift
/// import ChipcheckCLI
/// ChipcheckCLI.main(extraModels: [MyLink.catalogEntry])
/// ```
public enum ChipcheckCLI {
    /// Parses the process's arguments and runs the command; a verdict other than `holds`, a
    /// usage error or a failure ends the process with the documented exit code. `extraModels`
    /// join the built-in ones for `check --model`, `models`, descriptors and `vectors run`;
    /// their names must differ from those already there.
    public static func main(extraModels: [CatalogEntry] = []) {
        ModelRegistry.add(extraModels)
        Chipcheck.main()
    }
}
