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

    /// What a command shows of the records (a name, a title, a note, as an HR file or a
    /// person gave it), made safe for a terminal the same way: a learner named with an
    /// escape sequence must not clear or retitle the screen of whoever lists the learners.
    /// `lines` keeps line breaks and tabs, for text laid out over lines; a table's cell has
    /// neither.
    static func shown(_ text: String, lines: Bool) -> String {
        // One look at the bytes, every listing's every cell and every command's whole text:
        // a control is below 0x20, DEL, or C1 (U+0080–U+009F: in UTF-8, 0xC2 then 0x80–0x9F).
        // Eight bytes at a time while they are all printable ASCII, as nearly all are.
        let clean = text.utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    let belowSpace = (word &- ones &* 0x20) & ~word & highs
                    let del = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F)) & highs
                    if belowSpace | del | (word & highs) == 0 {
                        index += 8
                        continue
                    }
                }
                let end = min(index + 8, bytes.count)
                while index < end {
                    let byte = bytes[index]
                    index += 1
                    if byte &- 0x20 < 0x5F { continue }
                    if byte < 0x20 {
                        if !lines || (byte != 0x0A && byte != 0x09) { return false }
                    } else if byte == 0x7F || (byte == 0xC2 && index < bytes.count && bytes[index] < 0xA0) {
                        return false
                    }
                }
            }
            return true
        } ?? false
        return clean ? text : spelledOut(text, keeping: lines ? ["\n", "\t"] : [])
    }

    private static func spelledOut(_ word: String, keeping kept: Set<Unicode.Scalar> = ["\t"]) -> String {
        let isControl = { (scalar: Unicode.Scalar) in !kept.contains(scalar) && Self.isControl(scalar) }
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

    /// C0 and C1 controls and DEL.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
