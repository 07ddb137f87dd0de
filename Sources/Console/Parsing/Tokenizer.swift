/// Splits a command line into words the way a shell user expects: spaces separate words,
/// `"…"` and `'…'` group them, a backslash inside double quotes escapes the next character,
/// and a `#` that starts a word starts a comment running to the end of the line.
///
/// It reads Unicode scalars, not characters: a combining mark typed or pasted after a space
/// or a quote would otherwise fuse with it into one character, and the space would stop
/// separating words or the quote stop quoting.
public enum Tokenizer {
    public struct Token: Equatable, Sendable {
        public var text: String
        /// Where the word starts in the line, counted in Unicode scalars.
        public var start: Int
        public var quoted: Bool
    }

    public static func words(_ line: String) throws(UsageError) -> [String] {
        let (tokens, openQuote) = scan(line)
        if let quote = openQuote { throw UsageError.unterminatedQuote(quote) }
        return tokens.map(\.text)
    }

    /// Never fails: an open quote at the end is reported, so completion can work inside it.
    public static func scan(_ line: String) -> (tokens: [Token], openQuote: Character?) {
        var tokens: [Token] = []
        var current = String.UnicodeScalarView(), inWord = false, quoted = false, start = 0
        var quote: Unicode.Scalar?
        var escaping = false
        for (offset, character) in line.unicodeScalars.enumerated() {
            if escaping {
                current.append(character); escaping = false; continue
            }
            if let open = quote {
                if character == open { quote = nil }
                else if character == "\\" && open == "\"" { escaping = true }
                else { current.append(character) }
                continue
            }
            if character == " " || character == "\t" {
                if inWord { tokens.append(Token(text: String(current), start: start, quoted: quoted)) }
                current = String.UnicodeScalarView(); inWord = false; quoted = false
                continue
            }
            if !inWord && character == "#" { break }
            if !inWord { inWord = true; start = offset }
            if character == "\"" || character == "'" { quote = character; quoted = true }
            else { current.append(character) }
        }
        if inWord { tokens.append(Token(text: String(current), start: start, quoted: quoted)) }
        return (tokens, quote.map(Character.init))
    }
}
