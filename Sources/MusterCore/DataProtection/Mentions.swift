import Foundation
import GRDB

/// Who a piece of recorded text may name, and what each is to be called instead. Audit
/// details, booking notes and letters were written by Muster about people ("s101 L23 -> L7",
/// "transferred from L23", "Dear Ann Lee"), so erasing someone means finding them there too.
///
/// Matching is by whole words, never by substring: erasing learner `L1` must not touch `L10`,
/// and erasing "Ann Lee" must not touch "Joanne Leeds". An id or an email is one token
/// between spaces and punctuation that never occurs inside one (`,;:()[]{}<>"'=|` and a
/// sentence's closing `.`, `!` or `?`); a name is its words in order, with the same
/// punctuation between them, whatever the case. A name of one word is not sought: "Ann"
/// is part of too many other people's names ("Dear Ann Smith") to be rewritten blindly.
/// Lookups are by hash, so one pass over a table serves a whole retention run however many
/// learners it erases.
struct Mentions {
    /// Lower-cased id, email or user name → what stands in its place.
    private var identifiers: [String: String] = [:]
    /// A name's first two words, lower-cased → the names starting with them, longest first.
    private var names: [String: [Name]] = [:]
    /// What a database can search for before a row is read, lower-cased: every identifier and
    /// name. Muster writes a name as it is stored ("Dear Ann Lee,"), so it is sought whole;
    /// the exact match below also finds it spaced or cased otherwise in a row found.
    private(set) var terms: [String] = []
    /// Every name sought, as `nameKey` writes it.
    private var nameKeys: Set<String> = []

    private struct Name {
        var words: [String]
        /// What stands between consecutive words, with runs of white space as one space.
        var gaps: [String]
        var replacement: String
    }

    var isEmpty: Bool { identifiers.isEmpty && names.isEmpty }

    /// A learner id, an email address or a user name, matched as one whole token.
    mutating func identifier(_ value: String, becomes replacement: String) {
        let key = value.lowercased()
        guard !key.isEmpty, identifiers[key] == nil else { return }
        identifiers[key] = replacement
        terms.append(key)
    }

    /// A person's name of two words or more, matched as its words in order.
    mutating func name(_ value: String, becomes replacement: String) {
        let (words, gaps) = Self.words(Array(value.lowercased()))
        guard words.count >= 2, nameKeys.insert(Self.nameKey(words.map(\.text), gaps)).inserted else { return }
        let name = Name(words: words.map(\.text), gaps: gaps, replacement: replacement)
        let key = words[0].text + " " + words[1].text
        var bucket = names[key, default: []]
        bucket.insert(name, at: bucket.firstIndex { $0.words.count < name.words.count } ?? bucket.endIndex)
        names[key] = bucket
        terms.append(value.lowercased())
    }

    /// Whether `name` is one of the names sought, however it is spaced or cased.
    func seeks(name: String) -> Bool {
        let (words, gaps) = Self.words(Array(name.lowercased()))
        return words.count >= 2 && nameKeys.contains(Self.nameKey(words.map(\.text), gaps))
    }

    private static func nameKey(_ words: [String], _ gaps: [String]) -> String {
        zip(words, gaps + [""]).map { $0 + $1 }.joined()
    }

    /// The text with everyone it names replaced, or nil when it names no one. `sparingNames`
    /// rewrites ids only: for a row that belongs to someone else of the same name.
    func scrub(_ text: String, sparingNames: Bool = false) -> String? {
        var characters = Array(text)
        var changed = false
        if !identifiers.isEmpty, let replaced = replacingIdentifiers(characters) { characters = replaced; changed = true }
        if !sparingNames, !names.isEmpty, let replaced = replacingNames(characters) { characters = replaced; changed = true }
        return changed ? String(characters) : nil
    }

    func mentions(_ text: String) -> Bool { scrub(text) != nil }

    // MARK: - Tokens

    static let delimiters: Set<Character> = [",", ";", ":", "(", ")", "[", "]", "{", "}", "<", ">", "\"", "=", "|", "`"]
    /// Around a token but not part of it: a sentence's end, or single quotes (which an
    /// email's local part may also hold, as in o'brien@…).
    static let closing: Set<Character> = [".", "!", "?", "'"]

    private func replacingIdentifiers(_ characters: [Character]) -> [Character]? {
        var out: [Character] = [], changed = false
        out.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace || Self.delimiters.contains(character) {
                out.append(character); index += 1; continue
            }
            var end = index
            while end < characters.count, !characters[end].isWhitespace, !Self.delimiters.contains(characters[end]) { end += 1 }
            var start = index, core = end
            while start < end, characters[start] == "'" { start += 1 }
            while core > start, Self.closing.contains(characters[core - 1]) { core -= 1 }
            if core > start, let replacement = identifiers[String(characters[start..<core]).lowercased()] {
                out.append(contentsOf: characters[index..<start])
                out.append(contentsOf: replacement)
                out.append(contentsOf: characters[core..<end])
                changed = true
            } else {
                out.append(contentsOf: characters[index..<end])
            }
            index = end
        }
        return changed ? out : nil
    }

    // MARK: - Names

    private struct Word { var text: String; var range: Range<Int> }

    /// Words are runs of letters and digits; gaps are what lies between them.
    private static func words(_ characters: [Character]) -> (words: [Word], gaps: [String]) {
        var words: [Word] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isLetter || characters[index].isNumber else { index += 1; continue }
            var end = index
            while end < characters.count, characters[end].isLetter || characters[end].isNumber { end += 1 }
            words.append(Word(text: String(characters[index..<end]).lowercased(), range: index..<end))
            index = end
        }
        let gaps = zip(words, words.dropFirst()).map { gap(characters[$0.range.upperBound..<$1.range.lowerBound]) }
        return (words, gaps)
    }

    private static func gap(_ characters: ArraySlice<Character>) -> String {
        var text = "", inSpace = false
        for character in characters {
            if character.isWhitespace {
                if !inSpace { text.append(" ") }
                inSpace = true
            } else {
                text.append(character); inSpace = false
            }
        }
        return text
    }

    private func replacingNames(_ characters: [Character]) -> [Character]? {
        let (words, gaps) = Self.words(characters)
        var out: [Character] = [], copied = 0, index = 0, changed = false
        while index + 1 < words.count {
            guard let candidates = names[words[index].text + " " + words[index + 1].text],
                  let name = candidates.first(where: { name in
                      index + name.words.count <= words.count
                          && (0..<name.words.count).allSatisfy { words[index + $0].text == name.words[$0] }
                          && (0..<name.gaps.count).allSatisfy { gaps[index + $0] == name.gaps[$0] }
                  })
            else { index += 1; continue }
            let start = words[index].range.lowerBound, end = words[index + name.words.count - 1].range.upperBound
            out.append(contentsOf: characters[copied..<start])
            out.append(contentsOf: name.replacement)
            copied = end
            index += name.words.count
            changed = true
        }
        guard changed else { return nil }
        out.append(contentsOf: characters[copied...])
        return out
    }
}

extension Mentions {
    /// Each row of `table` whose `columns` name someone, with the columns that do, scrubbed.
    /// `since` skips rows older than every person sought (an indexed time column). For a few
    /// people SQLite narrows the rows first; for a retention run's many, one pass reads them all.
    ///
    /// `owners` are columns naming whose row it is (a letter's recipient); a row owned by one
    /// of `namesakes` (lower-cased ids of people who share a sought name) keeps the names.
    func scan(_ table: String, _ columns: [String], since: (column: String, date: Date)? = nil,
              owners: [String] = [], namesakes: Set<String> = [], in db: Database,
              _ found: (_ rowID: Int64, _ scrubbed: [String: String]) throws -> Void) throws {
        guard !isEmpty else { return }
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let since {
            conditions.append("\"\(since.column)\" >= ?"); arguments.append(since.date)
        }
        // SQLite folds only ASCII letters; a term with any other letter is left to the full pass.
        if terms.count <= 24, terms.allSatisfy({ $0.unicodeScalars.allSatisfy(\.isASCII) }) {
            var any: [String] = []
            for column in columns {
                for term in terms { any.append("instr(lower(\"\(column)\"), ?) > 0"); arguments.append(term) }
            }
            conditions.append("(" + any.joined(separator: " OR ") + ")")
        } else {
            conditions.append("(" + columns.map { "\"\($0)\" IS NOT NULL" }.joined(separator: " OR ") + ")")
        }
        let selected = columns + owners.filter { !columns.contains($0) }
        let sql = "SELECT rowid AS row_id, \(selected.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(table)\" WHERE "
            + conditions.joined(separator: " AND ")
        var matches: [(Int64, [String: String])] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            var scrubbed: [String: String] = [:]
            let spared = !namesakes.isEmpty && owners.contains { (row[$0] as String?).map { namesakes.contains($0.lowercased()) } ?? false }
            for column in columns {
                guard let text = row[column] as String?, let clean = scrub(text, sparingNames: spared) else { continue }
                scrubbed[column] = clean
            }
            if !scrubbed.isEmpty { matches.append((row["row_id"], scrubbed)) }
        }
        for (rowID, scrubbed) in matches { try found(rowID, scrubbed) }
    }
}
