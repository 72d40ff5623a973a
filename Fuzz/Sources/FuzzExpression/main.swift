import CFuzzer
import Foundation
import IPXACT

/// Parses and evaluates each input as an IP-XACT expression, with a few parameters in scope.
let parameters: [String: ParameterValue] = ["VCS": .integer(4), "ZERO": .integer(0), "HALF": .real(0.5), "PROTO": .string("MOESI")]

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        _ = ExpressionEvaluator.evaluate(text, parameters: parameters)
        return 0
    })
