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
                             clock: MusterClock, progress: ((Int, Int) -> Void)? = nil,
                             to write: (String) throws -> Void) throws -> Int {
        let local = clock.local
        var writer = RecordWriter(format, columns: columns)
        // Rows come session by session: the day is worked out once per session, not per row.
        var day: (startsAt: Date, text: String)?
        try database.forEachAttendanceRecord(matching: filter, clock: clock, progress: progress) { record in
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
