import BuiltinModels
import Foundation
import StateSpace
import Testing
import _ChipcheckTestSupport

/// State counts and rule firings that Rumur and SPIN report for the project's Murphi and
/// Promela transcriptions of the same protocols (`Benchmarks/models/`, figures and commands in
/// `Benchmarks/reference-counts.md`). chipcheck must reproduce them exactly.
@Suite struct ReferenceCountTests {
    struct Figure: Sendable, CustomStringConvertible {
        let name: String
        let model: @Sendable () -> AnyTransitionSystem
        let states: Int
        let rulesFired: Int
        var description: String { name }
    }

    static func german(_ n: Int, _ d: Int?) -> @Sendable () -> AnyTransitionSystem {
        { AnyTransitionSystem(German(clients: n, dataValues: d)) }
    }

    static func link(_ v: CreditLink.Variant, _ k: Int, _ m: Int) -> @Sendable () -> AnyTransitionSystem {
        { AnyTransitionSystem(CreditLink(variant: v, slots: k, maxOutstanding: m)) }
    }

    /// Small enough for the default (debug) test run.
    static let figures: [Figure] = [
        Figure(name: "german N=1 D=2", model: german(1, 2), states: 382, rulesFired: 780),
        Figure(name: "german N=2 D=1", model: german(2, 1), states: 7803, rulesFired: 21454),
        Figure(name: "german N=2 D=2", model: german(2, 2), states: 43422, rulesFired: 126844),
        Figure(name: "german N=2 D=3", model: german(2, 3), states: 151281, rulesFired: 490398),
        Figure(name: "german data-free N=2", model: german(2, nil), states: 1470, rulesFired: 3888),
        Figure(name: "german data-free N=3", model: german(3, nil), states: 27567, rulesFired: 109944),
        Figure(name: "credit-link shared K=3 M=2", model: link(.shared, 3, 2), states: 344, rulesFired: 1034),
        Figure(name: "credit-link split K=1 M=1", model: link(.split, 1, 1), states: 63, rulesFired: 156),
        Figure(name: "credit-link split K=2 M=2", model: link(.split, 2, 2), states: 936, rulesFired: 3558),
        Figure(name: "credit-link split K=3 M=3", model: link(.split, 3, 3), states: 7000, rulesFired: 32320),
        Figure(name: "credit-link split K=4 M=4", model: link(.split, 4, 4), states: 34875, rulesFired: 180250),
        Figure(name: "credit-link split K=5 M=5", model: link(.split, 5, 5), states: 132741, rulesFired: 738780),
        Figure(name: "credit-link split K=2 M=3", model: link(.split, 2, 3), states: 1200, rulesFired: 4802),
        Figure(name: "credit-link split K=3 M=2", model: link(.split, 3, 2), states: 3964, rulesFired: 16876),
    ]

    @Test("the same states and rule firings as Rumur and SPIN", arguments: figures)
    func counts(_ figure: Figure) {
        var options = ExplorationOptions(threads: 2)
        options.checkTraps = false
        let result = figure.model().explore(options)
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == figure.states)
        #expect(result.statistics.rulesFired == figure.rulesFired)
    }

    /// Shared credit-link with K <= M deadlocks; with deadlock detection off (as Rumur's
    /// `--deadlock-detection off`) the whole space, deadlocked states included, is counted.
    @Test("whole shared credit-link spaces, deadlocked states included", arguments: [
        (1, 1, 13, 20), (2, 2, 101, 252), (2, 3, 115, 288), (3, 3, 558, 1668), (4, 4, 2631, 8626),
    ])
    func sharedWholeSpace(k: Int, m: Int, states: Int, rulesFired: Int) {
        var options = ExplorationOptions(threads: 1)
        options.checkDeadlocks = false
        let result = Explorer(model: CreditLink(variant: .shared, slots: k, maxOutstanding: m), options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == states)
        #expect(result.statistics.rulesFired == rulesFired)
    }

    /// The seeded bugs' shortest counterexamples have the lengths Rumur's breadth-first search
    /// prints (N=2 and N=3, D=2).
    @Test("seeded bugs: the trace lengths Rumur reports", arguments: [
        (German.Bug.grantExclusiveWithoutAcks, 8), (.invAckWithoutData, 9), (.grantSharedWhileExclusive, 8),
    ])
    func seededBugLengths(bug: German.Bug, length: Int) {
        for clients in [2, 3] {
            let result = Explorer(model: German(clients: clients, dataValues: 2, bug: bug), options: .init(threads: 2)).run()
            #expect(result.verdict == .violation)
            #expect(result.counterexample?.steps.count == length)
        }
    }
}

/// Runs Rumur itself on the Murphi transcriptions and chipcheck's release binary on the same
/// sizes, and compares. Needs `rumur` and a C compiler (Debian: `apt-get install rumur gcc`);
/// opt in with CHIPCHECK_LONG_TESTS=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CHIPCHECK_LONG_TESTS"] == "1"))
struct RumurCrossCheckTests {
    static let cases: [(murphi: String, constants: String, model: [String])] = [
        ("german", "N=2 D=2", ["--model", "german", "--param", "clients=2", "--param", "values=2"]),
        ("german", "N=3 D=2", ["--model", "german", "--param", "clients=3", "--param", "values=2"]),
        ("german-nodata", "N=3", ["--model", "german", "--param", "clients=3", "--param", "data=off"]),
        ("german-nodata", "N=4", ["--model", "german", "--param", "clients=4", "--param", "data=off"]),
        ("credit-link-split", "K=4 M=4", ["--model", "credit-link", "--param", "K=4", "--param", "M=4", "--param", "variant=split"]),
        ("credit-link-split", "K=6 M=6", ["--model", "credit-link", "--param", "K=6", "--param", "M=6", "--param", "variant=split"]),
        ("credit-link-shared", "K=3 M=2", ["--model", "credit-link", "--param", "K=3", "--param", "M=2"]),
    ]

    @Test("Rumur and chipcheck count the same states and rule firings", arguments: 0..<cases.count)
    func rumurAgrees(index: Int) throws {
        let c = Self.cases[index]
        let script = Chipcheck.packageRoot.appendingPathComponent("Benchmarks/scripts/reference-counts.sh").path
        let rumur = try shell([script, "rumur", c.murphi, c.constants])
        // A table row: | model | tool | params | states | rules | verdict | trace | seconds |
        let cells = rumur.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(cells.count >= 6, "unexpected Rumur output: \(rumur)")
        let run = try Chipcheck.run(["check"] + c.model + ["--no-trap-check", "--json"])
        #expect(run.json["verdict"] as? String == "holds")
        #expect(run.json["states"] as? Int == Int(cells[3]), "Rumur: \(rumur)")
        #expect(run.json["rules_fired"] as? Int == Int(cells[4]), "Rumur: \(rumur)")
    }

    private func shell(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Symmetry reduction over German's clients gives exactly the class counts Rumur's exhaustive
/// symmetry reduction reports (clients as a scalarset), and finds the seeded bugs with
/// counterexamples that are real paths (every step replays on the concrete model).
@Suite struct SymmetryTests {
    @Test("German with client symmetry: Rumur's exhaustive-symmetry counts", arguments: [
        (2, nil, 738, 1953), (3, nil, 4955, 19779), (4, nil, 27569, 147436), (2, 2, 21714, 63430),
    ] as [(Int, Int?, Int, Int)])
    func germanClasses(clients: Int, values: Int?, states: Int, rulesFired: Int) {
        for threads in [1, 2] {
            var options = ExplorationOptions(threads: threads)
            options.symmetryReduction = true
            options.checkTraps = false
            let result = Explorer(model: German(clients: clients, dataValues: values), options: options).run()
            #expect(result.verdict == .holds)
            #expect(result.statistics.states == states)
            #expect(result.statistics.rulesFired == rulesFired)
        }
    }

    @Test("with symmetry reduction the trap check still runs and the protocol still holds")
    func trapCheckUnderSymmetry() {
        var options = ExplorationOptions(threads: 2)
        options.symmetryReduction = true
        let result = Explorer(model: German(clients: 3, dataValues: nil), options: options).run()
        #expect(result.verdict == .holds)
        #expect(result.checkedProperties.contains("end-state-reachability"))
    }

    @Test("seeded bugs are found under symmetry reduction with shortest, replayable traces", arguments: [
        German.Bug.grantExclusiveWithoutAcks, .invAckWithoutData, .grantSharedWhileExclusive,
    ])
    func bugsUnderSymmetry(bug: German.Bug) {
        let model = German(clients: 3, dataValues: 2, bug: bug)
        var options = ExplorationOptions(threads: 2)
        options.symmetryReduction = true
        let reduced = Explorer(model: model, options: options).run()
        let full = Explorer(model: model, options: .init(threads: 2)).run()
        #expect(reduced.verdict == .violation)
        #expect(reduced.property == full.property)
        let trace = reduced.counterexample!
        #expect(trace.steps.count == full.counterexample!.steps.count)
        // Replay the reported rules on the concrete model: each must fire and give the state shown.
        var state = trace.initialState
        #expect(model.initialStates().contains(state))
        for step in trace.steps {
            let fired = state.withUnsafeMutableBufferPointer { model.apply(step.rule, to: PackedState(words: $0.baseAddress!)) }
            #expect(fired)
            #expect(state == step.state)
        }
        #expect(model.layout.withView(of: state) { model.violatedInvariant(in: $0) } != nil)
    }
}
