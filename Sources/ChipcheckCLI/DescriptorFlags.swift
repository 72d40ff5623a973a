import ArgumentParser
import IPXACT

/// Where descriptors referenced by VLNV are looked for.
struct DescriptorFlags: ParsableArguments {
    @Option(name: .customLong("search-path"), help: "A directory searched (recursively) for descriptors by VLNV (repeatable; default: the folder above the entry file's).")
    var searchPaths: [String] = []

    @Option(name: .customLong("catalog"), help: "An IP-XACT catalog file mapping VLNVs to files (repeatable).")
    var catalogs: [String] = []

    @Option(
        name: .customLong("max-file-size"),
        help: "Largest descriptor file read, e.g. 64M (default: 8M); larger files are reported (IPX002), not read.")
    var maxFileSize: ByteCount?
    @Flag(help: "Treat schema deviations that IP-XACT editors write and chipcheck ignores (IPX102) as errors.")
    var strict = false

    func loader(for entry: String) -> DescriptorLoader {
        var paths = searchPaths
        if paths.isEmpty {
            // The entry's folder and the one above it: designs usually sit next to a folder of
            // components (`designs/` beside `components/`).
            var parts = entry.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            let directory = parts.isEmpty ? "." : parts.joined(separator: "/")
            parts = parts.dropLast()
            let parent = parts.isEmpty ? (directory == "." ? ".." : ".") : parts.joined(separator: "/")
            paths = directory == parent ? [directory] : [parent]
        }
        var options = DescriptorLoader.Options(strict: strict)
        if let maxFileSize { options.maxFileBytes = Int(clamping: maxFileSize.bytes) }
        return DescriptorLoader(searchPaths: paths, catalogs: catalogs, options: options)
    }
}

/// Prints diagnostics as compilers do (`file:line:col: error[CODE]: …`), errors first.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        for d in diagnostics.sorted(by: { $0.severity < $1.severity }) {
            StandardError.write(d.description + "\n")
        }
    }
}
