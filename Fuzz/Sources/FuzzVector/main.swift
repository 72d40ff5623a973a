import CFuzzer
import Foundation
@_spi(Fuzzing) import Conformance

/// Reads each input as a conformance vector file (without running it).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
        _ = try? Vector.parse(bytes, path: "fuzz/vector.json", requireFileNamedAfterId: false)
        return 0
    })
