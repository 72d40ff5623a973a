import ArgumentParser

@main
struct Chipcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chipcheck",
        abstract: "Exhaustively verify chiplet die-to-die interconnects: deadlocks, coherence, protocol rules.",
        discussion: ExitStatus.table,
        version: "0.1.0",
        subcommands: [Check.self, Models.self, Validate.self, Describe.self, VectorsCommand.self],
        defaultSubcommand: nil
    )
}
