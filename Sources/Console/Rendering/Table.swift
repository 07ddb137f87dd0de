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
    public func render(width: Int?, colour: Bool = false) -> String {
        let gap = 2
        var widths = columns.indices.map { index in
            rows.reduce(columns[index].header.count) { max($0, $1[index].count) }
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
        var lines: [String] = []
        func line(_ cells: [String], row: Int? = nil) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                var fitted = Self.fit(cell, widths[index], right: columns[index].alignRight)
                if colour, let row, row < tints.count, index < tints[row].count, let tint = tints[row][index] {
                    fitted = "\u{1B}[\(tint.rawValue)m" + fitted + "\u{1B}[0m"
                }
                text += (index == 0 ? "" : String(repeating: " ", count: gap)) + fitted
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        if rows.isEmpty { return "(no \(noun.plural))" }
        lines.append(line(columns.map(\.header)))
        lines.append(line(widths.map { String(repeating: "-", count: $0) }))
        lines += rows.enumerated().map { line($1, row: $0) }
        lines.append("(\(rows.count) \(rows.count == 1 ? noun.singular : noun.plural))")
        return lines.joined(separator: "\n")
    }

    static func fit(_ text: String, _ width: Int, right: Bool) -> String {
        if text.count > width { return String(text.prefix(max(0, width - 1))) + "…" }
        let padding = String(repeating: " ", count: width - text.count)
        return right ? padding + text : text + padding
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
            return (label + ":").padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + lines.joined(separator: "\n" + indent)
        }.joined(separator: "\n")
    }
}
