import Foundation
import IPXACT
import Testing

/// A document that a reference needs but that fails to load is reported with its own located
/// error, and the error about the missing document names it.
@Suite("Errors of referenced files are not hidden")
struct HiddenErrorTests {
    static let folder = Paths.fixtures + "/hidden"

    @Test("a referenced design that is not well-formed: its parse error, and the missing design names it")
    func malformedReferencedDesign() throws {
        let directory = Self.folder + "/broken-design"
        let entry = directory + "/run.designcfg.xml"
        let broken = directory + "/broken.design.xml"
        let failure = try #require(DescriptorLoader(searchPaths: [directory]).load(path: entry).failureValue)
        #expect(failure.codes == [.unknownVLNV, .malformedXML])
        let missing = failure.diagnostics[0]
        #expect(missing.location == SourceLocation(file: entry, line: 8, column: 3))
        #expect(
            missing.message
                == "no design acme.example:hidden:broken.design:1.0 in the library (catalogs, search paths, built-ins); "
                + "1 file in the search paths failed to load and may declare it: \(broken):8:57 (IPX003)")
        let parse = failure.diagnostics[1]
        #expect(parse.location == SourceLocation(file: broken, line: 8, column: 57))
        #expect(parse.message == "Opening and ending tag mismatch: componentInstances line 8 and componentInstance")
        // validate says the same.
        #expect(DescriptorLoader(searchPaths: [directory]).validate(path: entry) == failure.diagnostics)
    }

    @Test("a referenced component over the size limit: IPX002 at the file, named by the missing component")
    func oversizedReferencedComponent() throws {
        let loader = DescriptorLoader(searchPaths: [Examples.components2014], options: .init(maxFileBytes: 6000))
        let failure = try #require(loader.load(path: Examples.design2014).failureValue)
        let host = Examples.components2014 + "/host_cpu.1.0.xml"
        #expect(failure.codes == [.unknownVLNV, .fileTooLarge])
        #expect(
            failure.diagnostics[0].message
                == "no component acme.example:dies:host_cpu:1.0 in the library (catalogs, search paths, built-ins); "
                + "1 file in the search paths failed to load and may declare it: \(host):0:0 (IPX002)")
        #expect(failure.diagnostics[1].location == SourceLocation(file: host, line: 0, column: 0))
        #expect(failure.diagnostics[1].message == "file is 6072 bytes; descriptors larger than 6000 bytes are not read")
    }

    @Test("a catalog entry naming a file that is not IP-XACT says so, and is not a duplicate")
    func catalogEntryNotIPXACT() throws {
        let catalog = Self.folder + "/catalog-entry/catalog.xml"
        let loader = DescriptorLoader(searchPaths: [], catalogs: [catalog, Examples.catalog2014])
        let diagnostics = loader.validate(path: Examples.configuration2014)
        #expect(diagnostics.map(\.code) == [.catalogEntryInvalid])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: catalog, line: 9, column: 5))
        #expect(
            diagnostic.message
                == "catalog entry for acme.example:dies:host_cpu:1.0 names 'notes.xml', which is not a readable IP-XACT document: "
                + "\(Self.folder)/catalog-entry/notes.xml:2:1 IPX005 root element <notes> is not IP-XACT: found no namespace")
    }
}

/// Descriptors with CRLF or bare-CR line endings are located like LF ones.
@Suite("Descriptor line endings")
struct DescriptorLineEndingTests {
    @Test("a parameter error is at the same line and column with LF, CRLF and CR", arguments: ["\r\n", "\r"])
    func sameLocation(ending: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let text = RobustnessTests.component(parameters: RobustnessTests.parameter("CREDITS", "1 +* 2"))
        let lf = DescriptorLoader(searchPaths: []).validate(path: directory.write("lf.xml", text))
        let other = DescriptorLoader(searchPaths: []).validate(
            path: directory.write("other.xml", text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: ending)))
        #expect(lf.map(\.code) == [.expressionSyntax])
        #expect(lf.first?.location.line == Examples.line(of: "1 +* 2", in: text))
        #expect(other.map(\.code) == lf.map(\.code))
        #expect(other.map(\.location.line) == lf.map(\.location.line))
        #expect(other.map(\.location.column) == lf.map(\.location.column))
        #expect(other.map(\.message) == lf.map(\.message))
    }
}
