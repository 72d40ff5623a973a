import Foundation
import Testing
import _ChipcheckTestSupport

/// `chipcheck validate` and `chipcheck describe` on real descriptor files through the binary.
@Suite struct DescriptorCommandTests {
    static let design = "Specs/examples/1685-2014/designs/cpu_xpu_pkg.designcfg.1.0.xml"

    @Test("the shipped example configuration validates: exit 0")
    func validExample() throws {
        let run = try Chipcheck.run(["validate", Self.design])
        #expect(run.status == 0)
        #expect(run.stdout == "\(Self.design): valid\n")
    }

    /// The design alone has no `cv:agents`: its c2c link's home die declares 4 home agents
    /// (a design override) and the model has one, which only the configuration names.
    @Test("validate maps the links as check does: the example design alone is refused, located at the override")
    func exampleDesignAloneIsNotCheckable() throws {
        let file = "Specs/examples/1685-2014/designs/cpu_xpu_pkg.design.1.0.xml"
        let run = try Chipcheck.run(["validate", file])
        #expect(run.status == 65)
        #expect(run.stdout == "\(file): invalid (1 error, 0 warnings)\n")
        #expect(run.stderr.hasPrefix(
            "\(file):38:11: error[MAP001]: cpu0.c2c0 — xpu1.c2c0 (chipcheck.example:chi:c2c:1.0): xpu1 declares 4 home agents; the model has exactly one home"))
        let check = try Chipcheck.run(["check", file])
        #expect(check.status == 65)
        #expect(check.stderr == run.stderr)
    }

    @Test("describe prints every resolved value with where it came from")
    func describe() throws {
        let run = try Chipcheck.run(["describe", Self.design])
        #expect(run.status == 0)
        #expect(run.stdout.contains(
            "CACHING_AGENTS = 16  [design override at Specs/examples/1685-2014/designs/cpu_xpu_pkg.design.1.0.xml:20:11, `16`]"))
        #expect(run.stdout.contains("RETRY_BUFFER_FLITS = 96  [interface value at Specs/examples/1685-2014/components/host_cpu.1.0.xml:68:11, `$clog2(CACHING_AGENTS) * 16 + 32` with CACHING_AGENTS = 16]"))
    }

    @Test("a negative input is rejected with a located, coded message: exit 65")
    func negative() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chipcheck-neg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("truncated.xml")
        try Data("<?xml version=\"1.0\"?>\n<ipxact:component xmlns:ipxact=\"http://www.accellera.org/XMLSchema/IPXACT/1685-2014\">\n  <ipxact:vendor>x</ipxact:vendor>\n".utf8).write(to: broken)
        let run = try Chipcheck.run(["validate", broken.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(broken.path):4:1: error[IPX003]"))
        #expect(run.stdout == "\(broken.path): invalid (1 error, 0 warnings)\n")
    }

    @Test("a missing file is bad input, not a crash")
    func missingFile() throws {
        let run = try Chipcheck.run(["describe", "Specs/no-such-file.xml"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("Specs/no-such-file.xml"))
        #expect(run.stderr.contains("error[IPX001]"))
    }
}
