/// One CSV record as RFC 4180 has it: fields quoted when they hold a comma, quote or line
/// break, quotes doubled, lines ended with CRLF. The tests are made on UTF-8 bytes, not on
/// characters: every byte that matters is ASCII, and an export makes them for every cell.
enum CSVLine {
    static func format(_ fields: [String], neutralising: Bool = false) -> String {
        var line = ""
        append(fields, neutralising: neutralising, to: &line)
        return line
    }

    static func append(_ fields: [String], neutralising: Bool, to line: inout String) {
        for (index, field) in fields.enumerated() {
            if index > 0 { line += "," }
            let apostrophe = neutralising && field.utf8.first.map(formulaStarts.contains) == true
            var quote = false, doubled = false
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\""): quote = true; doubled = true
                case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): quote = true
                default: continue
                }
                if doubled { break }
            }
            if quote { line += "\"" }
            if apostrophe { line += "'" }
            line += doubled ? field.replacingOccurrences(of: "\"", with: "\"\"") : field
            if quote { line += "\"" }
        }
        line += "\r\n"
    }

    /// A leading `=`, `+`, `-`, `@`, tab or carriage return makes a spreadsheet run the cell as
    /// a formula; a leading apostrophe makes it text.
    static let formulaStarts: Set<UInt8> = Set("=+-@\t\r".utf8)
}
