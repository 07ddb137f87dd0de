import Foundation
import GRDB

/// A booking as a learner's list shows it: the session it is for, where they stand, and
/// (for `--all`) how it got there.
public struct BookingLine: Sendable, Equatable {
    public var booking: Booking
    public var courseTitle: String
    public var startsAt: Date
    public var endsAt: Date
    public var sessionStatus: SessionStatus
    public var position: Int?
    public var history: [BookingEvent]
}

/// One change on a session's bookings, for `session show`.
public struct BookingHistoryEntry: Sendable, Equatable {
    public var learnerID: String
    public var learnerName: String
    public var event: BookingEvent
}

extension Bookings {
    /// Upcoming and past bookings (what was attended, what is still to come); with
    /// `includeAll`, cancelled ones too, and every booking's history.
    public func bookings(of learnerID: String, includeAll: Bool) throws -> [BookingLine] {
        try database.read { db in
            let learner = try actingOn(learnerID, in: db)
            // Read in place as the rows come: copying each row first was a tenth of the command.
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT \(Booking.columns.map { "b.\($0)" }.joined(separator: ", ")),
                       c.title, s.starts_at, s.ends_at, s.status
                FROM booking b JOIN session s ON s.id = b.session_id JOIN course c ON c.id = s.course_id
                WHERE b.learner_id = ? \(includeAll ? "" : "AND b.status <> 'cancelled'")
                ORDER BY s.starts_at, b.id
                """), arguments: [learner.id])
            var lines: [BookingLine] = []
            while let row = try rows.next() {
                let booking = Booking(row: row, at: 0), after = Booking.columns.count
                lines.append(BookingLine(
                    booking: booking, courseTitle: row.text(at: after), startsAt: row.instant(at: after + 1),
                    endsAt: row.instant(at: after + 2), sessionStatus: row.choice(at: after + 3),
                    position: booking.status == .waitlisted ? try WaitingList.position(of: booking, in: db) : nil,
                    history: includeAll ? try BookingEvent.fetchAll(cached: db, sql: "SELECT * FROM booking_event WHERE booking_id = ? ORDER BY id",
                                                                    arguments: [booking.id]) : []))
            }
            return lines
        }
    }

    /// Every change on the session's bookings, oldest first.
    /// A session's bookings, place by place; a learner sees only their own.
    public func history(ofSession sessionID: String) throws -> [BookingHistoryEntry] {
        let ownOnly = actor.role == .learner ? actor.learnerID ?? "" : nil
        return try database.read { db in
            let session = try Schedule.summary(sessionID, in: db).session
            return try Row.fetchAll(cached: db, sql: """
                SELECT e.*, b.learner_id, l.name AS learner_name FROM booking_event e
                JOIN booking b ON b.id = e.booking_id JOIN learner l ON l.id = b.learner_id
                WHERE b.session_id = ? AND (? IS NULL OR b.learner_id = ?) ORDER BY e.id
                """, arguments: [session.id, ownOnly, ownOnly]).map {
                BookingHistoryEntry(learnerID: $0["learner_id"], learnerName: $0["learner_name"], event: try BookingEvent(row: $0))
            }
        }
    }
}
