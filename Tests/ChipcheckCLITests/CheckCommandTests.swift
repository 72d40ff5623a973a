import Foundation
import Testing
import _ChipcheckTestSupport

/// The real binary, as a user or a CI script runs it: verdicts, exit codes, JSON, errors.
@Suite struct CheckCommandTests {
    @Test("German with 2 clients holds: exit 0 and the exact counts in JSON")
    func germanHolds() throws {
        let run = try Chipcheck.run(["check", "--model", "german", "--param", "clients=2", "--json"])
        #expect(run.status == 0)
        let json = run.json
        #expect(json["verdict"] as? String == "holds")
        #expect(json["states"] as? Int == 43422)
        #expect(json["rules_fired"] as? Int == 126844)
        #expect(json["depth"] as? Int == 45)
        #expect(json["trace"] == nil)
    }

    @Test("a seeded German bug: exit 11, the property, and a trace whose steps name rules and changes")
    func germanSeededBug() throws {
        let run = try Chipcheck.run([
            "check", "--model", "german", "--param", "clients=2", "--param", "bug=gnts-while-exclusive", "--json",
        ])
        #expect(run.status == 11)
        let json = run.json
        #expect(json["verdict"] as? String == "violation")
        #expect(json["property"] as? String == "Control")
        let trace = try #require(json["trace"] as? [[String: Any]])
        #expect(trace.first?["step"] as? Int == 0)
        #expect(trace.count == 9)  // the initial state and 8 steps
        for (i, step) in trace.enumerated().dropFirst() {
            #expect(step["step"] as? Int == i)
            #expect((step["rule"] as? String)?.isEmpty == false)
            #expect((step["changes"] as? [String: Any])?.isEmpty == false)
        }
    }

    @Test("credit-link shared K=M=3: deadlock, exit 10, six IssueReq steps in the text report")
    func creditLinkDeadlock() throws {
        let run = try Chipcheck.run(["check", "--model", "credit-link", "--param", "K=3", "--param", "M=3"])
        #expect(run.status == 10)
        #expect(run.stdout.contains("verdict: deadlock"))
        #expect(run.stdout.contains("counterexample (6 steps):"))
        let issued = run.stdout.split(separator: "\n").filter { $0.contains("IssueReq(die") }
        #expect(issued.count == 6)
    }

    @Test("livelock: trap, exit 12, with the cycle marked")
    func livelockTrap() throws {
        let run = try Chipcheck.run(["check", "--model", "livelock", "--json"])
        #expect(run.status == 12)
        #expect(run.json["verdict"] as? String == "trap")
        #expect(run.json["cycle_start"] as? Int == 3)
        #expect((run.json["trace"] as? [Any])?.count == 6)
    }

    @Test("a search cut by --max-states is incomplete, exit 20, never holds", arguments: ["1", "2"])
    func maxStates(threads: String) throws {
        let run = try Chipcheck.run([
            "check", "--model", "german", "--param", "clients=4", "--param", "data=off", "--max-states", "1000",
            "--threads", threads, "--json",
        ])
        #expect(run.status == 20)
        #expect(run.json["verdict"] as? String == "incomplete")
        #expect(run.json["limit"] as? String == "max-states")
        #expect(run.json["states"] as? Int == 1000)
    }

    @Test("--store fingerprint on states of several words: the birthday bound, in the JSON and the note")
    func fingerprintBound() throws {
        let run = try Chipcheck.run([
            "check", "Specs/integrations/designs/c2c-cpu-gpu.designcfg.xml", "--store", "fingerprint", "--no-trap-check",
            "--json",
        ])
        #expect(run.status == 0)
        let json = run.json
        #expect(json["verdict"] as? String == "holds")
        #expect(json["states"] as? Int == 256_570)
        let p = try #require(json["omission_probability"] as? Double)
        #expect(abs(p / (256_570.0 * 256_569.0 / 0x1p65) - 1) < 1e-6)
        #expect(json["note"] as? String == "fingerprint store: the probability that a state was missed is at most 1.8e-09")
    }

    @Test("--store fingerprint: the exact counts, the miss probability, no trap check claimed")
    func fingerprintStore() throws {
        let run = try Chipcheck.run([
            "check", "--model", "german", "--param", "clients=2", "--store", "fingerprint", "--no-trap-check", "--json",
        ])
        #expect(run.status == 0)
        let json = run.json
        #expect(json["verdict"] as? String == "holds")
        #expect(json["states"] as? Int == 43422)
        #expect(json["rules_fired"] as? Int == 126844)
        // German with two clients packs into one word: its own fingerprint, nothing missed.
        #expect((json["omission_probability"] as? NSNumber)?.doubleValue == 0)
        #expect(json["checked"] as? [String] == ["Control", "Data", "deadlock-freedom"])
        #expect(
            json["note"] as? String
                == "fingerprint store: a state is one word and its own fingerprint (the hash is invertible), so none was missed")
        // The predecessor links went to the scratch file: one word per state.
        #expect(json["link_file_bytes"] as? Int == 8 * 43422)

        // The trap check cannot run on fingerprints: asking for both is a usage error, not a
        // quiet `holds` (the livelock model has a trap).
        let refused = try Chipcheck.run(["check", "--model", "livelock", "--store", "fingerprint"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("add --no-trap-check"))
        let text = try Chipcheck.run(["check", "--model", "livelock", "--store", "fingerprint", "--no-trap-check"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("note: fingerprint store: a state is one word and its own fingerprint"))
        #expect(text.stdout.contains("checked: deadlock-freedom)"))

        let bad = try Chipcheck.run(["check", "--model", "german", "--store", "fingerprints"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("exact") && bad.stderr.contains("fingerprint"))
    }

    @Test("--store fingerprint without a usable TMPDIR: incomplete, exit 20, and where the links could not go")
    func fingerprintWithoutScratchDirectory() throws {
        let run = try Chipcheck.run(
            ["check", "--model", "german", "--param", "clients=2", "--store", "fingerprint", "--no-trap-check", "--json"],
            environment: ["TMPDIR": "/nonexistent/chipcheck-scratch"])
        #expect(run.status == 20)
        #expect(run.json["verdict"] as? String == "incomplete")
        #expect(run.json["states"] as? Int == 0)
        #expect(
            run.json["note"] as? String
                == "could not create the scratch file for predecessor links in /nonexistent/chipcheck-scratch: "
                + "No such file or directory (set TMPDIR to a directory with room for 8 bytes per state)")
    }

    @Test("--max-memory is a bound on the process, not a hint: incomplete, exit 20, the same count on every run, peak within the budget", arguments: ["exact", "fingerprint"])
    func maxMemory(store: String) throws {
        // One thread for the fingerprint store: its frontier ids, counted against the budget,
        // depend on how threads take ids in blocks. With two threads or more, the exact store's
        // table is cut into segments and grows only when the successors routed to a segment
        // would overfill it, where one thread grows it once a round could find more new states
        // than it has room for: the same budget takes them further.
        let expected = [
            "1": (1_516_585, 7_244_303), "2": (2_070_479, 10_302_010), "3": (2_070_479, 10_302_010),
        ]
        for threads in store == "exact" ? ["1", "2", "3"] : ["1"] {
            let run = try Chipcheck.run([
                "check", "--model", "german", "--param", "clients=5", "--param", "data=off", "--max-memory", "64M",
                "--store", store, "--no-trap-check", "--threads", threads, "--json",
            ])
            #expect(run.status == 20)
            #expect(run.json["verdict"] as? String == "incomplete")
            #expect(run.json["limit"] as? String == "max-memory")
            // The fingerprint store keeps only the table and the frontier in memory, so the same
            // budget takes it further.
            #expect(run.json["states"] as? Int == (store == "exact" ? expected[threads]!.0 : 3_719_038))
            #expect(run.json["rules_fired"] as? Int == (store == "exact" ? expected[threads]!.1 : 19_692_191))
            // The budget covers the stores; the rest of the process (runtime, binary) is about 20 MiB.
            let peak = try #require(run.json["peak_memory_bytes"] as? Int)
            #expect(peak < (64 + 40) << 20)
        }
    }

    @Test("an unknown model is a usage error with a suggestion")
    func unknownModel() throws {
        let run = try Chipcheck.run(["check", "--model", "germn"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown model 'germn'; did you mean 'german'?"))
    }

    @Test("an unknown or out-of-range parameter is a usage error naming what was expected")
    func badParameters() throws {
        let unknown = try Chipcheck.run(["check", "--model", "german", "--param", "client=2"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("model 'german' has no parameter 'client'; did you mean 'clients'?"))
        let range = try Chipcheck.run(["check", "--model", "german", "--param", "clients=1000000000"])
        #expect(range.status == 64)
        #expect(range.stderr.contains("parameter 'clients' of model 'german' must be an integer in 1...8"))
        let malformed = try Chipcheck.run(["check", "--model", "german", "--param", "clients"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("--param takes NAME=VALUE, got 'clients'"))
    }

    @Test("the same JSON counts and trace for one and two threads")
    func determinism() throws {
        let arguments = ["check", "--model", "german", "--param", "clients=3", "--param", "values=1",
                         "--param", "bug=gnte-without-acks", "--json"]
        let one = try Chipcheck.run(arguments + ["--threads", "1"]).json
        let two = try Chipcheck.run(arguments + ["--threads", "2"]).json
        #expect(one["states"] as? Int == two["states"] as? Int)
        #expect(one["rules_fired"] as? Int == two["rules_fired"] as? Int)
        let rules = { (j: [String: Any]) in (j["trace"] as? [[String: Any]])?.map { $0["rule"] as? String ?? "-" } }
        #expect(rules(one) != nil && rules(one) == rules(two))
    }

    @Test("models lists every built-in model and the seeded bugs")
    func models() throws {
        let run = try Chipcheck.run(["models"])
        #expect(run.status == 0)
        for name in ["german", "credit-link", "counters", "philosophers", "livelock"] {
            #expect(run.stdout.contains("\(name) — "))
        }
        #expect(run.stdout.contains("--param bug=gnte-without-acks"))
    }

    @Test("--help documents the exit codes")
    func helpDocumentsExitCodes() throws {
        let run = try Chipcheck.run(["check", "--help"])
        #expect(run.status == 0)
        for line in ["0   every property holds", "10  deadlock", "11  invariant violation", "12  trap",
                     "13  conformance vector mismatch", "20  incomplete", "64  usage error", "65  bad input",
                     "70  internal error"] {
            #expect(run.stdout.contains(line))
        }
    }
}
