import LinkSystems
import StateSpace
import Testing

/// Each channel instance of the C2C link has its own L-credits: changing one changes the state
/// space as the link layer says it must, and the two directions of RSP and DAT are distinct.
@Suite struct C2CChannelCreditsTests {
    func explore(_ configuration: C2CConfiguration) -> ExplorationResult {
        Explorer(model: C2CSystem(configuration), options: .init(threads: 2)).run()
    }

    func configuration(_ credits: [C2CChannel: Int], requestNodes: Int = 1, bug: C2CBug = .none) -> C2CConfiguration {
        var c = C2CConfiguration(requestNodes: requestNodes, values: 1, bug: bug)
        for (channel, k) in credits { c.setCredits(k, for: channel) }
        return c
    }

    /// With one RN-F the home never snoops (it snoops only other requesters), so SNP carries
    /// link flits only and its credits are a state of their own beside the rest of the system,
    /// tied only to the cpu→gpu link state: one arrangement in STOP and ACTIVATE (all at the
    /// receiver), k + 1 in RUN (0...k granted), (k + 1)(k + 2) / 2 in DEACTIVATE (held, on the
    /// wire as link flits, home). So count(k) = A + (k + 1)·R + (k + 1)(k + 2)/2·D, a quadratic
    /// in k: every third difference is zero. The counts themselves are exact.
    @Test("one RN-F: SNP credits 1...5 give 4649, 8072, 12284, 17285, 23075 states, a quadratic in the credits")
    func snoopCreditsOneRequester() {
        let counts = (1...5).map { k in explore(configuration([.snpToRequesters: k])).statistics.states }
        #expect(counts == [4649, 8072, 12284, 17285, 23075])
        for i in 0..<2 { #expect(counts[i + 3] - 3 * counts[i + 2] + 3 * counts[i + 1] - counts[i] == 0) }
    }

    @Test("RSP and DAT towards the home and towards the requesters are different channels: different counts",
          arguments: [
            (C2CChannel.reqToHome, 8096), (.rspToHome, 7936), (.datToHome, 7856),
            (.rspToRequesters, 8192), (.datToRequesters, 8104), (.snpToRequesters, 8072),
          ])
    func oneChannelWithTwoCredits(channel: C2CChannel, states: Int) {
        let result = explore(configuration([channel: 2]))
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == states)
    }

    /// The configurations the asymmetric descriptors of `C2CDescriptorTests` map to (one RN-F,
    /// one line, two values): the same counts through the library as through the binary.
    @Test("asymmetric ends through the library: 11962, 20808, 154756 and 65422 states",
          arguments: [
            ([C2CChannel: Int](), 11_962),
            ([.reqToHome: 2], 20_808),
            ([.reqToHome: 2, .rspToHome: 3, .datToHome: 3], 154_756),
            ([.rspToRequesters: 2, .datToRequesters: 2, .snpToRequesters: 2], 65_422),
          ])
    func asymmetricEnds(credits: [C2CChannel: Int], states: Int) {
        var c = C2CConfiguration(requestNodes: 1, values: 2)
        for (channel, k) in credits { c.setCredits(k, for: channel) }
        let result = Explorer(model: C2CSystem(c), options: .init(threads: 2, checkTraps: false)).run()
        #expect(result.verdict == .holds)
        #expect(result.statistics.states == states)
    }

    @Test("the --param names of the six channel instances")
    func parameterNames() {
        #expect(C2CChannel.allCases.map(\.parameterName) == [
            "req-credits", "rsp-credits-gpu-cpu", "dat-credits-gpu-cpu", "rsp-credits-cpu-gpu", "dat-credits-cpu-gpu", "snp-credits",
        ])
        #expect(C2CChannel.allCases.map(\.description) == [
            "gpu→cpu REQ", "gpu→cpu RSP", "gpu→cpu DAT", "cpu→gpu RSP", "cpu→gpu DAT", "cpu→gpu SNP",
        ])
    }
}

/// The workload clamp (``C2CConfiguration/clampedCredits(_:for:)``) against the unclamped
/// model: a channel given the clamped count and the same channel given more give the same
/// verdict and the same failing property. The state
/// counts differ (the extra credits can sit at the sender, on the wire or at the receiver in
/// more ways), which the clamp exists to save; both are exact here.
@Suite struct C2CClampTests {
    struct Case: Sendable, CustomStringConvertible {
        let channel: C2CChannel
        let requestNodes: Int
        let bug: C2CBug
        let retry: Bool
        /// Verdict, property, states with the clamped count and with one credit more, and the
        /// shortest counterexamples' lengths (steps after the initial state) with each.
        let verdict: Verdict
        let property: String?
        let clampedStates: Int
        let unclampedStates: Int
        let lengths: [Int]?

        var description: String { "\(channel) rn=\(requestNodes) bug=\(bug.rawValue) retry=\(retry)" }
    }

    /// A deadlock found with k credits is found with k + 1 one step later: the declared model
    /// can still grant the extra credit in the stuck state (LCRDV is enabled while the receiver
    /// holds one), and only after that is nothing enabled. A violation is reached in as many
    /// steps.
    static let cases: [Case] = [
        Case(channel: .reqToHome, requestNodes: 1, bug: .none, retry: false, verdict: .holds, property: nil, clampedStates: 8096, unclampedStates: 12092, lengths: nil),
        Case(channel: .rspToHome, requestNodes: 1, bug: .none, retry: false, verdict: .holds, property: nil, clampedStates: 11868, unclampedStates: 16445, lengths: nil),
        Case(channel: .datToHome, requestNodes: 1, bug: .none, retry: false, verdict: .holds, property: nil, clampedStates: 11660, unclampedStates: 16061, lengths: nil),
        Case(channel: .rspToRequesters, requestNodes: 1, bug: .none, retry: true, verdict: .holds, property: nil, clampedStates: 29571, unclampedStates: 40269, lengths: nil),
        Case(channel: .datToRequesters, requestNodes: 1, bug: .none, retry: false, verdict: .holds, property: nil, clampedStates: 8104, unclampedStates: 12348, lengths: nil),
        Case(channel: .snpToRequesters, requestNodes: 1, bug: .none, retry: false, verdict: .holds, property: nil, clampedStates: 8072, unclampedStates: 12284, lengths: nil),
        Case(channel: .reqToHome, requestNodes: 1, bug: .p2a, retry: false, verdict: .violation, property: "CreditsHomeAfterDeactivation", clampedStates: 197, unclampedStates: 205, lengths: [5, 5]),
        Case(channel: .reqToHome, requestNodes: 2, bug: .p1, retry: false, verdict: .deadlock, property: "deadlock-freedom", clampedStates: 153531, unclampedStates: 184852, lengths: [24, 25]),
        Case(channel: .rspToHome, requestNodes: 2, bug: .p9b, retry: false, verdict: .violation, property: "SWMR", clampedStates: 59783, unclampedStates: 66143, lengths: [20, 20]),
    ]

    @Test("clamped and unclamped credits give the same verdict", arguments: cases)
    func sameVerdict(_ c: Case) {
        var configuration = C2CConfiguration(requestNodes: c.requestNodes, values: 1, retry: c.retry, bug: c.bug)
        let clamped = configuration.clampedCredits(15, for: c.channel)
        #expect(clamped == configuration.mostFlits(in: c.channel) + 1)
        var results: [ExplorationResult] = []
        for k in [clamped, clamped + 1] {
            configuration.setCredits(k, for: c.channel)
            results.append(Explorer(model: C2CSystem(configuration), options: .init(threads: 2)).run())
        }
        for r in results {
            #expect(r.verdict == c.verdict)
            #expect(r.property == c.property)
        }
        #expect(results.map(\.statistics.states) == [c.clampedStates, c.unclampedStates])
        if let lengths = c.lengths { #expect(results.map { ($0.counterexample?.steps.count ?? 0) - 1 } == lengths) }
    }
}
