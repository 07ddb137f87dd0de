import Foundation
import GRDB

/// A learner's place on a session. Never deleted: a cancelled booking stays, with its history.
public struct Booking: Sendable, Equatable {
    public var id: Int64?
    public var sessionID: String
    public var learnerID: String
    public var status: BookingStatus
    public var bookedAt: Date
    /// When the learner joined the waiting list: the list is served in this order.
    public var waitlistedAt: Date?
    public var confirmedAt: Date?
    public var lateCancellation: Bool
    public var minutesAttended: Int?
    public var updatedAt: Date

    public init(id: Int64? = nil, sessionID: String, learnerID: String, status: BookingStatus, bookedAt: Date,
                waitlistedAt: Date? = nil, confirmedAt: Date? = nil, lateCancellation: Bool = false,
                minutesAttended: Int? = nil, updatedAt: Date) {
        self.id = id; self.sessionID = sessionID; self.learnerID = learnerID; self.status = status
        self.bookedAt = bookedAt; self.waitlistedAt = waitlistedAt; self.confirmedAt = confirmedAt
        self.lateCancellation = lateCancellation; self.minutesAttended = minutesAttended; self.updatedAt = updatedAt
    }
}

public enum BookingStatus: String, CaseIterable, Sendable, Codable {
    case confirmed, waitlisted, cancelled, attended, partial, absent, excused

    /// A live booking holds a place or a place in the queue.
    public var isLive: Bool { self == .confirmed || self == .waitlisted }

    /// Came for all or part of the session, as an SQL list: those whose answers and
    /// evaluations count.
    public static let cameSQL = "('attended','partial')"
}

extension Booking: FetchableRecord, MutablePersistableRecord, PreparedInsert {
    public static let databaseTableName = "booking"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    // Read and written column by column rather than through Codable: every booking, register
    // mark and letter reads and writes bookings, and the generic coding cost more than SQLite.
    public init(row: Row) throws {
        id = row["id"]; sessionID = row["session_id"]; learnerID = row["learner_id"]; status = row["status"]
        bookedAt = row["booked_at"]; waitlistedAt = row["waitlisted_at"]; confirmedAt = row["confirmed_at"]
        lateCancellation = row["late_cancellation"]; minutesAttended = row["minutes_attended"]; updatedAt = row["updated_at"]
    }

    /// The columns in the order `init(row:at:)` reads them, for lists that select them so:
    /// GRDB finds a column by name by lowercasing every name it holds, which was a fifth of
    /// listing a learner's bookings.
    package static let columns = ["id", "session_id", "learner_id", "status", "booked_at", "waitlisted_at", "confirmed_at",
                                  "late_cancellation", "minutes_attended", "updated_at"]

    package init(row: Row, at first: Int) {
        id = Int64(row.integer(at: first)); sessionID = row.text(at: first + 1); learnerID = row.text(at: first + 2)
        status = row.choice(at: first + 3); bookedAt = row.instant(at: first + 4)
        waitlistedAt = row.instantIfPresent(at: first + 5); confirmedAt = row.instantIfPresent(at: first + 6)
        lateCancellation = row.integer(at: first + 7) != 0; minutesAttended = row.integerIfPresent(at: first + 8)
        updatedAt = row.instant(at: first + 9)
    }

    /// The listing's columns: a column added to one is added to both.
    package static var insertedColumns: [String] { columns }
    package static let insertSQL = makeInsertSQL()

    package var values: [(any DatabaseValueConvertible)?] {
        [id, sessionID, learnerID, status, bookedAt, waitlistedAt, confirmedAt, lateCancellation, minutesAttended, updatedAt]
    }

    public func encode(to container: inout PersistenceContainer) throws { encodeColumns(to: &container) }
}

extension Booking {
    /// The learner's earliest confirmed place on another scheduled session at a time that
    /// overlaps `session`: what refuses a booking, and what passes someone over on a waiting list.
    static func overlappingPlace(of learnerID: String, with session: Session,
                                 in db: Database) throws -> (sessionID: String, courseTitle: String, startsAt: Date)? {
        try Row.fetchOne(cached: db, sql: overlappingPlaceSQL, arguments: [learnerID, session.id, session.endsAt, session.startsAt])
            .map { ($0["id"], $0["title"], $0["starts_at"]) }
    }

    /// The learner's earliest confirmed place whose session's hours cross the given ones.
    static let overlappingPlaceSQL = """
        SELECT s.id, c.title, s.starts_at FROM booking b
        JOIN session s ON s.id = b.session_id JOIN course c ON c.id = s.course_id
        WHERE b.learner_id = ? AND b.status = 'confirmed' AND s.id <> ? AND s.status = 'scheduled'
          AND s.starts_at < ? AND s.ends_at > ?
        ORDER BY s.starts_at LIMIT 1
        """
}

extension BookingStatus: DatabaseValueConvertible {}

/// One change of a booking's status: who, when, from, to, and why.
public struct BookingEvent: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "booking_event"
    public var bookingID: Int64
    public var at: Date
    public var actor: String
    public var fromStatus: BookingStatus?
    public var toStatus: BookingStatus
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case bookingID = "booking_id", at, actor, fromStatus = "from_status", toStatus = "to_status", note
    }

    public init(bookingID: Int64, at: Date, actor: String, fromStatus: BookingStatus?, toStatus: BookingStatus, note: String?) {
        self.bookingID = bookingID; self.at = at; self.actor = actor
        self.fromStatus = fromStatus; self.toStatus = toStatus; self.note = note
    }

    /// By hand, as `Booking` is: one is written for every change of every booking, and a
    /// session's history reads hundreds, which the decoder made a sixth of `session show`.
    /// A value it cannot read is an error, as it was for the decoder, not a crash.
    public init(row: Row) throws {
        bookingID = try row.decode(forColumn: "booking_id")
        at = try StoredInstant.decode(row.decode(DatabaseValue.self, forColumn: "at")) ?? row.decode(forColumn: "at")
        actor = try row.decode(forColumn: "actor")
        fromStatus = try row.decode(forColumn: "from_status")
        toStatus = try row.decode(forColumn: "to_status")
        note = try row.decode(forColumn: "note")
    }

    public func encode(to container: inout PersistenceContainer) throws { encodeColumns(to: &container) }
}

extension BookingEvent: PreparedInsert {
    package static let insertedColumns = ["booking_id", "at", "actor", "from_status", "to_status", "note"]
    package static let insertSQL = makeInsertSQL()
    package var values: [(any DatabaseValueConvertible)?] { [bookingID, at, actor, fromStatus, toStatus, note] }
}
