import Foundation
import GRDB

/// One scheduled delivery of a course. Times are instants (UTC in the file); people see
/// them in the partnership's zone.
public struct Session: Sendable, Equatable {
    public var id: String
    public var courseID: String
    public var startsAt: Date
    public var endsAt: Date
    public var venue: String?
    public var onlineURL: String?
    public var trainerID: String?
    public var capacity: Int
    public var minAttendees: Int
    /// Working days before the start when booking closes; nil follows the partnership's policy.
    public var cutoffDays: Int?
    public var status: SessionStatus
    public var cancelReason: CancelReason?
    public var cancelNote: String?
    public var createdAt: Date
    /// What the scheduler decided once the cut-off passed; nil until then.
    public var cutoffDecision: CutoffDecision? = nil
    public var decidedAt: Date? = nil

    /// Rules every session keeps, whichever way it was written.
    func problems() -> [String] {
        var problems: [String] = []
        if capacity < 1 { problems.append("capacity must be at least 1, not \(capacity)") }
        if minAttendees < 0 { problems.append("minimum numbers cannot be negative") }
        if minAttendees > capacity { problems.append("minimum numbers (\(minAttendees)) cannot be above capacity (\(capacity))") }
        if endsAt <= startsAt { problems.append("the session must end after it starts") }
        if venue != nil && onlineURL != nil { problems.append("give a venue or an online link, not both") }
        if let cutoffDays, cutoffDays < 0 || cutoffDays > 60 { problems.append("cut-off days must be between 0 and 60 working days") }
        if let url = onlineURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            problems.append("'\(url)' is not an online link: expected https://…")
        }
        return problems
    }

    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 32 &&
            id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

public enum SessionStatus: String, CaseIterable, Sendable, Codable {
    case scheduled, cancelled, completed
}

/// The scheduler's decision at a session's cut-off, when it did not cancel it.
public enum CutoffDecision: String, CaseIterable, Sendable, Codable {
    /// At or over its minimum at the cut-off: it runs, whatever later cancellations do.
    case goingAhead = "going-ahead"
    /// Already started when the scheduler first looked, below its minimum: reported, never cancelled.
    case startedBelowMinimum = "started-below-minimum"
}

public enum CancelReason: String, CaseIterable, Sendable, Codable {
    case lowNumbers = "low-numbers"
    case trainerUnavailable = "trainer-unavailable"
    case venue
    case other
}

extension Session: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "session"

    // Read and written column by column, as `Booking` is: every listing, booking and
    // scheduler pass reads sessions, and the generic decoding looked each column up thrice.
    public init(row: Row) throws {
        id = row["id"]; courseID = row["course_id"]; startsAt = row["starts_at"]; endsAt = row["ends_at"]
        venue = row["venue"]; onlineURL = row["online_url"]; trainerID = row["trainer_id"]
        capacity = row["capacity"]; minAttendees = row["min_attendees"]; cutoffDays = row["cutoff_days"]
        status = row["status"]; cancelReason = row["cancel_reason"]; cancelNote = row["cancel_note"]
        createdAt = row["created_at"]; cutoffDecision = row["cutoff_decision"]; decidedAt = row["decided_at"]
    }

    /// The columns in the order `init(row:at:)` reads them: a selection that lists them so,
    /// as `SessionSummary.selection` does, is read by position. GRDB finds a column by name
    /// by lowercasing names, which cost a listing of two thousand sessions a fifth of its time.
    package static let columns = ["id", "course_id", "starts_at", "ends_at", "venue", "online_url", "trainer_id",
                                  "capacity", "min_attendees", "cutoff_days", "status", "cancel_reason", "cancel_note",
                                  "created_at", "cutoff_decision", "decided_at"]

    package init(row: Row, at first: Int) {
        id = row.text(at: first); courseID = row.text(at: first + 1)
        startsAt = row.instant(at: first + 2); endsAt = row.instant(at: first + 3)
        venue = row.textIfPresent(at: first + 4); onlineURL = row.textIfPresent(at: first + 5); trainerID = row.textIfPresent(at: first + 6)
        capacity = row.integer(at: first + 7); minAttendees = row.integer(at: first + 8); cutoffDays = row.integerIfPresent(at: first + 9)
        status = row.choice(at: first + 10); cancelReason = row.choiceIfPresent(at: first + 11); cancelNote = row.textIfPresent(at: first + 12)
        createdAt = row.instant(at: first + 13); cutoffDecision = row.choiceIfPresent(at: first + 14)
        decidedAt = row.instantIfPresent(at: first + 15)
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id; container["course_id"] = courseID; container["starts_at"] = startsAt
        container["ends_at"] = endsAt; container["venue"] = venue; container["online_url"] = onlineURL
        container["trainer_id"] = trainerID; container["capacity"] = capacity; container["min_attendees"] = minAttendees
        container["cutoff_days"] = cutoffDays; container["status"] = status; container["cancel_reason"] = cancelReason
        container["cancel_note"] = cancelNote; container["created_at"] = createdAt
        container["cutoff_decision"] = cutoffDecision; container["decided_at"] = decidedAt
    }
}

extension SessionStatus: DatabaseValueConvertible {}
extension CutoffDecision: DatabaseValueConvertible {}
extension CancelReason: DatabaseValueConvertible {}
