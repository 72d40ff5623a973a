/// Limits no configuration of a die-to-die model can sensibly exceed, applied by parameter name
/// whatever ranges a descriptor declares. They catch values that would make a model meaningless
/// (zero credits: nothing can ever be sent) or unexplorable (a billion agents).
enum SanityBounds {
    struct Problem {
        var reason: String
        var expected: String
    }

    /// (name suffix, lowest sensible value, highest sensible value, what the number counts).
    private static let rules: [(suffix: String, low: Int, high: Int, noun: String)] = [
        ("CREDITS", 1, 1 << 16, "credits"),
        ("DEPTH", 1, 1 << 20, "buffer entries"),
        ("FLITS", 1, 1 << 20, "flits"),
        ("VC_COUNT", 1, 64, "virtual channels"),
        ("CACHING_AGENTS", 0, 4096, "caching agents"),
        ("HOME_AGENTS", 0, 4096, "home agents"),
        ("AGENTS", 0, 4096, "agents"),
    ]

    static func problem(name: String, value: Int) -> Problem? {
        guard let rule = rules.first(where: { name.hasSuffix($0.suffix) }) else { return nil }
        if value < rule.low {
            let reason = value < 0 ? "is negative: a count of \(rule.noun) cannot be" : "leaves no \(rule.noun): the link could never make progress"
            return Problem(reason: reason, expected: "at least \(rule.low) \(rule.noun)")
        }
        if value > rule.high {
            return Problem(
                reason: "is far beyond anything the checker can explore (\(rule.noun))",
                expected: "at most \(rule.high) \(rule.noun)")
        }
        return nil
    }
}
