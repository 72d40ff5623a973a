import CFuzzer
import Conformance
import Foundation

/// Reads each input as a JSON Lines trace.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        _ = try? TraceJSONLines.parse(text, path: "fuzz.jsonl")
        return 0
    })
