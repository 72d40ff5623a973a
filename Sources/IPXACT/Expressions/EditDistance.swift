/// Levenshtein distance, used for "did you mean" suggestions.
public enum EditDistance {
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `text`, if it is close enough to be a plausible typo
    /// (at most half the longer string, and at least two edits).
    public static func closest(to text: String, among candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates.sorted() where candidate != text {
            let d = distance(text, candidate)
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        return d <= max(2, max(text.count, candidate.count) / 2) ? candidate : nil
    }
}
