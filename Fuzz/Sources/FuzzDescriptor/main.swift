import CFuzzer
import Foundation
import IPXACT

/// Validates each input as a descriptor: XML, schema, declarations, parameters, references. The
/// loader reads files, so the input goes to one scratch file, in memory (/dev/shm) where there is
/// one. The built-in bus definitions are left out: reading them for every input spent most of
/// the time in file I/O (references to them are then reported as unknown, which is fuzzed too).
let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
let scratch = folder + "chipcheck-fuzz-descriptor-\(getpid()).xml"
let loader = DescriptorLoader(searchPaths: [], options: .init(includeBuiltinDefinitions: false))

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        _ = FileManager.default.createFile(atPath: scratch, contents: data.map { Data(bytes: $0, count: size) } ?? Data())
        _ = loader.validate(path: scratch)
        return 0
    })
