import Foundation
import GRDB
import MusterCore

extension Evaluations {
    /// A scope's evaluation: its figures summed from the sessions' tallies, then its words.
    /// `listing` caps each list (actions, comments, examples) at the latest so many, for
    /// text to read; nil lists every one, for `--json`.
    public func summary(_ scope: EvaluationScope, listing limit: Int? = nil) throws -> EvaluationSummary {
        try database.read { db in try summary(scope, listing: limit, in: db) }
    }

    func summary(_ scope: EvaluationScope, listing limit: Int?, in db: Database) throws -> EvaluationSummary {
        let filter = try sessionFilter(scope, in: db), (sessions, arguments) = filter
        let sums = try sums(scope, filter, in: db)
        var summary = EvaluationSummary(sums: sums)
        if sums["own_answers"] ?? 0 > 0 {
            let answers = try Row.fetchCursor(db, sql: """
                SELECT a.question, a.answer, SUM(a.n) AS n
                FROM session s CROSS JOIN evaluation_answer a ON a.session_id = s.id WHERE \(sessions)
                GROUP BY a.question, a.answer
                """, arguments: arguments)
            while let row = try answers.next() { summary.ownAnswers[row["question"], default: [:]][row["answer"]] = row["n"] }
        }
        try list(into: &summary, limit, sessions, arguments, in: db)
        return summary
    }

    /// Every tally column summed over the scope's sessions (`filter`, its condition on them,
    /// read when not given). `sessionBySession`: from each session's tally even where
    /// monthly sums would do, for the tests.
    func sums(_ scope: EvaluationScope, _ filter: (String, StatementArguments)? = nil, sessionBySession: Bool = false,
              in db: Database) throws -> Row {
        if isSummed(scope) {
            let local = clock.local, course: String? = if case .course(let id) = scope.subject { id } else { nil }
            let summed = EvaluationMonths.summed(course: course, completedOnly: scope.closedOnly, from: scope.from.map(local.startOfDay),
                                                 to: scope.to.map(local.endOfDay), sessionBySession: sessionBySession)
            return try Row.fetchOne(db, sql: summed.sql, arguments: summed.arguments)!
        }
        // Sessions first, from whichever index the scope names; each tally is a seek by session.
        let (sessions, arguments) = try filter ?? sessionFilter(scope, in: db)
        let columns = EvaluationTally.measures.map { "SUM(t.\($0.column)) AS \($0.column)" }.joined(separator: ", ")
        return try Row.fetchOne(db, sql: """
            SELECT \(columns) FROM session s CROSS JOIN evaluation_tally t ON t.session_id = s.id WHERE \(sessions)
            """, arguments: arguments)!
    }

    /// Whether monthly sums answer `scope`: a course's sessions or everyone's, whoever ran
    /// them; not one session's or one trainer's, nor what a trainer sees, their own.
    private func isSummed(_ scope: EvaluationScope) -> Bool {
        guard actor.role != .trainer else { return false }
        switch scope.subject {
        case .course, .all: return true
        case .session, .trainer: return false
        }
    }

    /// Fills the summary's lists. Capped, each reads newest first and stops at the cap: a
    /// course's latest comments are a few sessions back, not ten years.
    private func list(into summary: inout EvaluationSummary, _ limit: Int?, _ sessions: String,
                      _ arguments: StatementArguments, in db: Database) throws {
        func rows(_ given: Int, _ column: String, _ table: String = "f") throws -> [Row] {
            let wanted = min(limit ?? given, given)
            guard wanted > 0 else { return [] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(table).\(column) AS text, f.anonymous, l.id AS learner_id, l.name
                FROM session s CROSS JOIN booking b ON b.session_id = s.id JOIN learner l ON l.id = b.learner_id
                LEFT JOIN feedback f ON f.booking_id = b.id LEFT JOIN follow_up u ON u.booking_id = b.id
                WHERE b.status IN \(BookingStatus.cameSQL) AND \(sessions) AND \(table).\(column) IS NOT NULL
                ORDER BY s.starts_at DESC, s.id DESC, b.id DESC LIMIT \(wanted)
                """, arguments: arguments)
            return rows.reversed()
        }
        summary.actions = try rows(summary.actionsGiven, "action_plan").map { $0["text"] }
        let comments = try rows(summary.commentsGiven, "comment")
        summary.namedComments = comments.filter { $0["anonymous"] != true }.map { ($0["learner_id"], $0["name"], $0["text"]) }
        summary.anonymousComments = comments.filter { $0["anonymous"] == true }.map { $0["text"] as String }.sorted()
        summary.examples = try rows(summary.examplesGiven, "example", "u").map { $0["text"] }
    }
}
