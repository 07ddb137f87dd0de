import Foundation
import GRDB

/// The counts behind the annual report, taken over sessions that started in a period.
/// Sessions are read from their start index and each count is a seek on the booking
/// index by session and status, so the report costs a pass over the period and nothing
/// more; a GROUP BY here lets SQLite walk the whole session table instead.
public struct TrainingFigures: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// Every session starting from `from` to `to` inclusive (local days), in start order.
    public func sessions(from: LocalDate, to: LocalDate) throws -> [SessionTally] {
        let local = clock.local
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.course_id, c.area, c.format, s.starts_at, s.status, s.cancel_reason, s.capacity,
                       \(["attended", "partial", "absent", "excused"].map { status in
                           "(SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = '\(status)') AS \(status)"
                       }.joined(separator: ",\n       ")),
                       (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'cancelled' AND b.late_cancellation) AS late
                FROM session s JOIN course c ON c.id = s.course_id
                WHERE s.starts_at >= ? AND s.starts_at < ?
                ORDER BY s.starts_at, s.id
                """, arguments: [local.startOfDay(from), local.endOfDay(to)]).map { row in
                // By position: a year is ten thousand rows, and GRDB finds a name by lowercasing.
                var tally = SessionTally(sessionID: row.text(at: 0), courseID: row.text(at: 1),
                                         area: row.choice(at: 2), format: row.choice(at: 3),
                                         startsAt: row.instant(at: 4), status: row.choice(at: 5),
                                         cancelReason: row.choiceIfPresent(at: 6), capacity: row.integer(at: 7))
                tally.attended = row.integer(at: 8); tally.partial = row.integer(at: 9)
                tally.absent = row.integer(at: 10); tally.excused = row.integer(at: 11)
                tally.lateCancellations = row.integer(at: 12)
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
