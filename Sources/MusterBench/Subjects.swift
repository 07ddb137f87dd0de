import Foundation
import GRDB
import MusterCore

/// What the benchmark asks about, chosen from the database so that each command has real
/// work: the busiest learner, the latest delivered session, the most-run course.
struct Subjects {
    var learner: String
    var session: String
    var course: String
    /// A word of that course's title, for the catalogue search.
    var word: String
    var yearFrom: String
    var yearTo: String
    /// Learners not erased, to book in the write figures.
    var bookable: [String]
    var counts: String

    init(_ database: AppDatabase, clock: MusterClock) throws {
        let local = clock.local
        let today = local.date(of: clock.now)
        (learner, session, course, bookable, counts) = try database.read { db in
            func one(_ sql: String) throws -> String {
                guard let value = try String.fetchOne(db, sql: sql) else { throw BenchError.failed("no data for: \(sql)") }
                return value
            }
            let course = try one("SELECT course_id FROM session GROUP BY course_id ORDER BY COUNT(*) DESC, course_id LIMIT 1")
            let session = try one("""
                SELECT id FROM session WHERE status = 'completed' AND course_id = '\(course)' ORDER BY starts_at DESC LIMIT 1
                """)
            // The learner of the most places among a sample, without counting all 10^6.
            let learner = try one("""
                SELECT learner_id FROM booking WHERE id > (SELECT MAX(id) FROM booking) - 50000
                GROUP BY learner_id ORDER BY COUNT(*) DESC, learner_id LIMIT 1
                """)
            let bookable = try String.fetchAll(db, sql: "SELECT id FROM learner WHERE erased_at IS NULL ORDER BY id LIMIT 20000")
            let counts = try ["learner", "session", "booking", "cpd_entry", "feedback"].map { table in
                "\(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0) \(table)"
            }.joined(separator: ", ")
            return (learner, session, course, bookable, counts)
        }
        let chosen = course
        let title = try database.read { db in try String.fetchOne(db, sql: "SELECT title FROM course WHERE id = ?", arguments: [chosen]) } ?? chosen
        word = title.split(separator: " ").map { $0.lowercased() }.first { $0.count >= 4 } ?? title.lowercased()
        // The last whole financial year.
        let endYear = today.month >= 4 ? today.year : today.year - 1
        yearFrom = "\(endYear - 1)-04-01"
        yearTo = "\(endYear)-03-31"
    }

    var everydayCommands: [String] {
        ["courses \(word)", "sessions --open", "session show \(session)", "bookings \(learner)", "cpd \(learner)",
         "compliance \(learner)", "evaluation \(course)", "report kpi", "report year --from \(yearFrom) --to \(yearTo)"]
    }
}
