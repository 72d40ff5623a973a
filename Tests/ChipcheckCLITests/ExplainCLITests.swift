import Foundation
import Testing
import _ChipcheckTestSupport

/// A deadlock ends with why: the blocked parties, the wait-for cycle, in text, JSON, DOT and
/// Mermaid, named as the descriptor names things.
@Suite struct ExplainCLITests {
    /// The text from the explanation to the end of the link's report.
    func explanation(_ stdout: String) -> String {
        guard let start = stdout.range(of: "why no rule can fire:\n") else { return "" }
        let rest = stdout[start.lowerBound...]
        guard let end = rest.range(of: "\n\n")?.lowerBound else { return String(rest) }
        return String(rest[..<end]) + "\n"
    }

    @Test("credit-link shared K=M=1: both dies blocked on a credit, a cycle of two FIFOs and two credit pools")
    func creditLink() throws {
        let run = try Chipcheck.run(["check", "--model", "credit-link", "--param", "K=1", "--param", "M=1"])
        #expect(run.status == 10)
        #expect(
            explanation(run.stdout) == """
                why no rule can fire:
                  die0 ServeReq needs a credit for the response: 0 of 1
                  die1 ServeReq needs a credit for the response: 0 of 1
                wait-for cycle: die0 FIFO → die0 credits → die1 FIFO → die1 credits → die0 FIFO
                  die0 FIFO (full 1 of 1: Req) waits for die0 credits: its head request leaves only when die0 answers it, which takes a credit
                  die0 credits (0 of 1) waits for die1 FIFO: die0's credits come back only when die1 frees a slot of its FIFO
                  die1 FIFO (full 1 of 1: Req) waits for die1 credits: its head request leaves only when die1 answers it, which takes a credit
                  die1 credits (0 of 1) waits for die0 FIFO: die1's credits come back only when die0 frees a slot of its FIFO

                """)
    }

    @Test("ucie-shared-vc design: the cycle in the descriptor's names, in text, JSON, DOT and Mermaid")
    func ucieSharedVC() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("explain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dot = folder.appendingPathComponent("wait.dot").path
        let mmd = folder.appendingPathComponent("wait.mmd").path
        let design = "Specs/integrations/designs/ucie-shared-vc.designcfg.xml"
        let run = try Chipcheck.run(["check", design, "--explain-dot", dot, "--explain-mermaid", mmd])
        #expect(run.status == 10)
        #expect(
            explanation(run.stdout) == """
                why no rule can fire:
                  cpu0.d2d0 serveRequest(VC0→VC0) needs a VC0 credit: 0 of 1
                  xpu0.d2d0 serveRequest(VC0→VC0) needs a VC0 credit: 0 of 1
                wait-for cycle: cpu0.d2d0 VC0 receive buffer → cpu0.d2d0 VC0 credits → xpu0.d2d0 VC0 receive buffer → xpu0.d2d0 VC0 credits → cpu0.d2d0 VC0 receive buffer
                  cpu0.d2d0 VC0 receive buffer (full 1 of 1: Req) waits for cpu0.d2d0 VC0 credits: its head request leaves only when cpu0.d2d0 answers it on VC0, which takes a VC0 credit
                  cpu0.d2d0 VC0 credits (0 of 1) waits for xpu0.d2d0 VC0 receive buffer: cpu0.d2d0's VC0 credits come back only when xpu0.d2d0 frees a slot of its VC0 receive buffer
                  xpu0.d2d0 VC0 receive buffer (full 1 of 1: Req) waits for xpu0.d2d0 VC0 credits: its head request leaves only when xpu0.d2d0 answers it on VC0, which takes a VC0 credit
                  xpu0.d2d0 VC0 credits (0 of 1) waits for cpu0.d2d0 VC0 receive buffer: xpu0.d2d0's VC0 credits come back only when cpu0.d2d0 frees a slot of its VC0 receive buffer

                """)
        let dotText = try String(contentsOfFile: dot, encoding: .utf8)
        #expect(
            dotText == """
                digraph "wait-for" {
                  label="cpu0.d2d0 — xpu0.d2d0";
                  labelloc=t;
                  rankdir=LR;
                  node [shape=box, fontname="Helvetica"];
                  n0 [label="cpu0.d2d0 VC0 receive buffer\\nfull 1 of 1: Req"];
                  n1 [label="cpu0.d2d0 VC0 credits\\n0 of 1"];
                  n2 [label="xpu0.d2d0 VC0 receive buffer\\nfull 1 of 1: Req"];
                  n3 [label="xpu0.d2d0 VC0 credits\\n0 of 1"];
                  n0 -> n1 [label="its head request leaves only when cpu0.d2d0 answers it on VC0, which takes a VC0 credit", color=red, penwidth=2];
                  n1 -> n2 [label="cpu0.d2d0's VC0 credits come back only when xpu0.d2d0 frees a slot of its VC0 receive buffer", color=red, penwidth=2];
                  n2 -> n3 [label="its head request leaves only when xpu0.d2d0 answers it on VC0, which takes a VC0 credit", color=red, penwidth=2];
                  n3 -> n0 [label="xpu0.d2d0's VC0 credits come back only when cpu0.d2d0 frees a slot of its VC0 receive buffer", color=red, penwidth=2];
                }

                """)
        let mermaid = try String(contentsOfFile: mmd, encoding: .utf8)
        #expect(mermaid.hasPrefix("---\ntitle: cpu0.d2d0 — xpu0.d2d0\n---\nflowchart LR\n"))
        #expect(mermaid.contains("  n3 -->|\"xpu0.d2d0's VC0 credits come back only when cpu0.d2d0 frees a slot of its VC0 receive buffer\"| n0\n"))
        #expect(mermaid.hasSuffix("  linkStyle 0,1,2,3 stroke:red,stroke-width:2px\n"))

        let json = try Chipcheck.run(["check", design, "--json"])
        let explanation = try #require(json.json["explanation"] as? [String: Any])
        #expect(
            explanation["cycle"] as? [String] == [
                "cpu0.d2d0 VC0 receive buffer", "cpu0.d2d0 VC0 credits", "xpu0.d2d0 VC0 receive buffer", "xpu0.d2d0 VC0 credits",
            ])
        let blocked = try #require(explanation["blocked"] as? [[String: String]])
        #expect(blocked.first == ["party": "cpu0.d2d0", "action": "serveRequest(VC0→VC0)", "reason": "needs a VC0 credit: 0 of 1"])
        #expect((explanation["waits"] as? [Any])?.count == 4)
    }

    @Test("c2c-p1 design: the CompAck on the REQ channel closes a cycle through the home line")
    func c2cP1() throws {
        let run = try Chipcheck.run(["check", "Specs/integrations/designs/c2c-p1.designcfg.xml"])
        #expect(run.status == 10)
        #expect(
            explanation(run.stdout) == """
                why no rule can fire:
                  gpu0.hn take ReadShared(cpu0.rn1, line0) from link.cpu0→gpu0.REQ waits: line0 is busy with another transaction
                  cpu0.rn0 send CompAck(line0) needs a link.cpu0→gpu0.REQ credit: 0 of 1
                wait-for cycle: link.cpu0→gpu0.REQ buffer → gpu0.hn line0 → link.cpu0→gpu0.REQ credits → link.cpu0→gpu0.REQ buffer
                  link.cpu0→gpu0.REQ buffer (full 1 of 1: ReadShared(cpu0.rn1, line0)) waits for gpu0.hn line0: its head request waits until the home finishes line0's transaction
                  gpu0.hn line0 (cpu0.rn0 await-CompAck) waits for link.cpu0→gpu0.REQ credits: the home waits for cpu0.rn0's CompAck, which needs a link.cpu0→gpu0.REQ credit
                  link.cpu0→gpu0.REQ credits (0 of 1 at the transmitter, 0 not yet granted) waits for link.cpu0→gpu0.REQ buffer: its credits come back only when the receiver takes a flit from link.cpu0→gpu0.REQ

                """)
    }

    @Test("c2c-p10d design: a trap's cycle and the work no state of it finishes, in text and JSON")
    func c2cTrap() throws {
        let design = "Specs/integrations/designs/c2c-p10d.designcfg.xml"
        let run = try Chipcheck.run(["check", design])
        #expect(run.status == 12)
        #expect(
            run.stdout.contains(
                """
                why no legitimate end is reached:
                  the cycle repeats 6 steps: gpu0.hn.Resnoop(for cpu0.rn0, line0), link.cpu0→gpu0.RSP.LCRDV, link.gpu0→cpu0.SNP.LCRDV, gpu0.hn.SnpUnique(cpu0.rn1, line0), cpu0.rn1 ← SnpUnique(line0), gpu0.hn ← SnpResp_I(cpu0.rn1, line0)
                  unfinished in every state of the cycle:
                    cpu0.rn0 line0: ReadUnique in progress
                    cpu0.rn1 line0: ReadUnique in progress

                """))
        let json = try Chipcheck.run(["check", design, "--json"])
        let trap = try #require(json.json["trap_explanation"] as? [String: Any])
        #expect((trap["cycle_rules"] as? [String])?.count == 6)
        #expect(trap["unfinished"] as? [String] == ["cpu0.rn0 line0: ReadUnique in progress", "cpu0.rn1 line0: ReadUnique in progress"])
    }

    @Test("P3 (credits only piggy-backed): the two dies' VC0 credits wait for each other")
    func ucieP3() throws {
        let run = try Chipcheck.run(["check", "--model", "ucie-adapter", "--param", "config=p3"])
        #expect(run.status == 10)
        #expect(run.stdout.contains("wait-for cycle: die0 VC0 credits → die1 VC0 credits → die0 VC0 credits\n"))
        #expect(run.stdout.contains("  die0 returnCredits(VC0) owes 2 credits: they ride only on a VC0 message (piggy-backed), which needs a VC0 credit: 0 of 2\n"))
    }

    @Test("a model that does not explain, and a verdict that is not a deadlock, print no explanation")
    func noExplanation() throws {
        let philosophers = try Chipcheck.run(["check", "--model", "philosophers", "--param", "n=3", "--explain-dot", "/nonexistent/x.dot"])
        #expect(philosophers.status == 10)
        #expect(!philosophers.stdout.contains("why no rule can fire"))
        let split = try Chipcheck.run(["check", "--model", "credit-link", "--param", "variant=split", "--json"])
        #expect(split.status == 0)
        #expect(split.json["explanation"] == nil)
    }
}
