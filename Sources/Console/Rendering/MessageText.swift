/// What an error message may show of what someone typed or a file held. Messages echo the
/// offending word back, and that word can be anything: escape sequences that would clear or
/// retitle the terminal, a NUL, or a 100,000-character paste. So control characters are
/// spelled out (`\x1B`) and an overlong word is cut to its start and its length; the rest of
/// the message, and every newline in it, stays as written.
enum MessageText {
    /// A word longer than this (in Unicode scalars) is cut; paths and ids stay whole.
    static let longestWord = 200
    /// How much of a cut word is kept.
    static let keptOfLongWord = 60

    static func printable(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                line.split(separator: " ", omittingEmptySubsequences: false).map { spelledOut(shortened($0)) }
                    .joined(separator: " ")
            }
            .joined(separator: "\n")
    }

    private static func shortened(_ word: Substring) -> String {
        let scalars = word.unicodeScalars
        guard scalars.count > longestWord else { return String(word) }
        var kept = String.UnicodeScalarView(scalars.prefix(keptOfLongWord))
        kept.append(contentsOf: "…(\(scalars.count) characters)".unicodeScalars)
        return String(kept)
    }

    private static func spelledOut(_ word: String) -> String {
        guard word.unicodeScalars.contains(where: isControl) else { return word }
        var result = ""
        for scalar in word.unicodeScalars {
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 and C1 controls and DEL; a tab is harmless and kept.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }
}
