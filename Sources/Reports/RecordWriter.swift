/// Writes an export's records as RFC 4180 CSV (cells neutralised against formulas) or as a
/// JSON array, handing the text on about 64 KB at a time, so an export of any size streams.
struct RecordWriter {
    let format: ExportFormat
    let columns: [String]
    private var buffer = ""
    private(set) var count = 0

    init(_ format: ExportFormat, columns: [String]) {
        self.format = format; self.columns = columns
        buffer = format == .csv ? CSVLine.format(columns) : "["
    }

    /// One record: its CSV cells and, for JSON, the same values typed.
    /// The JSON values are made only for a JSON export.
    mutating func add(to write: (String) throws -> Void, csv cells: [String], json values: @autoclosure () -> [JSONValue]) throws {
        switch format {
        case .csv: CSVLine.append(cells, neutralising: true, to: &buffer)
        case .json: buffer += (count == 0 ? "\n  " : ",\n  ") + JSONValue.object(Array(zip(columns, values()))).serialized(pretty: false)
        }
        count += 1
        if buffer.utf8.count >= 65_536 { try write(buffer); buffer = "" }
    }

    /// Closes the JSON array and hands on the rest. Returns the number of records.
    mutating func finish(to write: (String) throws -> Void) throws -> Int {
        if format == .json { buffer += count == 0 ? "]\n" : "\n]\n" }
        try write(buffer)
        buffer = ""
        return count
    }
}
