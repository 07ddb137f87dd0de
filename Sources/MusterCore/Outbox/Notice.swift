import Foundation
import GRDB

/// A message someone must receive. The outbox is the record of what was said to whom,
/// whether or not a mail command has delivered it yet.
public struct Notice: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "notification"

    public var learnerID: String?
    public var userID: String?
    public var email: String?
    public var kind: Kind
    public var subject: String
    public var body: String
    public var sessionID: String?
    public var createdAt: Date
    public var sentAt: Date?

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case bookingConfirmed = "booking-confirmed"
        case waitlisted
        case promoted
        case bookingCancelled = "booking-cancelled"
        case movedToWaitingList = "moved-to-waiting-list"
        case sessionCancelled = "session-cancelled"
        case transferred
        case goingAhead = "going-ahead"
        case reminder
        case feedbackRequest = "feedback-request"
        case registerReminder = "register-reminder"
        case followUp = "follow-up"
    }

    enum CodingKeys: String, CodingKey {
        case learnerID = "learner_id", userID = "user_id", email, kind, subject, body
        case sessionID = "session_id", createdAt = "created_at", sentAt = "sent_at"
    }

    public func encode(to container: inout PersistenceContainer) throws { encodeColumns(to: &container) }
}

/// Column by column rather than through Codable: nearly every booking writes a letter.
extension Notice: PreparedInsert {
    package static let insertedColumns = ["learner_id", "user_id", "email", "kind", "subject", "body", "session_id", "created_at", "sent_at"]
    package static let insertSQL = makeInsertSQL()
    package var values: [(any DatabaseValueConvertible)?] {
        [learnerID, userID, email, kind.rawValue, subject, body, sessionID, createdAt, sentAt]
    }
}

/// An outbox row as `outbox` lists it.
public struct OutboxEntry: Sendable, Equatable {
    public var id: Int64
    public var notice: Notice
    /// Delivery attempts so far, and why the last one failed.
    public var attempts: Int
    public var lastError: String?
}

extension AppDatabase {
    /// The outbox, newest first; `unsentOnly` for what a mail run still has to deliver.
    public func outbox(unsentOnly: Bool, limit: Int = 500) throws -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM notification \(unsentOnly ? "WHERE sent_at IS NULL" : "")
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map { OutboxEntry(id: $0["id"], notice: try Notice(row: $0), attempts: $0["attempts"], lastError: $0["last_error"]) }
        }
    }
}
