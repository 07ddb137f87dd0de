import Foundation
import GRDB

/// The versions of each course's own questions (`feedback_form`).
package enum FeedbackForms {
    /// Keeps the course's questions as a new version when they differ from the latest.
    static func record(_ questions: [CourseQuestion], for courseID: String, in db: Database, now: Date) throws {
        let latest = try current(for: courseID, in: db)
        guard (latest?.questions ?? []) != questions else { return }
        let json = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
        try db.execute(sql: "INSERT INTO feedback_form(course_id, questions, created_at) VALUES (?, ?, ?)",
                       arguments: [courseID, json, now])
    }

    /// The version in use for a course, if it has ever had questions of its own.
    package static func current(for courseID: String, in db: Database) throws -> (id: Int64, questions: [CourseQuestion])? {
        guard let row = try Row.fetchOne(cached: db, sql: "SELECT id, questions FROM feedback_form WHERE course_id = ? ORDER BY id DESC LIMIT 1",
                                         arguments: [courseID]) else { return nil }
        return (row["id"], try questions(row["questions"]))
    }

    package static func version(_ id: Int64, in db: Database) throws -> [CourseQuestion] {
        try questions(try String.fetchOne(db, sql: "SELECT questions FROM feedback_form WHERE id = ?", arguments: [id]) ?? "[]")
    }

    private static func questions(_ json: String) throws -> [CourseQuestion] {
        try JSONDecoder().decode([CourseQuestion].self, from: Data(json.utf8))
    }
}
