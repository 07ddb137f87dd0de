import Foundation
import GRDB

/// One session as a calendar holds it. A calendar app recognises the event it imported
/// earlier by the session, and takes a new copy only when `sequence` is higher, so a
/// session that is cancelled, or a place given up, is sent again as cancelled rather than
/// left out: leaving it out would leave the old copy standing.
public struct CalendarEvent: Sendable, Equatable {
    public enum Status: String, Sendable { case confirmed, cancelled }

    /// Why a cancelled event is cancelled, for the person reading it in their calendar.
    public enum Cancellation: Sendable, Equatable {
        case session(CancelReason, note: String?)
        /// The learner's place was given up: by them, by staff, or passed to a colleague.
        case placeGivenUp
        /// Capacity was lowered and the learner's confirmed place went back to the waiting list.
        case backOnWaitingList
    }

    public var sessionID: String
    public var courseID: String
    public var courseTitle: String
    public var startsAt: Date
    public var endsAt: Date
    public var venue: String?
    public var onlineURL: String?
    public var trainerName: String?
    public var cancellation: Cancellation?
    /// Only ever rises (see `sequence(revision:bookingRevision:)`).
    public var sequence: Int

    public var status: Status { cancellation == nil ? .confirmed : .cancelled }

    /// The later of the session's revision and, in a learner's feed, their latest booking's:
    /// both are stamped from one rising counter whenever what an event shows changes, so
    /// no export is older than one a calendar already holds, the learner's copy is never
    /// behind the session's own feed, and a later change to the session outranks both.
    static func sequence(revision: Int, bookingRevision: Int = 0) -> Int { max(revision, bookingRevision) }

    /// The columns an event reads, from `session s` with `joins`; callers add the rest.
    static let columns = """
        s.id, s.course_id, c.title AS course_title, s.starts_at, s.ends_at, s.venue, s.online_url,
        u.name AS trainer_name, s.status, s.cancel_reason, s.cancel_note, s.revision
        """
    static let joins = "JOIN course c ON c.id = s.course_id LEFT JOIN user u ON u.id = s.trainer_id"

    /// The session's own event: confirmed unless the session is cancelled.
    init(row: Row, bookingRevision: Int = 0, placeCancellation: Cancellation? = nil) {
        sessionID = row["id"]
        courseID = row["course_id"]
        courseTitle = row["course_title"]
        startsAt = row["starts_at"]
        endsAt = row["ends_at"]
        venue = row["venue"]
        onlineURL = row["online_url"]
        trainerName = row["trainer_name"]
        if SessionStatus(rawValue: row["status"]) == .cancelled {
            cancellation = .session(CancelReason(rawValue: row["cancel_reason"] ?? "") ?? .other, note: row["cancel_note"])
        } else {
            cancellation = placeCancellation
        }
        sequence = Self.sequence(revision: row["revision"], bookingRevision: bookingRevision)
    }
}
