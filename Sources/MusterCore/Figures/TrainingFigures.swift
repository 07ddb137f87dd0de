import Foundation
import GRDB

/// The counts behind the annual report, taken over sessions that started in a period.
/// Sessions and agencies are summed in SQL from kept monthly sums (`SessionMonths`,
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
        let local = clock.local
        // Each month of the period, clipped to it.
        let months = LocalDate.firstDaysOfMonths(from: from, to: to).map { first -> (year: Int, month: Int, period: Range<Date>) in
            (first.year, first.month, local.startOfDay(max(first, from))..<local.startOfDay(min(first.adding(months: 1), to.adding(days: 1))))
        }
        guard !months.isEmpty else { return [] }
        let (grouped, arguments) = SessionMonths.grouped(months, sessionBySession: sessionBySession)
        return try database.read { db in
            try Row.fetchAll(db.makeStatement(sql: """
                SELECT x.year, x.month, x.course_id, c.area, c.format, x.status, x.cancel_reason, SUM(x.sessions), SUM(x.capacity),
                       SUM(x.attended), SUM(x.partial), SUM(x.absent), SUM(x.excused), SUM(x.late)
                FROM (\(grouped)) x JOIN course c ON c.id = x.course_id
                GROUP BY x.year, x.month, x.course_id, x.status, x.cancel_reason
                HAVING SUM(x.sessions) > 0
                ORDER BY x.year, x.month, x.course_id, x.status, x.cancel_reason
                """), arguments: arguments, as: { row in
                var tally = SessionTally(year: row.integer(at: 0), month: row.integer(at: 1), courseID: row.text(at: 2),
                                         area: row.choice(at: 3), format: row.choice(at: 4), status: row.choice(at: 5),
                                         cancelReason: row.choiceIfPresent(at: 6), sessions: row.integer(at: 7), capacity: row.integer(at: 8))
                tally.attended = row.integer(at: 9); tally.partial = row.integer(at: 10)
                tally.absent = row.integer(at: 11); tally.excused = row.integer(at: 12)
                tally.lateCancellations = row.integer(at: 13)
                return tally
            })
        }
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
