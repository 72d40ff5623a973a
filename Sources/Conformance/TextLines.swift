/// Line structure of text files written on any system: a line ends at `\n`, `\r\n` or a lone
/// `\r`. (Swift reads `\r\n` as one `Character`, so splitting on `"\n"` alone would see a CRLF
/// file as a single line.)
enum TextLines {
    static func isLineEnd(_ character: Character) -> Bool {
        character == "\n" || character == "\r\n" || character == "\r"
    }

    /// The lines of `text`, without their endings; a final ending gives a last empty line.
    static func split(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: isLineEnd)
    }

    /// The 1-based line on which `index` of `text` lies.
    static func line(at index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { isLineEnd($1) ? $0 + 1 : $0 }
    }
}
