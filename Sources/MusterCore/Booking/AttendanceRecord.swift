import Foundation
import GRDB

/// One booking as the attendance export shows it, whatever its status.
public struct AttendanceRecord: Sendable, Equatable {
    public var sessionID: String
    public var courseID: String
    public var courseTitle: String
    public var startsAt: Date
    public var learnerID: String
    public var name: String
    public var email: String
    public var agency: String
    public var jobRole: String?
    public var status: BookingStatus
    /// The course's CPD hours when attended, the minutes actually attended when partial, else 0.
    public var cpdHours: Double
}

public struct AttendanceFilter: Sendable {
    public var from: LocalDate?
    public var to: LocalDate?
    public var courseID: String?
    public var agency: String?
    public var sessionID: String?
    public init() {}
}

extension AppDatabase {
    /// Calls `body` for each booking matching the filter, in session order, reading from a
    /// cursor so an export's memory stays flat however many rows there are.
    /// `progress` hears how many of the filter's sessions have been passed, of how many.
    public func forEachAttendanceRecord(matching filter: AttendanceFilter, clock: MusterClock,
                                        progress: ((Int, Int) -> Void)? = nil,
                                        _ body: (AttendanceRecord) throws -> Void) throws {
        let local = clock.local
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let from = filter.from { conditions.append("s.starts_at >= ?"); arguments += [local.startOfDay(from)] }
            if let to = filter.to { conditions.append("s.starts_at < ?"); arguments += [local.endOfDay(to)] }
            if let course = filter.courseID {
                conditions.append("s.course_id = ?"); arguments += [try Catalogue.course(course, in: db).id]
            }
            if let session = filter.sessionID {
                conditions.append("s.id = ?"); arguments += [try Schedule.summary(session, in: db).session.id]
            }
            // Sessions are counted on the session conditions alone, through their indexes.
            let sessions = try progress.map { _ in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session s"
                                 + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")),
                                 arguments: arguments) ?? 0
            } ?? 0
            if let agency = filter.agency {
                conditions.append("l.agency_id = ?"); arguments += [try People.agency(agency, in: db).id]
            }
            // The sessions drive: a period's export reads only that period's places, through the
            // session index, where a scan of every booking would read the whole decade first.
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT s.id, s.course_id, c.title, s.starts_at, b.learner_id, l.name, l.email,
                       a.name, l.job_role, b.status, b.minutes_attended, c.cpd_hours
                FROM session s
                CROSS JOIN booking b ON b.session_id = s.id
                JOIN course c ON c.id = s.course_id
                JOIN learner l ON l.id = b.learner_id
                JOIN agency a ON a.id = l.agency_id
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY s.starts_at, s.id, b.id
                """, arguments: arguments)
            // Columns are read by position, and a session's start is decoded once for its places.
            var startsAt: (stored: String, date: Date)?
            var session = "", passed = 0
            while let row = try cursor.next() {
                let stored: String = row[3]
                if startsAt?.stored != stored { startsAt = (stored, row[3]) }
                if let progress, row[0] != session {
                    session = row[0]
                    passed += 1
                    progress(passed, sessions)
                }
                let status = BookingStatus(rawValue: row[9]) ?? .cancelled
                let hours = CPDHours.earned(by: status, minutesAttended: row[10], courseHours: row[11])
                try body(AttendanceRecord(sessionID: row[0], courseID: row[1], courseTitle: row[2],
                                          startsAt: startsAt!.date, learnerID: row[4], name: row[5],
                                          email: row[6], agency: row[7], jobRole: row[8],
                                          status: status, cpdHours: hours))
            }
            progress?(sessions, sessions)
        }
    }
}
