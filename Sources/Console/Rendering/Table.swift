/// Rows for people, sized to the terminal: when a table is too wide, the columns marked
/// flexible (titles, names) give up width first and end with an ellipsis.
public struct Table: Sendable {
    public struct Column: Sendable {
        public var header: String
        public var flexible: Bool
        public var alignRight: Bool
        public init(_ header: String, flexible: Bool = false, alignRight: Bool = false) {
            self.header = header; self.flexible = flexible; self.alignRight = alignRight
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// What the rows are, for the count line: "31 courses".
    public var noun: (singular: String, plural: String)
    /// Colours for cells, by row then column: shown on a terminal, never in a pipe or with NO_COLOR.
    public var tints: [[Tint?]] = []

    public enum Tint: String, Sendable {
        case green = "32", amber = "33", red = "31"
    }

    public init(_ columns: [Column], rows: [[String]], noun: (String, String)) {
        self.columns = columns; self.rows = rows; self.noun = noun
    }

    /// `width` nil means no limit (output to a file or pipe).
    ///
    /// Each cell is measured once and the text is built as bytes, made a string once: a
    /// listing spent most of its time here, counting characters more than once a cell and
    /// growing a string a piece at a time.
    public func render(width: Int?, colour: Bool = false) -> String {
        if rows.isEmpty { return "(no \(noun.plural))" }
        let gap = 2
        // Cells as shown, control characters spelled out (`MessageText.shown`), and measured:
        // printable ASCII, most cells, in one look at its bytes.
        var cells: [[String]] = [], lengths: [[Int]] = []
        cells.reserveCapacity(rows.count)
        lengths.reserveCapacity(rows.count)
        for row in rows {
            var shown = row, measured: [Int] = []
            measured.reserveCapacity(row.count)
            for (column, cell) in row.enumerated() {
                if let length = Self.printableASCIILength(cell) {
                    measured.append(length)
                    continue
                }
                // Spelling out only lengthens; a cell left as it was leaves its row uncopied.
                let safe = MessageText.shown(cell, lines: false)
                if safe.utf8.count != cell.utf8.count { shown[column] = safe }
                measured.append(Self.length(safe))
            }
            cells.append(shown)
            lengths.append(measured)
        }
        var widths = columns.indices.map { index in
            lengths.reduce(columns[index].header.count) { max($0, $1[index]) }
        }
        if let width {
            var excess = widths.reduce(0, +) + gap * (columns.count - 1) - width
            let flexible = columns.indices.filter { columns[$0].flexible }.sorted { widths[$0] > widths[$1] }
            for index in flexible where excess > 0 {
                let floor = max(columns[index].header.count, 12)
                let cut = min(excess, max(0, widths[index] - floor))
                widths[index] -= cut
                excess -= cut
            }
        }
        var text: [UInt8] = []
        text.reserveCapacity((widths.reduce(0, +) + gap * columns.count + 1) * (rows.count + 3))
        let right = columns.map(\.alignRight)
        let tints = colour ? tints : []
        func line(_ cells: [String], _ lengths: [Int], row: Int? = nil) {
            for index in cells.indices {
                if index > 0 { Self.pad(&text, gap) }
                let tint = row.flatMap { row in
                    row < tints.count && index < tints[row].count ? tints[row][index] : nil
                }
                if let tint { text += "\u{1B}[\(tint.rawValue)m".utf8 }
                Self.fit(cells[index], length: lengths[index], into: &text, width: widths[index], right: right[index])
                if tint != nil { text += "\u{1B}[0m".utf8 }
            }
            while text.last == UInt8(ascii: " ") { text.removeLast() }
            text.append(UInt8(ascii: "\n"))
        }
        line(columns.map(\.header), columns.map { $0.header.count })
        line(widths.map { String(repeating: "-", count: $0) }, widths)
        for (index, row) in cells.enumerated() { line(row, lengths[index], row: index) }
        text += "(\(rows.count) \(rows.count == 1 ? noun.singular : noun.plural))".utf8
        return String(decoding: text, as: UTF8.self)
    }

    /// The length of text all printable ASCII, which is its bytes; nil for any other text.
    static func printableASCIILength(_ text: String) -> Int? {
        let printable = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte > 0x7E { return false }
            return true
        } ?? text.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
        return printable ? text.utf8.count : nil
    }

    /// Characters as a person sees them; plain ASCII (but for CR LF, one character) is its bytes.
    static func length(_ text: String) -> Int {
        let plain = { (byte: UInt8) in byte < 0x80 && byte != 0x0D }
        let ascii = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(plain) } ?? text.utf8.allSatisfy(plain)
        return ascii ? text.utf8.count : text.count
    }

    static func fit(_ text: String, length: Int, into line: inout [UInt8], width: Int, right: Bool) {
        if length > width {
            line += text.prefix(max(0, width - 1)).utf8
            line += "…".utf8
            return
        }
        if right { pad(&line, width - length) }
        line += text.utf8
        if !right { pad(&line, width - length) }
    }

    private static func pad(_ line: inout [UInt8], _ count: Int) {
        guard count > 0 else { return }
        line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }
}

/// A record shown as label/value lines, for `show` commands.
public struct Fields: Sendable {
    public var pairs: [(String, String)]
    public init(_ pairs: [(String, String?)]) {
        self.pairs = pairs.compactMap { label, value in value.map { (label, $0) } }
    }

    public func render() -> String {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { label, value in
            let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
            let indent = String(repeating: " ", count: width + 2)
            return label + ":" + String(repeating: " ", count: width + 1 - label.count)
                + lines.joined(separator: "\n" + indent)
        }.joined(separator: "\n")
    }
}
