import Foundation
import MusterCore
import Reports

enum ExportCommands {
    static let formats = ValueKind.choice(ExportFormat.allCases.map(\.rawValue))

    static let specs: [CommandSpec] = [
        CommandSpec("export attendance", options: [
            .value("--from", "DATE", .date, "sessions starting on or after this day"),
            .value("--to", "DATE", .date, "sessions starting on or before this day"),
            .value("--course", "C", .course, "one course's sessions"),
            .value("--agency", "A", .agency, "one agency's learners"),
            .value("--session", "S", .session, "one session"),
            .value("--format", "F", formats, "csv (default) or json"),
            .value("--output", "FILE", .file, "write to this file instead of the screen"),
        ], roles: .admins, section: .reports,
        summary: "every booking matching the filters, whatever its status, as CSV or JSON") { invocation, context in
            var filter = AttendanceFilter()
            filter.from = try invocation.date("--from", context.local)
            filter.to = try invocation.date("--to", context.local)
            filter.courseID = invocation.option("--course")
            filter.agency = invocation.option("--agency")
            filter.sessionID = invocation.option("--session")
            let format = try format(invocation)
            let database = context.database, clock = context.clock
            guard let path = invocation.option("--output") else {
                return CommandOutput(.stream { [filter] write in
                    try AttendanceExport.write(format, from: database, matching: filter, clock: clock, to: write)
                })
            }
            let rows = try ProgressBar.showing("export attendance") { progress in
                try ExportFile.write(to: path) { write in
                    try AttendanceExport.write(format, from: database, matching: filter, clock: clock, progress: progress, to: write)
                }
            }
            return .text("Wrote \(rows) booking\(rows == 1 ? "" : "s") to \(path)")
        },

        // Completes session ids only: completing learner ids would list everyone's to a learner.
        CommandSpec("export calendar", [.optional(calendarArgument, .session)], options: [
            .value("--output", "FILE", .file, "write to this file (FILE.ics) instead of the screen"),
        ], roles: .everyone, section: .reports,
        summary: "a learner's sessions, or one session, as iCalendar for Outlook, Google or Apple calendars") { invocation, context in
            guard let id = invocation.argument(calendarArgument) ?? context.actor.learnerID else {
                throw UsageError.missingArgument(calendarArgument, usage: Usage.line(invocation.spec))
            }
            let calendar = try context.schedule.calendar(for: id)
            let clock = context.clock
            guard let path = invocation.option("--output") else {
                return CommandOutput(.stream { write in try CalendarFeed.write(calendar, clock: clock, to: write) })
            }
            let events = try ExportFile.write(to: path) { write in try CalendarFeed.write(calendar, clock: clock, to: write) }
            return .text("Wrote \(events) event\(events == 1 ? "" : "s") of \(CalendarFeed.name(of: calendar.subject)) to \(path)")
        },
    ]

    /// A session id or a learner id; a learner user who names neither means themselves.
    static let calendarArgument = "LEARNER|SESSION"

    /// `--format csv|json`; `otherwise` when not given.
    static func format(_ invocation: Invocation, otherwise: ExportFormat = .csv) throws -> ExportFormat {
        try invocation.choice("--format") { text in
            guard let format = ExportFormat(rawValue: text.lowercased()) else {
                throw UsageError.badValue(option: "--format", value: text, expected: "csv or json")
            }
            return format
        } ?? otherwise
    }
}
