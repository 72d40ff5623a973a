import Foundation
import Testing

import IPXACT

/// Mutated descriptors must give diagnostics, never a crash or a hang. Every mutation is
/// derived from a seed, so a failure names the seed that reproduces it. The default run tries
/// 240 mutated integrations; `CHIPCHECK_LONG_TESTS=1` tries 4,000.
@Suite struct FuzzTests {
    /// SplitMix64: the same seed, the same mutations, everywhere.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    /// Tokens that stress the layers past XML: expressions, references, numbers, namespaces.
    static let tokens = [
        "<", ">", "</ipxact:parameter>", "&amp;", "&bogus;", "\"", "'h", "$clog2(", ")", "?", ":", "0", "-1",
        "4294967296", "99999999999999999999", "/ 0", "**", "<<", "PKG_D2D_VCS", "CACHING_AGENTS", "xpu9",
        "acme.example", "1685-2009", "<![CDATA[", "]]>", "<!--", "-->", "\u{0}", "é", "<ipxact:parameter>",
    ]

    static func mutate(_ text: [UInt8], seed: UInt64) -> [UInt8] {
        var g = Generator(state: seed)
        var bytes = text
        for _ in 0..<(1 + g.int(4)) {
            guard !bytes.isEmpty else { break }
            let at = g.int(bytes.count)
            switch g.int(5) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: g.next())  // flip a byte
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + g.int(64)))  // cut a run
            case 2: bytes.insert(contentsOf: Array(tokens[g.int(tokens.count)].utf8), at: at)  // splice a token
            case 3: bytes = Array(bytes.prefix(at))  // truncate
            default:  // duplicate a run elsewhere
                let end = min(bytes.count, at + 1 + g.int(200))
                let run = Array(bytes[at..<end])
                bytes.insert(contentsOf: run, at: g.int(bytes.count))
            }
        }
        return bytes
    }

    static let rounds = ProcessInfo.processInfo.environment["CHIPCHECK_LONG_TESTS"] == "1" ? 1000 : 60

    @Test("mutated components, designs and design configurations never crash the loader")
    func mutatedDescriptors() throws {
        let root = Paths.specs + "/integrations"
        let sources = ["components/host_cpu.1.0.xml", "components/gpu_xpu.1.0.xml", "designs/package-two-links.design.xml",
                       "designs/package-two-links.designcfg.xml"]
        var outcomes = [0, 0]
        for (index, source) in sources.enumerated() {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + source)))
            for round in 0..<Self.rounds {
                let seed = UInt64(index * 1_000_000 + round)
                let dir = TemporaryDirectory()
                defer { dir.remove() }
                // The whole integration, with one file mutated.
                for other in sources + ["components/accel_xpu.1.0.xml"] {
                    _ = dir.copy(root + "/" + other, as: other)
                }
                let target = dir.path + "/" + source
                _ = FileManager.default.createFile(atPath: target, contents: Data(Self.mutate(original, seed: seed)))
                let loader = DescriptorLoader(searchPaths: [dir.path])
                let entry = dir.path + "/designs/package-two-links.designcfg.xml"
                switch loader.load(path: entry) {
                case .success: outcomes[0] += 1
                case .failure(let list):
                    outcomes[1] += 1
                    // Every error is located in a file the run read, or names what it could not find.
                    for d in list.diagnostics where d.severity == .error {
                        #expect(!d.location.file.isEmpty, "seed \(seed): \(d)")
                        #expect(!d.message.isEmpty, "seed \(seed)")
                    }
                }
                _ = loader.validate(path: target)
            }
        }
        // The mutations must reach both outcomes, or they test nothing.
        #expect(outcomes[0] > 0 && outcomes[1] > outcomes[0], "loaded \(outcomes[0]), rejected \(outcomes[1])")
    }
}
