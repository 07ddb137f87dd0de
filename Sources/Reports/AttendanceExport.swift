import Foundation
import MusterCore

/// The attendance export of COMMANDS.md: RFC 4180 CSV or JSON, written in chunks as rows
/// come from the database. Cells a spreadsheet would run as a formula are neutralised.
public enum AttendanceExport {
    public typealias Format = ExportFormat

    public static let columns = ["session_id", "course_id", "course_title", "date", "learner_id", "name", "email",
                                 "agency", "job_role", "status", "cpd_hours"]

    /// Writes the export through `write`, about 64 KB at a time. Returns the number of rows.
    @discardableResult
    public static func write(_ format: Format, from database: AppDatabase, matching filter: AttendanceFilter,
                             clock: MusterClock, to write: (String) throws -> Void) throws -> Int {
        let local = clock.local
        var writer = RecordWriter(format, columns: columns)
        // Rows come session by session: the day is worked out once per session, not per row.
        var day: (startsAt: Date, text: String)?
        try database.forEachAttendanceRecord(matching: filter, clock: clock) { record in
            if day?.startsAt != record.startsAt { day = (record.startsAt, local.date(of: record.startsAt).description) }
            let values = [record.sessionID, record.courseID, record.courseTitle, day!.text,
                          record.learnerID, record.name, record.email, record.agency, record.jobRole ?? "",
                          record.status.rawValue, CPDHours.text(record.cpdHours)]
            try writer.add(to: write, csv: values, json: zip(columns, values).map { column, value in
                column == "cpd_hours" ? .double(record.cpdHours) : .string(value)
            })
        }
        return try writer.finish(to: write)
    }
}

/// One CSV record as RFC 4180 has it: fields quoted when they hold a comma, quote or line
/// break, quotes doubled, lines ended with CRLF.
enum CSVLine {
    static func format(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    /// A leading `=`, `+`, `-`, `@`, tab or carriage return makes a spreadsheet run the cell as
    /// a formula; a leading apostrophe makes it text.
    static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        return "'" + field
    }
}
