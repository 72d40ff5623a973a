import Foundation
import StateSpace
import Testing
@testable import Reports

private let germanBug: [(String, String)] = [("clients", "2"), ("bug", "gnts-while-exclusive")]
private let germanSubject = "model german (clients=2, bug=gnts-while-exclusive)"

@Suite struct CounterexampleRendererTests {
    @Test("text counterexample names who acted in every step; golden")
    func text() throws {
        let (trace, layout, _) = try counterexample("german", germanBug)
        let text = TextReport.counterexample(trace, layout: layout, full: false)
        #expect(text.contains("  3  RecvReqE(client 2)  [acted: client2, home]"))
        try expectGolden(text, "german-gnts-while-exclusive.txt")
        try expectGolden(TextReport.counterexample(trace, layout: layout, full: true), "german-gnts-while-exclusive-full.txt")
    }

    @Test("VCD of a seeded-bug counterexample; golden; loads in an independent VCD parser")
    func vcd() throws {
        let (trace, layout, _) = try counterexample("german", germanBug)
        let vcd = CounterexampleVCD.make(trace, layout: layout, subject: germanSubject, version: "test")
        try expectGolden(vcd, "german-gnts-while-exclusive.vcd")
        #expect(!vcd.contains("$date"))
        #expect(vcd.contains("$scope module home $end"))
        #expect(vcd.contains("$scope module client1 $end"))

        guard pythonHas("vcdvcd") else {
            toolMissing("python3 with the vcdvcd package is not available; the VCD was not checked by an independent parser")
            return
        }
        let file = scratchFile("german.vcd")
        try Data(vcd.utf8).write(to: file)
        // The independent parser lists the signals and the final values; we compare them with the layout.
        let script = """
            import sys, vcdvcd
            v = vcdvcd.VCDVCD(sys.argv[1])
            for name in sorted(v.references_to_ids):
                tv = v[name].tv
                print(name, v[name].size, int(tv[-1][1], 2), len(tv))
            print("endtime", v.endtime)
            """
        let run = try #require(runTool("python3", ["-c", script, file.path]))
        #expect(run.status == 0, "\(run.output)")
        var seen: [String: (width: Int, last: Int)] = [:]
        for line in run.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 4, let width = Int(parts[1]), let last = Int(parts[2]) { seen[String(parts[0])] = (width, last) }
        }
        #expect(run.output.contains("endtime 9"))
        #expect(seen["chipcheck.step"]?.last == 8)
        for f in layout.fields {
            let scope = f.owner.isEmpty ? "chipcheck." : "chipcheck.\(f.owner)."
            let name = scope + CounterexampleVCD.identifier(f.name)
            let signal = try #require(seen[name], "signal \(name) missing")
            #expect(signal.last == layout.value(of: f.field, in: trace.finalState), "\(name)")
            #expect(signal.width == max(1, Int.bitWidth - (f.valueCount - 1).leadingZeroBitCount))
        }
    }

    @Test("a trap's VCD marks the cycle; golden")
    func trapVCD() throws {
        let (trace, layout, _) = try counterexample("livelock", [])
        let vcd = CounterexampleVCD.make(trace, layout: layout, subject: "model livelock", version: "test")
        #expect(vcd.contains("in_cycle"))
        try expectGolden(vcd, "livelock.vcd")
    }

    @Test("sequence chart: arrows follow the documented sender rule; SVG and Mermaid goldens; SVG is well-formed XML")
    func sequenceChart() throws {
        let (trace, layout, _) = try counterexample("german", germanBug)
        let chart = SequenceChart(trace, layout: layout, title: germanSubject)
        #expect(chart.lifelines == ["client1", "home", "client2", "global"])
        // Step 3 RecvReqE: the request value ReqE moves from client2's channel to home's curCmd.
        #expect(chart.rows[2].arrows.map { [$0.0, $0.1] } == [[2, 1]])
        // Step 4 SendGntE: home clears curCmd and fills client2's channel.
        #expect(chart.rows[3].arrows.map { [$0.0, $0.1] } == [[1, 2]])
        // Step 1 is local to client1: a note, no arrow.
        #expect(chart.rows[0].arrows.isEmpty && chart.rows[0].notes.first?.heading == "1 SendReqS(client 1)")
        let svg = chart.svg()
        let mermaid = chart.mermaid()
        try expectGolden(svg, "german-gnts-while-exclusive.svg")
        try expectGolden(mermaid, "german-gnts-while-exclusive.mmd")
        #expect(mermaid.hasPrefix("sequenceDiagram\n"))

        let file = scratchFile("german.svg")
        try Data(svg.utf8).write(to: file)
        if let run = runTool("xmllint", ["--noout", file.path]) {
            #expect(run.status == 0, "xmllint: \(run.output)")
        } else if let run = runTool("python3", ["-c", "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); assert r.tag.endswith('svg')", file.path]) {
            #expect(run.status == 0, "xml.etree: \(run.output)")
        } else {
            toolMissing("neither xmllint nor python3 is available to parse the SVG")
        }
    }

    @Test("a trap's chart marks the cycle; Mermaid golden")
    func trapChart() throws {
        let (trace, layout, _) = try counterexample("livelock", [])
        let mermaid = SequenceChart(trace, layout: layout, title: "model livelock").mermaid()
        #expect(mermaid.contains("the cycle starts here"))
        try expectGolden(mermaid, "livelock.mmd")
    }

    @Test("VCD identifiers and codes")
    func identifiers() {
        #expect(CounterexampleVCD.identifier("cache[1].state") == "cache_1_state")
        #expect(CounterexampleVCD.identifier("q[0][1]") == "q_0_1")
        #expect(CounterexampleVCD.identifier("2x") == "_2x")
        var codes = CounterexampleVCD.CodeGenerator()
        let all = (0..<200).map { _ in codes.next() }
        #expect(Set(all).count == 200)
        #expect(all[0] == "!" && all[93] == "~" && all[94].count == 2)
    }
}
