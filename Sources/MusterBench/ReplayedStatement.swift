import Foundation
import GRDB

/// A statement Muster ran, ready to run again with the same arguments: its SQL with a `?`
/// for each parameter, and the values, read back from the text SQLite expanded them into
/// (`sqlite3_expanded_sql`), which the trace gives beside the SQL as written. The text
/// between parameters must match byte for byte, so a value SQLite cut short with a note, or
/// a parameter misread, stops the benchmark instead of replaying something else. Two losses
/// cannot be seen in the text: SQLite writes a real to 15 significant digits, and a text
/// only up to a NUL inside it. No statement of a booking or of the scheduler binds either.
struct ReplayedStatement {
    var sql: String
    var arguments: StatementArguments

    init(sql written: String, expanded: String) throws {
        let source = Array(written.utf8), text = Array(expanded.utf8)
        var sql: [UInt8] = [], values: [DatabaseValue] = []
        var i = 0, j = 0
        func mismatch() -> BenchError { BenchError.failed("cannot read the arguments of a traced statement back: \(written)") }
        while i < source.count {
            let start = i
            i = Self.skipQuoted(source, from: i)
            if i > start {   // a string, a quoted name or a comment: copied as it is
                guard j + (i - start) <= text.count, text[j..<j + (i - start)].elementsEqual(source[start..<i]) else { throw mismatch() }
                sql += source[start..<i]
                j += i - start
                continue
            }
            let byte = source[i]
            if let end = Self.parameterEnd(source, at: i) {
                guard let (value, next) = Self.literal(text, at: j) else { throw mismatch() }
                values.append(value)
                sql.append(UInt8(ascii: "?"))
                i = end
                j = next
                continue
            }
            guard j < text.count, text[j] == byte else { throw mismatch() }
            sql.append(byte)
            i += 1
            j += 1
        }
        guard j == text.count else { throw mismatch() }
        self.sql = String(decoding: sql, as: UTF8.self)
        self.arguments = StatementArguments(values)
    }

    /// Past a quoted string or name, or a comment, starting at `i`; `i` itself when none starts there.
    private static func skipQuoted(_ s: [UInt8], from i: Int) -> Int {
        guard i < s.count else { return i }
        let close: UInt8
        switch s[i] {
        case UInt8(ascii: "'"): close = UInt8(ascii: "'")
        case UInt8(ascii: "\""): close = UInt8(ascii: "\"")
        case UInt8(ascii: "`"): close = UInt8(ascii: "`")
        case UInt8(ascii: "["): close = UInt8(ascii: "]")
        case UInt8(ascii: "-") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "-"):
            var k = i
            while k < s.count && s[k] != 10 { k += 1 }
            return k
        case UInt8(ascii: "/") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "*"):
            var k = i + 2
            while k + 1 < s.count && !(s[k] == UInt8(ascii: "*") && s[k + 1] == UInt8(ascii: "/")) { k += 1 }
            return min(k + 2, s.count)
        default: return i
        }
        var k = i + 1
        while k < s.count {
            if s[k] == close {
                // A doubled quote is one quote inside the string (not so for `]`).
                if close != UInt8(ascii: "]") && k + 1 < s.count && s[k + 1] == close { k += 2; continue }
                return k + 1
            }
            k += 1
        }
        return k
    }

    /// The end of a parameter (`?`, `?NNN`, `:name`, `@name`, `$name`) starting at `i`, if one does.
    private static func parameterEnd(_ s: [UInt8], at i: Int) -> Int? {
        func isWord(_ b: UInt8) -> Bool { b == UInt8(ascii: "_") || (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122) || b >= 0x80 }
        switch s[i] {
        case UInt8(ascii: "?"):
            var k = i + 1
            while k < s.count && s[k] >= 48 && s[k] <= 57 { k += 1 }
            return k
        case UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            var k = i + 1
            while k < s.count && isWord(s[k]) { k += 1 }
            return k > i + 1 ? k : nil
        default: return nil
        }
    }

    /// A value as `sqlite3_expanded_sql` writes it: NULL, an integer, a real, 'text' with
    /// quotes doubled, or x'hex'; and where it ends.
    private static func literal(_ t: [UInt8], at j: Int) -> (DatabaseValue, Int)? {
        guard j < t.count else { return nil }
        if t[j...].starts(with: Array("NULL".utf8)) { return (.null, j + 4) }
        if t[j] == UInt8(ascii: "'") {
            let end = skipQuoted(t, from: j)
            guard end > j + 1, t[end - 1] == UInt8(ascii: "'") else { return nil }
            // Quotes undoubled byte by byte: as characters, a quote and a combining accent
            // after it are one, and the doubled quote before them would not be found.
            var inner: [UInt8] = [], k = j + 1
            while k < end - 1 {
                inner.append(t[k])
                k += t[k] == UInt8(ascii: "'") ? 2 : 1
            }
            return (String(decoding: inner, as: UTF8.self).databaseValue, end)
        }
        if t[j] == UInt8(ascii: "x"), j + 1 < t.count, t[j + 1] == UInt8(ascii: "'") {
            var k = j + 2, bytes: [UInt8] = []
            func nibble(_ b: UInt8) -> UInt8? {
                switch b {
                case 48...57: b - 48
                case 97...102: b - 87
                case 65...70: b - 55
                default: nil
                }
            }
            while k + 1 < t.count, let high = nibble(t[k]), let low = nibble(t[k + 1]) { bytes.append(high << 4 | low); k += 2 }
            guard k < t.count, t[k] == UInt8(ascii: "'") else { return nil }
            return (Data(bytes).databaseValue, k + 1)
        }
        var k = j
        if k < t.count && t[k] == UInt8(ascii: "-") { k += 1 }
        var real = false
        while k < t.count {
            let b = t[k]
            if b >= 48 && b <= 57 { k += 1 } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                real = true
                k += 1
                if (b == UInt8(ascii: "e") || b == UInt8(ascii: "E")) && k < t.count && (t[k] == UInt8(ascii: "+") || t[k] == UInt8(ascii: "-")) { k += 1 }
            } else { break }
        }
        let number = String(decoding: t[j..<k], as: UTF8.self)
        if real, let value = Double(number) { return (value.databaseValue, k) }
        if !real, let value = Int64(number) { return (value.databaseValue, k) }
        return nil
    }
}
