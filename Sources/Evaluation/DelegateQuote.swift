import Foundation
import GRDB
import MusterCore

/// A comment a delegate gave with their name, as an annual report quotes it: attributed to
/// a role and an agency, never to the person.
public struct DelegateQuote: Sendable, Equatable {
    public var text: String
    public var courseTitle: String
    public var jobRole: String?
    public var agency: String
    public var courseRating: Int?
    var startsAt: Date
    var courseID: String

    /// "Social Worker, Council" or just the agency.
    public var attribution: String {
        [jobRole, agency].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
    }

    /// The quotes a report prints: the best-rated first, one per course before any course
    /// gets a second, the most recent winning ties, so the choice is the same on every run.
    static func choose(_ limit: Int, from candidates: [DelegateQuote]) -> [DelegateQuote] {
        let ranked = candidates.sorted { a, b in
            if (a.courseRating ?? 0) != (b.courseRating ?? 0) { return (a.courseRating ?? 0) > (b.courseRating ?? 0) }
            if a.startsAt != b.startsAt { return a.startsAt > b.startsAt }
            return a.text < b.text
        }
        var chosen: [DelegateQuote] = [], courses: Set<String> = []
        for quote in ranked where chosen.count < limit && courses.insert(quote.courseID).inserted { chosen.append(quote) }
        for quote in ranked where chosen.count < limit && !chosen.contains(quote) { chosen.append(quote) }
        return chosen
    }
}

/// A period's evaluation in one pass: the summary and the quotes worth printing.
public struct EvaluationHeadline: Sendable {
    public var summary: EvaluationSummary
    public var quotes: [DelegateQuote]
}

extension Evaluations {
    /// Named comments only: a comment its author marked anonymous is never quoted.
    public func headline(_ scope: EvaluationScope, quotes limit: Int) throws -> EvaluationHeadline {
        try database.read { db in
            let summary = try summary(scope, listing: 0, in: db)
            return EvaluationHeadline(summary: summary, quotes: DelegateQuote.choose(limit, from: try candidates(scope, limit, in: db)))
        }
    }

    /// Enough named comments for `choose`: the quotes it picks from one course are always that
    /// course's best `limit`, so each course's best `limit` are all it needs. They are read
    /// rating by rating, newest first, from each course's sessions by start, so a year's
    /// quotes cost a few sessions per course instead of every comment of the year.
    func candidates(_ scope: EvaluationScope, _ limit: Int, in db: Database) throws -> [DelegateQuote] {
        guard limit > 0 else { return [] }
        let (sessions, arguments) = try sessionFilter(scope, in: db)
        var candidates: [DelegateQuote] = []
        for course in try String.fetchAll(db, sql: "SELECT id FROM course ORDER BY id") {
            var found = 0
            for rating in [5, 4, 3, 2, 1, nil] as [Int?] where found < limit {
                let quotes = try Row.fetchAll(cached: db, sql: """
                    SELECT f.comment, c.title, l.job_role, a.name AS agency, f.course_rating, s.starts_at, s.course_id
                    FROM session s CROSS JOIN booking b ON b.session_id = s.id JOIN feedback f ON f.booking_id = b.id
                    JOIN course c ON c.id = s.course_id JOIN learner l ON l.id = b.learner_id JOIN agency a ON a.id = l.agency_id
                    WHERE s.course_id = ? AND \(sessions) AND b.status IN \(BookingStatus.cameSQL)
                      AND f.comment IS NOT NULL AND NOT f.anonymous AND f.course_rating IS ?
                    ORDER BY s.starts_at DESC, f.comment LIMIT ?
                    """, arguments: [course] + arguments + [rating, limit - found]).map { row in
                    DelegateQuote(text: row["comment"], courseTitle: row["title"], jobRole: row["job_role"], agency: row["agency"],
                                  courseRating: row["course_rating"], startsAt: row["starts_at"], courseID: row["course_id"])
                }
                candidates += quotes
                found += quotes.count
            }
        }
        return candidates
    }
}
