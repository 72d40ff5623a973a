import Foundation
import LinkSystems
import StateSpace
import Testing
import UCIe

/// The descriptor mapping models a count larger than the bounded workload can use at the bound
/// plus one (credits, retry buffers). These tests hold that abstraction against the unclamped
/// model: on every small case, every larger count gives the same verdict and the same failing
/// property as the clamped one.
@Suite struct UCIeAbstractionTests {
    /// A streaming link's VCs: each entry is the classes on one VC.
    struct Shape: CustomStringConvertible, Sendable {
        var request: Int
        var response: Int
        var snoop: Int?
        var data: Int?
        var vcCount: Int
        /// Messages a VC holds in one direction at most, per outstanding request.
        var kinds: [Int]
        var description: String { "REQ@\(request) RSP@\(response) SNP@\(snoop.map(String.init) ?? "-") DAT@\(data.map(String.init) ?? "-")" }
    }

    static let shapes: [Shape] = [
        Shape(request: 0, response: 0, vcCount: 1, kinds: [2]),
        Shape(request: 0, response: 1, vcCount: 2, kinds: [1, 1]),
        Shape(request: 0, response: 1, snoop: 0, vcCount: 2, kinds: [2, 2]),
        Shape(request: 0, response: 1, data: 1, vcCount: 2, kinds: [1, 2]),
        Shape(request: 0, response: 1, snoop: 2, data: 1, vcCount: 3, kinds: [1, 2, 1]),
    ]

    static func configuration(
        _ shape: Shape, credits: (Int) -> Int, requesters: Set<Int>, creditReturn: UCIeAdapterConfiguration.CreditReturn
    ) -> UCIeAdapterConfiguration {
        let channels = (0..<shape.vcCount).map { v in
            UCIeAdapterConfiguration.Channel(
                d0ToD1: .streaming(index: UInt8(v), drainClass: .request), d1ToD0: .streaming(index: UInt8(v), drainClass: .request),
                credits: credits(v))
        }
        return UCIeAdapterConfiguration(
            channels: channels, requestVC: shape.request, responseVC: shape.response, dataVC: shape.data, snoopVC: shape.snoop,
            maxOutstanding: 1, creditReturn: creditReturn, requesters: requesters)
    }

    @Test(
        "credits above the workload bound give the verdict of bound + 1 (one outstanding request)",
        arguments: shapes, [[0], [0, 1]] as [Set<Int>])
    func creditClamp(shape: Shape, requesters: Set<Int>) {
        for creditReturn in UCIeAdapterConfiguration.CreditReturn.allCases {
            let transactions = requesters.count
            let cap = { (v: Int) in min(shape.kinds[v], transactions) + 1 }
            let clamped = Explorer(
                model: UCIeAdapterSystem(Self.configuration(shape, credits: cap, requesters: requesters, creditReturn: creditReturn)),
                options: .init(threads: 1)
            ).run()
            for extra in 1...2 {
                let larger = Explorer(
                    model: UCIeAdapterSystem(
                        Self.configuration(shape, credits: { cap($0) + extra }, requesters: requesters, creditReturn: creditReturn)),
                    options: .init(threads: 1)
                ).run()
                #expect(larger.verdict == clamped.verdict, "\(shape) \(creditReturn) +\(extra)")
                #expect(larger.property == clamped.property, "\(shape) \(creditReturn) +\(extra)")
            }
        }
    }

    /// One request outstanding from die 0, one credit per VC each way, dedicated credit flits,
    /// one corrupted flit: die 0 has at most 1 message and 2 credit flits unacknowledged, so the
    /// mapping models any larger retry buffer as 4 flits (window 4). A buffer of 5 (window 5)
    /// must give the same verdict; 4 must be needed (3 would be a different system).
    @Test(
        "a retry buffer above the unacknowledged-flit bound gives the verdict of bound + 1 (CHIPCHECK_LONG_TESTS=1)",
        .enabled(if: ProcessInfo.processInfo.environment["CHIPCHECK_LONG_TESTS"] == "1"))
    func retryClamp() {
        func run(_ depth: Int) -> ExplorationResult {
            var c = UCIeNamedConfiguration.p2bFix.configuration
            c.retry = .init(bufferDepth: depth, highestSequence: 2 * depth + 1)
            return Explorer(model: UCIeAdapterSystem(c), options: .init(threads: 2)).run()
        }
        let clamped = run(4)
        let larger = run(5)
        #expect(clamped.verdict == .holds)
        #expect(larger.verdict == clamped.verdict)
    }
}
