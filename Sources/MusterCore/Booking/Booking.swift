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
}

extension Booking: Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "booking"

    enum CodingKeys: String, CodingKey {
        case id, sessionID = "session_id", learnerID = "learner_id", status, bookedAt = "booked_at"
        case waitlistedAt = "waitlisted_at", confirmedAt = "confirmed_at", lateCancellation = "late_cancellation"
        case minutesAttended = "minutes_attended", updatedAt = "updated_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

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
}
