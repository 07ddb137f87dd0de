import Foundation
import GRDB

/// The counts behind the annual report, taken over sessions that started in a period.
/// Sessions and agencies are summed from kept monthly sums (`SessionMonths`,
/// `AgencyMonths`), with the few rows near each end of a local month or period read one by one.
public struct TrainingFigures: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// The sessions starting from `from` to `to` inclusive (local days), grouped by local
    /// month, course, status and reason, in that order; none when `to` is before `from`.
    public func sessions(from: LocalDate, to: LocalDate) throws -> [SessionTally] {
        try sessions(from: from, to: to, sessionBySession: false)
    }

    /// `sessionBySession`: read from each session's counts instead of the monthly sums, for the tests.
    func sessions(from: LocalDate, to: LocalDate, sessionBySession: Bool) throws -> [SessionTally] {
        guard let (grouped, arguments) = sessionRowsQuery(from: from, to: to, sessionBySession: sessionBySession) else { return [] }
        return try database.read { db in
            let courses = try Dictionary(Row.fetchAll(cached: db, sql: "SELECT id, area, format FROM course", as: { row in
                (row.text(at: 0), (area: row.choice(at: 1) as CourseArea, format: row.choice(at: 2) as DeliveryFormat))
            }), uniquingKeysWith: { first, _ in first })
            // Summed here, not by SQLite's GROUP BY: sorting the thousand rows of a year to
            // group them took SQLite 5 of the report's 17 ms; a dictionary takes a fraction.
            var tallies: [TallyKey: SessionTally] = [:]
            let rows = try Row.fetchCursor(db.makeStatement(sql: grouped), arguments: arguments)
            while let row = try rows.next() {
                let key = TallyKey(year: row.integer(at: 0), month: row.integer(at: 1), courseID: row.text(at: 2),
                                   status: row.choice(at: 3), cancelReason: row.choiceIfPresent(at: 4))
                guard let course = courses[key.courseID] else { continue }
                var tally = tallies[key] ?? SessionTally(year: key.year, month: key.month, courseID: key.courseID, area: course.area,
                                                         format: course.format, status: key.status, cancelReason: key.cancelReason,
                                                         sessions: 0, capacity: 0)
                tally.sessions += row.integer(at: 5); tally.capacity += row.integer(at: 6)
                tally.attended += row.integer(at: 7); tally.partial += row.integer(at: 8)
                tally.absent += row.integer(at: 9); tally.excused += row.integer(at: 10)
                tally.lateCancellations += row.integer(at: 11)
                tallies[key] = tally
            }
            return tallies.values.filter { $0.sessions > 0 }.sorted { a, b in
                (a.year, a.month, a.courseID, a.status.rawValue, a.cancelReason?.rawValue ?? "")
                    < (b.year, b.month, b.courseID, b.status.rawValue, b.cancelReason?.rawValue ?? "")
            }
        }
    }

    /// The rows `sessions` sums, as SQL and its arguments (see `SessionMonths.grouped`); nil
    /// for an empty period.
    func sessionRowsQuery(from: LocalDate, to: LocalDate, sessionBySession: Bool) -> (sql: String, arguments: StatementArguments)? {
        let local = clock.local
        // Each month of the period, clipped to it.
        let months = LocalDate.firstDaysOfMonths(from: from, to: to).map { first -> (year: Int, month: Int, period: Range<Date>) in
            (first.year, first.month, local.startOfDay(max(first, from))..<local.startOfDay(min(first.adding(months: 1), to.adding(days: 1))))
        }
        return months.isEmpty ? nil : SessionMonths.grouped(months, sessionBySession: sessionBySession)
    }

    /// What one tally sums over.
    private struct TallyKey: Hashable {
        var year: Int, month: Int, courseID: String, status: SessionStatus, cancelReason: CancelReason?
    }

    /// Every agency, those that booked nothing in the period included, by name. Places and
    /// attendance count on sessions that ran (completed); late cancellations on any session.
    /// Read from the kept monthly sums and, near the period's ends, the kept places
    /// (`AgencyMonths`). Nothing counts when `to` is before `from`.
    public func agencies(from: LocalDate, to: LocalDate) throws -> [AgencyTally] {
        let local = clock.local, start = local.startOfDay(from)
        return try agencies(AgencyMonths.Reading(start..<max(start, local.endOfDay(to))))
    }

    func agencies(_ reading: AgencyMonths.Reading) throws -> [AgencyTally] {
        try database.read { db in
            try Row.fetchAll(db.makeStatement(sql: """
                SELECT a.id, a.name, \(AgencyMonths.Reading.counts.map { "IFNULL(SUM(x.\($0)), 0)" }.joined(separator: ", "))
                FROM agency a LEFT JOIN (\(reading.parts.joined(separator: "\nUNION ALL\n"))) x ON x.agency_id = a.id
                GROUP BY a.id
                ORDER BY a.name
                """), arguments: reading.arguments, as: { row in
                var tally = AgencyTally(agencyID: row.text(at: 0), name: row.text(at: 1))
                tally.attended = row.integer(at: 2); tally.partial = row.integer(at: 3)
                tally.absent = row.integer(at: 4); tally.excused = row.integer(at: 5)
                tally.learners = row.integer(at: 6); tally.lateCancellations = row.integer(at: 7)
                return tally
            })
        }
    }
}
