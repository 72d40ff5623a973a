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
