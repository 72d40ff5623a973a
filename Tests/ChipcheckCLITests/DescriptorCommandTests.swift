import Foundation
import Testing
import _ChipcheckTestSupport

/// `chipcheck validate` and `chipcheck describe` on real descriptor files through the binary.
@Suite struct DescriptorCommandTests {
    static let design = "Specs/examples/1685-2014/designs/cpu_xpu_pkg.designcfg.1.0.xml"

    @Test("the shipped example design validates: exit 0")
    func validExample() throws {
        let run = try Chipcheck.run(["validate", Self.design, "Specs/examples/1685-2014/designs/cpu_xpu_pkg.design.1.0.xml"])
        #expect(run.status == 0)
        #expect(run.stdout == "\(Self.design): valid\nSpecs/examples/1685-2014/designs/cpu_xpu_pkg.design.1.0.xml: valid\n")
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
