import Reports

/// A value change dump (IEEE 1364 §18) read into variables and an ordered list of changes.
///
/// Supported: `$scope`/`$upscope` (any scope type), `$var` of any type with an optional bit
/// range after the name, several names sharing one identifier code, `$dumpvars`/`$dumpall`/
/// `$dumpon`/`$dumpoff` blocks, `$comment` anywhere, scalar changes (`0!`, `1!`, `x!`, `z!`)
/// and vector changes (`b1010 !`). Real values (`r1.5 !`) are read but have no integer value.
public struct VCDDump: Sendable {
    public struct Variable: Sendable, Equatable {
        /// The hierarchical name: scopes and the reference joined by `.` (`tb.dut.tx_seq`).
        public let name: String
        public let code: String
        public let width: Int
    }

    public struct Change: Sendable {
        public let time: Int
        /// The line of the `#time` the change belongs to (line of the change itself for time 0
        /// without a `#0`).
        public let line: Int
        public let code: String
        /// The value as an integer; `nil` for `x`, `z` or real values.
        public let value: Int?
    }

    public let variables: [Variable]
    public let changes: [Change]

    /// The variable named `name`, matching either the full hierarchical name or, when that is
    /// unambiguous, its last component(s) (`dut.tx_seq` matches `tb.dut.tx_seq`).
    public func variable(named name: String) -> Variable? {
        if let exact = variables.first(where: { $0.name == name }) { return exact }
        let matches = variables.filter { $0.name.hasSuffix("." + name) }
        return matches.count == 1 ? matches[0] : nil
    }

    public static func parse(_ text: String, path: String) throws(TraceFormatError) -> VCDDump {
        var tokens: [(String, Int)] = []
        var lineNumber = 0
        for line in TextLines.split(text) {
            lineNumber += 1
            for t in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) { tokens.append((String(t), lineNumber)) }
        }
        var variables: [Variable] = []
        var changes: [Change] = []
        var scopes: [String] = []
        var i = 0
        var definitionsDone = false
        var time = 0
        var timeLine = 1
        var sawTime = false
        var known: Set<String> = []

        func fail(_ line: Int, _ message: String) -> TraceFormatError {
            TraceFormatError(SourceLocation(path: path, line: line), message)
        }
        /// The tokens up to the next `$end`, which is consumed.
        func block(from start: Int) throws(TraceFormatError) -> ([String], Int) {
            var j = start
            var body: [String] = []
            while j < tokens.count && tokens[j].0 != "$end" {
                body.append(tokens[j].0)
                j += 1
            }
            guard j < tokens.count else { throw fail(tokens[start - 1].1, "\(tokens[start - 1].0) without $end") }
            return (body, j + 1)
        }

        while i < tokens.count {
            let (token, line) = tokens[i]
            if !definitionsDone {
                switch token {
                case "$scope":
                    let (body, next) = try block(from: i + 1)
                    guard body.count == 2 else { throw fail(line, "$scope needs a type and a name") }
                    scopes.append(body[1])
                    i = next
                case "$upscope":
                    let (_, next) = try block(from: i + 1)
                    guard !scopes.isEmpty else { throw fail(line, "$upscope without an open $scope") }
                    scopes.removeLast()
                    i = next
                case "$var":
                    let (body, next) = try block(from: i + 1)
                    guard body.count >= 4, let width = Int(body[1]), width >= 1 else {
                        throw fail(line, "$var needs: type width code name [range]")
                    }
                    variables.append(Variable(name: (scopes + [body[3]]).joined(separator: "."), code: body[2], width: width))
                    known.insert(body[2])
                    i = next
                case "$enddefinitions":
                    let (_, next) = try block(from: i + 1)
                    definitionsDone = true
                    i = next
                case _ where token.hasPrefix("$"):
                    let (_, next) = try block(from: i + 1)
                    i = next
                default:
                    throw fail(line, "unexpected '\(token)' in the header")
                }
                continue
            }
            switch token.first! {
            case "#":
                guard let t = Int(token.dropFirst()), t >= time else {
                    throw fail(line, "bad or decreasing time '\(token)'")
                }
                time = t
                timeLine = line
                sawTime = true
                i += 1
            case "$":
                if token == "$comment" {
                    let (_, next) = try block(from: i + 1)
                    i = next
                } else {
                    // $dumpvars, $dumpall, $dumpon, $dumpoff open a block of changes; $end closes it.
                    i += 1
                }
            case "0", "1", "x", "X", "z", "Z":
                let code = String(token.dropFirst())
                guard known.contains(code) else { throw fail(line, "change of undeclared identifier '\(code)'") }
                let v: Int? = token.first == "0" ? 0 : token.first == "1" ? 1 : nil
                changes.append(Change(time: time, line: sawTime ? timeLine : line, code: code, value: v))
                i += 1
            case "b", "B", "r", "R":
                guard i + 1 < tokens.count else { throw fail(line, "vector value without an identifier") }
                let code = tokens[i + 1].0
                guard known.contains(code) else { throw fail(line, "change of undeclared identifier '\(code)'") }
                var v: Int?
                if token.first == "b" || token.first == "B" {
                    let digits = token.dropFirst()
                    guard !digits.isEmpty, digits.allSatisfy({ "01xXzZ".contains($0) }) else {
                        throw fail(line, "bad binary value '\(token)'")
                    }
                    v = digits.count <= 62 ? Int(digits, radix: 2) : nil
                }
                changes.append(Change(time: time, line: sawTime ? timeLine : line, code: code, value: v))
                i += 2
            default:
                throw fail(line, "unexpected '\(token)' in the value changes")
            }
        }
        guard definitionsDone else { throw fail(lineNumber, "no $enddefinitions") }
        return VCDDump(variables: variables, changes: changes)
    }
}
