import ArgumentParser
import Foundation

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

extension Chipcheck {
    /// Runs the command line. Errors the argument parser knows (usage, `ExitCode`) keep their
    /// codes; anything else that escapes a command is an internal error: exit 70, as documented,
    /// never the generic 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .failure {
                StandardError.write("chipcheck: internal error: \(fullMessage(for: error))\n")
                Foundation.exit(ExitStatus.internalError)
            }
            exit(withError: error)
        }
    }
}
