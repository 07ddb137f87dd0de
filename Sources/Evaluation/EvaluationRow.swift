import Foundation
import GRDB
import MusterCore

/// Every attendee in scope with their answers, if any: what `export feedback` reads (summaries
/// read each session's tally instead).
public struct EvaluationRow: Sendable, Equatable {
    public var sessionID: String
    public var courseID: String
    public var courseTitle: String
    public var startsAt: Date
    public var trainerID: String?
    public var learnerID: String
    public var learnerName: String
    public var agency: String
    public var jobRole: String?
    public var response: FeedbackResponse?
    public var followUp: FollowUpAnswer?
}

extension Evaluations {
    /// Calls `body` with each attendee in scope, session by session, streaming from the database.
    public func eachRow(_ scope: EvaluationScope, _ body: (EvaluationRow) throws -> Void) throws {
        // Sessions first (CROSS JOIN keeps SQLite to that order): the scope names sessions, and
        // each session's places are a seek on booking(session_id, status), never a walk of all.
        try database.read { db in
            let (sessions, arguments) = try sessionFilter(scope, in: db)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.id AS session_id, s.course_id, c.title AS course_title, s.starts_at, s.trainer_id,
                       l.id AS learner_id, l.name AS learner_name, l.job_role, a.name AS agency,
                       f.id AS feedback_id, f.*, u.applied, u.example, u.confidence_now
                FROM session s CROSS JOIN booking b ON b.session_id = s.id JOIN course c ON c.id = s.course_id
                JOIN learner l ON l.id = b.learner_id JOIN agency a ON a.id = l.agency_id
                LEFT JOIN feedback f ON f.booking_id = b.id LEFT JOIN follow_up u ON u.booking_id = b.id
                WHERE b.status IN \(BookingStatus.cameSQL) AND \(sessions)
                ORDER BY s.starts_at, s.id, b.id
                """, arguments: arguments)
            while let row = try rows.next() {
                try body(EvaluationRow(
                    sessionID: row["session_id"], courseID: row["course_id"], courseTitle: row["course_title"],
                    startsAt: row["starts_at"], trainerID: row["trainer_id"], learnerID: row["learner_id"],
                    learnerName: row["learner_name"], agency: row["agency"], jobRole: row["job_role"],
                    response: row["feedback_id"] as Int64? == nil ? nil : try FeedbackResponse(row: row),
                    followUp: (row["applied"] as String?).flatMap(FollowUpAnswer.Applied.init(rawValue:)).map {
                        FollowUpAnswer(applied: $0, example: row["example"], confidenceNow: row["confidence_now"])
                    }))
            }
        }
    }
}
