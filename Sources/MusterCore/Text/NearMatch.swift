/// "Did you mean …?" for ids and command words: the few candidates closest to what was
/// typed, by prefix first, then by edit distance within a bound that grows with length.
public enum NearMatch {
    public static func suggestions(for input: String, among candidates: some Sequence<String>,
                                   limit: Int = 3) -> [String] {
        let typed = input.lowercased()
        guard !typed.isEmpty else { return [] }
        let bound = max(2, typed.count / 3)
        var scored: [(score: Int, candidate: String)] = []
        for candidate in candidates {
            let lower = candidate.lowercased()
            if lower == typed { continue }
            // The standard library's search: Foundation's `contains` costs ten times more, and
            // this runs for every candidate of every mistyped word.
            if lower.hasPrefix(typed) || (typed.count >= 4 && lower.firstRange(of: typed) != nil) {
                scored.append((0, candidate))
            } else {
                let distance = editDistance(typed, lower, bound: bound)
                if distance <= bound { scored.append((distance, candidate)) }
            }
        }
        return scored.sorted { ($0.score, $0.candidate) < ($1.score, $1.candidate) }
            .prefix(limit).map(\.candidate)
    }

    /// Levenshtein distance, giving up early (returning bound + 1) once it must exceed `bound`.
    static func editDistance(_ a: String, _ b: String, bound: Int) -> Int {
        if abs(a.unicodeScalars.count - b.unicodeScalars.count) > bound { return bound + 1 }
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > bound { return bound + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
