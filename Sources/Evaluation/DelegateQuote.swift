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

    /// Enough named comments for `choose`, read best-rated and newest first across every
    /// course: once `limit` courses have turned up, `choose` takes one from each and needs
    /// nothing further, so a year's quotes usually cost a few sessions. A period whose
    /// comments come from fewer courses than that would be read whole, so past `budget`
    /// rows the reading goes course by course instead.
    func candidates(_ scope: EvaluationScope, _ limit: Int, budget: Int = 400, in db: Database) throws -> [DelegateQuote] {
        guard limit > 0 else { return [] }
        let (sessions, arguments) = try sessionFilter(scope, in: db)
        for rows in Set([min(4 * limit, budget), budget]).sorted() where rows > 0 {
            if let candidates = try ranked(sessions, arguments, limit, rows: rows, in: db) { return candidates }
        }
        return try courseByCourse(sessions, arguments, limit, in: db)
    }

    /// The first named comments in `choose`'s order until `limit` courses have turned up or
    /// none are left, or nil when `rows` were read without knowing that.
    private func ranked(_ sessions: String, _ arguments: StatementArguments, _ limit: Int, rows: Int,
                        in db: Database) throws -> [DelegateQuote]? {
        var candidates: [DelegateQuote] = [], courses: Set<String> = []
        for rating in Self.ratings {
            let asked = rows - candidates.count
            let quotes = try Row.fetchAll(cached: db, sql: Self.namedComments(sessions, course: false) + " LIMIT ?",
                                          arguments: arguments + [rating, asked], as: DelegateQuote.init(row:))
            for quote in quotes {
                candidates.append(quote)
                courses.insert(quote.courseID)
                if courses.count >= limit { return candidates }
            }
            if quotes.count == asked { return nil }
        }
        return candidates
    }

    /// Each course's best `limit`, which are all `choose` can take from a course: a bounded
    /// read however the comments fall.
    private func courseByCourse(_ sessions: String, _ arguments: StatementArguments, _ limit: Int,
                                in db: Database) throws -> [DelegateQuote] {
        var candidates: [DelegateQuote] = []
        for course in try String.fetchAll(db, sql: "SELECT id FROM course ORDER BY id") {
            var found = 0
            for rating in Self.ratings where found < limit {
                let quotes = try Row.fetchAll(cached: db, sql: Self.namedComments(sessions, course: true) + " LIMIT ?",
                                              arguments: [course] + arguments + [rating, limit - found], as: DelegateQuote.init(row:))
                candidates += quotes
                found += quotes.count
            }
        }
        return candidates
    }

    private static let ratings: [Int?] = [5, 4, 3, 2, 1, nil]

    /// Named comments of one rating from the sessions `sessions` selects, in the order
    /// `choose` ranks them: newest first, then by their text (SQLite's order of bytes, which
    /// is Swift's for any text in its composed form).
    private static func namedComments(_ sessions: String, course: Bool) -> String {
        """
        SELECT f.comment, c.title, l.job_role, a.name AS agency, f.course_rating, s.starts_at, s.course_id
        FROM session s CROSS JOIN booking b ON b.session_id = s.id JOIN feedback f ON f.booking_id = b.id
        JOIN course c ON c.id = s.course_id JOIN learner l ON l.id = b.learner_id JOIN agency a ON a.id = l.agency_id
        WHERE \(course ? "s.course_id = ? AND " : "")\(sessions) AND b.status IN \(BookingStatus.cameSQL)
          AND f.comment IS NOT NULL AND NOT f.anonymous AND f.course_rating IS ?
        ORDER BY s.starts_at DESC, f.comment
        """
    }
}

extension DelegateQuote {
    init(row: Row) {
        self.init(text: row["comment"], courseTitle: row["title"], jobRole: row["job_role"], agency: row["agency"],
                  courseRating: row["course_rating"], startsAt: row["starts_at"], courseID: row["course_id"])
    }
}
