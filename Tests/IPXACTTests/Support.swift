import Foundation
import IPXACT

/// Paths to the real descriptors shipped in the repository and the test fixtures.
enum Paths {
    static let repository: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()
    static let specs = repository + "/Specs"
    static let examples = specs + "/examples"
    static let fixtures = repository + "/Tests/IPXACTTests/Fixtures"
    static let negative = fixtures + "/negative"
}

/// A fresh temporary directory, removed when the value is dropped... by the test at its end.
struct TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "chipcheck-ipxact-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    func copy(_ source: String, as name: String) -> String {
        let text = (try? String(contentsOfFile: source, encoding: .utf8)) ?? ""
        return write(name, text)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }

    var successValue: Success? {
        try? get()
    }
}

enum Examples {
    static let dir2014 = Paths.examples + "/1685-2014"
    static let dir2022 = Paths.examples + "/1685-2022"
    static let components2014 = dir2014 + "/components"
    static let design2014 = dir2014 + "/designs/cpu_xpu_pkg.design.1.0.xml"
    static let configuration2014 = dir2014 + "/designs/cpu_xpu_pkg.designcfg.1.0.xml"
    static let catalog2014 = dir2014 + "/catalog.xml"

    static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// 1-based line of the first occurrence of `marker` in `text`.
    static func line(of marker: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(marker) } ?? -1) + 1
    }

    /// Writes a variant of the 2014 example design into `directory` and loads it against the
    /// example components.
    static func loadDesignVariant(
        _ directory: TemporaryDirectory, _ edits: [(String, String)]
    ) -> (text: String, path: String, result: Result<ResolvedDesign, DiagnosticList>) {
        var text = Examples.text(design2014)
        for (old, new) in edits {
            precondition(text.contains(old), "edit target missing: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let path = directory.write("variant.design.xml", text)
        let loader = DescriptorLoader(searchPaths: [components2014])
        return (text, path, loader.load(path: path))
    }
}
