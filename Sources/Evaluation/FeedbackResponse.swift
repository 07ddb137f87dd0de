import Foundation
import GRDB
import MusterCore

/// One delegate's answers, by question key, as stored in `feedback`: the default form's in
/// their own columns, a course's own questions as JSON beside them.
public struct FeedbackResponse: Sendable, Equatable {
    public var answers: [String: String]
    public var submittedAt: Date
    public var updatedAt: Date

    public static let columns = ["course_rating", "trainer_rating", "confidence_before", "confidence_after",
                          "outcomes_met", "action_plan", "comment"]

    init(row: Row) throws {
        var answers: [String: String] = [:]
        for column in Self.columns {
            if let value = row[column] as DatabaseValue?, !value.isNull { answers[column] = String(describing: value.storage.value!) }
        }
        if answers["comment"] != nil { answers["anonymous"] = (row["anonymous"] as Bool? ?? false) ? "yes" : "no" }
        if let json = row["answers"] as String?,
           let own = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String] {
            answers.merge(own) { first, _ in first }
        }
        self.answers = answers
        submittedAt = row["submitted_at"]
        updatedAt = row["updated_at"]
    }

    static func save(_ answers: [String: String], bookingID: Int64, formID: Int64?, in db: Database, now: Date) throws {
        let own = answers.filter { key, _ in !columns.contains(key) && key != "anonymous" }
        let json = own.isEmpty ? nil : String(decoding: try JSONSerialization.data(withJSONObject: own, options: [.sortedKeys]), as: UTF8.self)
        let values: [DatabaseValueConvertible?] = columns.map { column in
            ["course_rating", "trainer_rating", "confidence_before", "confidence_after"].contains(column)
                ? answers[column].flatMap { Int($0) } : answers[column]
        }
        try db.execute(cached: """
            INSERT INTO feedback(booking_id, form_id, \(columns.joined(separator: ", ")), anonymous, answers, submitted_at, updated_at)
            VALUES (?, ?, \(columns.map { _ in "?" }.joined(separator: ", ")), ?, ?, ?, ?)
            ON CONFLICT(booking_id) DO UPDATE SET
              \(columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")),
              anonymous = excluded.anonymous, answers = excluded.answers, updated_at = excluded.updated_at
            """, arguments: StatementArguments([bookingID, formID] + values + [answers["anonymous"] == "yes", json, now, now]))
    }
}
