import Foundation
import GRDB

/// The counts behind the annual report, taken over sessions that started in a period.
/// Sessions are summed in SQL from their kept counts (`SessionCounts`), a month at a time
/// along one covering index; agencies from their kept places (`AgencyPlaces`).
public struct TrainingFigures: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// The sessions starting from `from` to `to` inclusive (local days), grouped by local
    /// month, course, status and reason, in that order.
    public func sessions(from: LocalDate, to: LocalDate) throws -> [SessionTally] {
        let local = clock.local
        // Each month of the period, clipped to it: its first instant and the first after it.
        let months = LocalDate.firstDaysOfMonths(from: from, to: to).map { first -> (year: Int, month: Int, start: Date, end: Date) in
            (first.year, first.month, local.startOfDay(max(first, from)), local.startOfDay(min(first.adding(months: 1), to.adding(days: 1))))
        }
        guard !months.isEmpty else { return [] }
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.column1, m.column2, t.course_id, c.area, c.format, t.status, t.cancel_reason, COUNT(*), SUM(t.capacity),
                       SUM(t.attended), SUM(t.partial), SUM(t.absent), SUM(t.excused), SUM(t.late)
                FROM (VALUES \(Array(repeating: "(?, ?, ?, ?)", count: months.count).joined(separator: ", "))) m
                CROSS JOIN session_count t ON t.starts_at >= m.column3 AND t.starts_at < m.column4
                JOIN course c ON c.id = t.course_id
                GROUP BY m.column1, m.column2, t.course_id, t.status, t.cancel_reason
                ORDER BY m.column1, m.column2, t.course_id, t.status, t.cancel_reason
                """, arguments: StatementArguments(months.flatMap { [$0.year, $0.month, $0.start, $0.end] as [any DatabaseValueConvertible] })).map { row in
                var tally = SessionTally(year: row.integer(at: 0), month: row.integer(at: 1), courseID: row.text(at: 2),
                                         area: row.choice(at: 3), format: row.choice(at: 4), status: row.choice(at: 5),
                                         cancelReason: row.choiceIfPresent(at: 6), sessions: row.integer(at: 7), capacity: row.integer(at: 8))
                tally.attended = row.integer(at: 9); tally.partial = row.integer(at: 10)
                tally.absent = row.integer(at: 11); tally.excused = row.integer(at: 12)
                tally.lateCancellations = row.integer(at: 13)
                return tally
            }
        }
    }

    /// Every agency, those that booked nothing in the period included, by name. Places and
    /// attendance count on sessions that ran (completed); late cancellations on any session.
    /// Read from the kept places (`AgencyPlaces`), one index range per agency.
    public func agencies(from: LocalDate, to: LocalDate) throws -> [AgencyTally] {
        let local = clock.local
        let (start, end) = (local.startOfDay(from), local.endOfDay(to))
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.name,
                       COUNT(CASE WHEN p.status = 'attended' THEN 1 END) AS attended,
                       COUNT(CASE WHEN p.status = 'partial' THEN 1 END) AS partial,
                       COUNT(CASE WHEN p.status = 'absent' THEN 1 END) AS absent,
                       COUNT(CASE WHEN p.status = 'excused' THEN 1 END) AS excused,
                       COUNT(CASE WHEN p.status IN \(BookingStatus.cameSQL) AND (p.previous_came IS NULL OR p.previous_came < :start)
                                  THEN 1 END) AS learners,
                       COUNT(CASE WHEN p.late THEN 1 END) AS late
                FROM agency a LEFT JOIN agency_place p ON p.agency_id = a.id AND p.starts_at >= :start AND p.starts_at < :end
                GROUP BY a.id
                ORDER BY a.name
                """, arguments: ["start": start, "end": end]).map { row in
                var tally = AgencyTally(agencyID: row["id"], name: row["name"])
                tally.attended = row["attended"]; tally.partial = row["partial"]
                tally.absent = row["absent"]; tally.excused = row["excused"]
                tally.learners = row["learners"]; tally.lateCancellations = row["late"]
                return tally
            }
        }
    }
}
