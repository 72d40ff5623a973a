import Foundation
import Testing
import _ChipcheckTestSupport
@testable import Conformance

private let traces = Chipcheck.packageRoot.appendingPathComponent("Vectors/traces/data")

private func bringUpLink() -> LinkConfiguration {
    var link = LinkConfiguration()
    link.retryBuffer = 4
    link.vcBuffers = [2, 2]
    link.creditsStartFull = false
    link.initialState = "Reset"
    return link
}

@Suite struct LinkMonitorTests {
    @Test("JSON Lines: events, defaults, comments; errors name the line and what is wrong")
    func jsonLines() throws {
        let events = try TraceJSONLines.parse(
            "// a comment\n{\"event\": \"flit_sent\", \"seq\": 1}\n\n{\"event\": \"credit_return\", \"vc\": 1, \"count\": 2}\n",
            path: "t.jsonl")
        #expect(events == [TraceEvent(.flitSent, seq: 1), TraceEvent(.creditReturn, vc: 1, count: 2)])
        #expect(events[1].origin?.line == 4)
        #expect(throws: TraceFormatError.self) { try TraceJSONLines.parse("{\"event\": \"flit_snet\"}", path: "t") }
        do {
            _ = try TraceJSONLines.parse("{\"event\": \"ack\"}\n{\"event\": \"ack\", \"seq\": true}", path: "t.jsonl")
            Issue.record("accepted an ack without seq")
        } catch {
            #expect(error.description == "t.jsonl:1: ack needs 'seq'")
        }
    }

    @Test("the credit return that would overflow the receiver's buffer is the first bad event")
    func creditOverflow() {
        var link = LinkConfiguration()
        link.vcBuffers = [4, 4]
        let events = [
            TraceEvent(.flitSent, seq: 1, vc: 1), TraceEvent(.flitReceived, seq: 1, vc: 1),
            TraceEvent(.creditReturn, vc: 1), TraceEvent(.creditReturn, vc: 1),
        ]
        let j = LinkMonitor.judge(events, configuration: link)
        #expect(j.firstBadEvent == 3)
        #expect(j.reason?.contains("credit return on VC1 would exceed the receiver's buffer of 4") == true)
    }

    @Test("a credit returned for a flit still in flight is flagged")
    func returnBeforeDelivery() {
        var link = LinkConfiguration()
        link.vcBuffers = [2]
        let events = [TraceEvent(.flitSent, seq: 1), TraceEvent(.creditReturn, vc: 0)]
        let j = LinkMonitor.judge(events, configuration: link)
        #expect(j.firstBadEvent == 1)
        #expect(j.reason?.contains("holds only 0 delivered") == true)
    }

    @Test("go-back-N: a Nak after a CRC error schedules a replay that must resend in order")
    func replay() {
        let base = [
            TraceEvent(.flitSent, seq: 1), TraceEvent(.flitSent, seq: 2), TraceEvent(.flitReceived, seq: 1, crcOK: false),
            TraceEvent(.nak, seq: 255),
        ]
        #expect(LinkMonitor.judge(base + [TraceEvent(.flitSent, seq: 1, replay: true), TraceEvent(.flitSent, seq: 2, replay: true)],
                                  configuration: LinkConfiguration()).conforming)
        let wrong = LinkMonitor.judge(base + [TraceEvent(.flitSent, seq: 2, replay: true)], configuration: LinkConfiguration())
        #expect(wrong.firstBadEvent == 4)
        #expect(wrong.reason == "replayed flit 2, but the go-back-N replay must resend 1 next")
        let timeout = LinkMonitor.judge([TraceEvent(.replayTimeout)], configuration: LinkConfiguration())
        #expect(timeout.reason == "replay timeout with no unacknowledged flit")
    }

    @Test("link state: a status must answer a request, flits need Active")
    func linkState() {
        var link = LinkConfiguration()
        link.initialState = "Reset"
        let unrequested = LinkMonitor.judge([TraceEvent(.stateStatus, state: "Active")], configuration: link)
        #expect(unrequested.firstBadEvent == 0)
        let error = LinkMonitor.judge(
            [TraceEvent(.stateRequest, state: "Active"), TraceEvent(.stateStatus, state: "Active"), TraceEvent(.stateStatus, state: "LinkError"),
             TraceEvent(.flitSent, seq: 1)], configuration: link)
        #expect(error.firstBadEvent == 3)
        #expect(error.reason == "flit sent while the link status is LinkError (flits need Active)")
    }

    @Test("the VCD stimulus through its signal map gives exactly the hand-written JSON Lines events")
    func vcdMatchesJSONLines() throws {
        let fromVCD = try VectorRunner.loadEvents(
            .vcd(traces.appendingPathComponent("link-bringup.vcd").path, signals: traces.appendingPathComponent("link-bringup.signals.json").path))
        let fromJSONL = try VectorRunner.loadEvents(.jsonLines(traces.appendingPathComponent("link-bringup.jsonl").path))
        #expect(fromVCD.count == 25)
        #expect(fromVCD == fromJSONL)
        #expect(fromVCD[4].originText == "time 55")
        #expect(LinkMonitor.judge(fromVCD, configuration: bringUpLink()).conforming)
    }

    @Test("the same waveform with one credit return removed is flagged where the credit runs out")
    func missingCreditReturn() throws {
        let vcd = try String(contentsOf: traces.appendingPathComponent("link-bringup.vcd"), encoding: .utf8)
        // Drop the crd_valid pulse (identifier '0') of the first VC0 credit return, driven at time 80.
        var lines = vcd.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at80 = try #require(lines.firstIndex(of: "#80"))
        let pulse = try #require(lines[at80...].firstIndex(of: "10"))
        lines.remove(at: pulse)
        let at90 = try #require(lines.firstIndex(of: "#90"))
        let fall = try #require(lines[at90...].firstIndex(of: "00"))
        lines.remove(at: fall)
        let dump = try VCDDump.parse(lines.joined(separator: "\n"), path: "edited.vcd")
        let map = try SignalMap.parse(
            try Data(contentsOf: traces.appendingPathComponent("link-bringup.signals.json")), path: "map")
        let events = try map.events(from: dump, path: "edited.vcd")
        #expect(events.count == 24)
        let j = LinkMonitor.judge(events, configuration: bringUpLink())
        #expect(j.firstBadEvent == 13)
        #expect(j.reason == "flit 4 sent on VC0 without a credit (0 available of the receiver's 2 buffers)")
        #expect(events[13].originText == "time 125")
    }

    @Test("VCD reader: scopes, vectors, x values, comments, and errors with a line")
    func vcdReader() throws {
        let text = """
            $timescale 1ns $end
            $scope module top $end
            $var wire 1 ! clk $end
            $scope module u $end
            $var wire 4 " data [3:0] $end
            $upscope $end
            $upscope $end
            $enddefinitions $end
            #0
            $dumpvars
            0!
            bx "
            $end
            #5
            $comment hello $end
            1!
            b1010 "
            """
        let dump = try VCDDump.parse(text, path: "t.vcd")
        #expect(dump.variables.map(\.name) == ["top.clk", "top.u.data"])
        #expect(dump.variable(named: "u.data")?.width == 4)
        #expect(dump.changes.map(\.value) == [0, nil, 1, 10])
        #expect(dump.changes.last?.line == 14)
        do {
            _ = try VCDDump.parse(text + "\n1?", path: "t.vcd")
            Issue.record("accepted an undeclared identifier")
        } catch {
            #expect(error.description == "t.vcd:18: change of undeclared identifier '?'")
        }
    }
}
