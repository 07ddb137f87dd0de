import CSV
import Foundation

/// A meeting platform's attendance report (Teams, Zoom and the like): who was in the
/// meeting and for how many minutes. Columns are found by their headers; a person who
/// joined more than once has their minutes added up.
struct AttendanceReport {
    struct Attendee: Equatable {
        var name: String
        var email: String?
        var minutes: Int
        var line: Int
    }

    var attendees: [Attendee] = []

    enum Problem: Error, Equatable, CustomStringConvertible, MusterError {
        case unreadable(String)
        case notText(String)
        case noParticipants(String)
        case unreadableRows(String, [String])

        var description: String {
            switch self {
            case .unreadable(let file): "\(file) cannot be read"
            case .notText(let file): "\(file) is not a text file (it holds NUL bytes): export the report as CSV"
            case .unreadableRows(let file, let rows):
                "nothing marked from \(file):\n" + rows.map { "  " + $0 }.joined(separator: "\n")
            case .noParticipants(let file):
                "\(file) has no participants table: expected a header row with a name, an email and a duration column"
            }
        }
    }

    static func read(_ url: URL) throws -> AttendanceReport {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Problem.unreadable(url.path) }
        guard let text = TextFile.decode(data) else { throw Problem.notText(url.path) }
        return try parse(text, file: url.path)
    }

    static func parse(_ text: String, file: String) throws -> AttendanceReport {
        let firstLines = text.split(whereSeparator: \.isNewline).prefix(20)
        let delimiter: UnicodeScalar = firstLines.contains { $0.contains("\t") } ? "\t" : ","
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true, delimiter: delimiter)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }

        // The first row naming a name, an email and a duration: in a sectioned report the
        // participants' totals come before the per-join activity, which must not be added twice.
        guard let headerIndex = rows.firstIndex(where: { Columns($0) != nil }), let columns = Columns(rows[headerIndex]) else {
            throw Problem.noParticipants(file)
        }
        var report = AttendanceReport()
        var byEmail: [String: Int] = [:]
        // A duration that cannot be read would mark someone present for no minutes at all,
        // and a field longer than any name or address is not a report's: both stop the import.
        var unreadable: [String] = []
        for (offset, row) in rows[(headerIndex + 1)...].enumerated() {
            if row.allSatisfy(\.isEmpty) || row.count == 1 { break } // end of the section
            let line = headerIndex + offset + 2
            if let long = row.first(where: { $0.unicodeScalars.count > FieldLength.longText }) {
                unreadable.append("line \(line): a field of \(long.unicodeScalars.count) characters")
                continue
            }
            let name = columns.name < row.count ? row[columns.name] : ""
            let email = columns.email < row.count ? row[columns.email].lowercased() : ""
            let duration = columns.duration < row.count ? row[columns.duration] : ""
            guard let minutes = Self.minutes(duration) else {
                unreadable.append("line \(line): '\(duration)' is not a duration: expected minutes (185), 3h 5m 29s or 1:09:12")
                continue
            }
            let attendee = Attendee(name: name, email: email.isEmpty ? nil : email, minutes: minutes, line: line)
            if let email = attendee.email, let index = byEmail[email] {
                report.attendees[index].minutes += attendee.minutes
            } else {
                if let email = attendee.email { byEmail[email] = report.attendees.count }
                report.attendees.append(attendee)
            }
        }
        guard unreadable.isEmpty else { throw Problem.unreadableRows(file, unreadable) }
        return report
    }

    struct Columns {
        var name: Int, email: Int, duration: Int

        init?(_ header: [String]) {
            let keys = header.map { $0.lowercased() }
            guard let name = keys.firstIndex(where: { $0.hasPrefix("name") || $0 == "participant" || $0 == "full name" }),
                  let email = keys.firstIndex(where: { $0.contains("email") }) ?? keys.firstIndex(where: { $0.contains("upn") }),
                  let duration = keys.firstIndex(where: { $0.contains("duration") || $0.contains("time in") })
            else { return nil }
            self.name = name; self.email = email; self.duration = duration
        }
    }

    /// `185`, `3h 5m 29s`, `34m`, `1:09:12`: minutes, to the nearest.
    static func minutes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let whole = Double(trimmed) { return Int(whole.rounded()) }
        if trimmed.contains(":") {
            let parts = trimmed.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 3 || parts.count == 2 else { return nil }
            let seconds = parts.count == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1]
            return Int((seconds / 60).rounded())
        }
        var seconds = 0.0, number = "", found = false
        for character in trimmed.lowercased() {
            if character.isNumber || character == "." { number.append(character); continue }
            if character == " " { continue }
            guard let value = Double(number) else { return nil }
            switch character {
            case "h": seconds += value * 3600
            case "m": seconds += value * 60
            case "s": seconds += value
            default: return nil
            }
            number = ""; found = true
        }
        guard found, number.isEmpty else { return nil }
        return Int((seconds / 60).rounded())
    }
}

extension Register {
    /// What an attendance import did, and what it would not guess.
    public struct ImportResult: Sendable, Equatable {
        public var attended: [String] = []
        public var partial: [String] = []
        /// Rows matching no learner by email: organisers, guests, phones.
        public var unmatched: [String] = []
        /// Learners in the report who hold no place on the session.
        public var notBooked: [String] = []
        /// Delegates the report does not mention: left unmarked.
        public var missing: [String] = []
    }

    /// Marks delegates of an online session from a meeting platform's report, by email:
    /// attended at the threshold share of the session's length or more, partial below it.
    public func importAttendance(_ sessionID: String, from url: URL) throws -> ImportResult {
        let report = try AttendanceReport.read(url)
        return try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "register.import", recordType: "session",
                                                   recordID: sessionID, detail: url.lastPathComponent)) { db in
            let summary = try Schedule.summary(sessionID, in: db)
            let session = summary.session
            try Self.refuseUnlessOpen(session, now: clock.now, local: clock.local)
            let length = Int(session.endsAt.timeIntervalSince(session.startsAt) / 60)
            let threshold = Double(try BookingPolicy.load(db).attendanceThresholdPercent) / 100
            let ledger = BookingLedger(db, actor: actor, clock: clock)
            var result = ImportResult()
            var seen: Set<String> = []
            for attendee in report.attendees {
                let label = "\(attendee.name) <\(attendee.email ?? "no email")>, \(attendee.minutes) minutes"
                let learners = try attendee.email.map {
                    try Learner.fetchAll(db, sql: "SELECT * FROM learner WHERE email = ? COLLATE NOCASE", arguments: [$0])
                } ?? []
                // No email, nobody with it, or two learners sharing it: listed, never guessed.
                guard learners.count == 1, let learner = learners.first else { result.unmatched.append(label); continue }
                guard var booking = try Booking.fetchOne(db, sql: """
                    SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status IN \(Self.markable)
                    """, arguments: [session.id, learner.id])
                else { result.notBooked.append("\(learner.id) (\(label))"); continue }
                seen.insert(learner.id)
                let minutes = min(attendee.minutes, length)
                let mark: BookingStatus = Double(attendee.minutes) >= threshold * Double(length) ? .attended : .partial
                try ledger.mark(&booking, mark, minutes: minutes, note: "\(attendee.minutes) minutes in \(url.lastPathComponent)")
                if mark == .attended { result.attended.append(learner.id) } else { result.partial.append(learner.id) }
            }
            result.missing = try String.fetchAll(db, sql: "SELECT learner_id FROM booking WHERE session_id = ? AND status = 'confirmed' ORDER BY id",
                                                 arguments: [session.id]).filter { !seen.contains($0) }
            return result
        }
    }
}
