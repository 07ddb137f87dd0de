import Foundation
import GRDB

/// Each course's session evaluations (`EvaluationTally`) summed by the month the sessions
/// started and their status, so a course's evaluation over ten years or a year's over every
/// course sums a few hundred rows instead of a row per session (15-20 ms on a partnership's
/// decade, for each of `evaluation COURSE` and the annual report).
///
/// A group is recounted from its sessions whenever one of their tallies changes or a session
/// moves, changes course or status, or goes: a month's sessions of one course are a few
/// dozen rows, and a recount cannot drift. Months are those of the instant as stored (UTC);
/// a period is read as the whole months nearest its ends plus or minus the sessions between,
/// read session by session (`MonthSpan`).
public enum EvaluationMonths {
    /// `sessions` counts those with a tally: those anyone attended.
    static let columns = ["sessions"] + EvaluationTally.measures.map(\.column)

    /// The rows `evaluation_month` should hold for the sessions `condition` (SQL over `s`) picks.
    static func counted(where condition: String) -> String {
        """
        SELECT s.course_id AS course_id, substr(s.starts_at, 1, 7) AS month, s.status AS status, COUNT(*) AS sessions,
               \(EvaluationTally.measures.map { "SUM(t.\($0.column)) AS \($0.column)" }.joined(separator: ", "))
        FROM session s CROSS JOIN evaluation_tally t ON t.session_id = s.id
        WHERE \(condition)
        GROUP BY 1, 2, 3
        """
    }

    /// Recounts the group of a course (SQL expression), month ("2026-04") and status.
    static func recount(course: String, month: String, status: String) -> String {
        """
        DELETE FROM evaluation_month WHERE course_id = \(course) AND month = \(month) AND status = \(status);
        INSERT INTO evaluation_month (course_id, month, status, \(columns.joined(separator: ", ")))
          \(counted(where: "s.course_id = \(course) AND s.starts_at >= \(month) AND s.starts_at < \(month) || '~' AND s.status = \(status)"));
        """
    }

    /// The group of the session whose id is `session` (SQL expression), looked up.
    static func recount(session id: String) -> String {
        let column = { (name: String) in "(SELECT \(name) FROM session WHERE id = \(id))" }
        return recount(course: column("course_id"), month: column("substr(starts_at, 1, 7)"), status: column("status"))
    }

    /// Creates the table, sums every session's tally, then adds the triggers that keep it so.
    static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE evaluation_month (
              course_id TEXT NOT NULL,
              month TEXT NOT NULL,
              status TEXT NOT NULL,
              \(columns.map { "\($0) INTEGER NOT NULL" }.joined(separator: ",\n  ")),
              PRIMARY KEY (course_id, month, status)
            );
            INSERT INTO evaluation_month (course_id, month, status, \(columns.joined(separator: ", "))) \(counted(where: "1"));
            """)
        let group = { (row: String) in recount(course: "\(row).course_id", month: "substr(\(row).starts_at, 1, 7)", status: "\(row).status") }
        let triggers = [
            ("tally_insert", "AFTER INSERT ON evaluation_tally", recount(session: "NEW.session_id")),
            ("tally_update", "AFTER UPDATE ON evaluation_tally", recount(session: "OLD.session_id")),
            ("tally_update_new", "AFTER UPDATE OF session_id ON evaluation_tally WHEN NEW.session_id IS NOT OLD.session_id",
             recount(session: "NEW.session_id")),
            ("tally_delete", "AFTER DELETE ON evaluation_tally", recount(session: "OLD.session_id")),
            // A record's update writes every column: only a change of group counts.
            ("session_update", """
                AFTER UPDATE OF id, course_id, starts_at, status ON session
                WHEN NEW.id IS NOT OLD.id OR NEW.course_id IS NOT OLD.course_id OR NEW.status IS NOT OLD.status
                  OR substr(NEW.starts_at, 1, 7) IS NOT substr(OLD.starts_at, 1, 7)
                """, group("OLD") + group("NEW")),
            ("session_delete", "AFTER DELETE ON session", group("OLD")),
        ]
        for (name, when, body) in triggers {
            try db.execute(sql: "CREATE TRIGGER evaluation_month_\(name) \(when)\nBEGIN\n\(body)\nEND")
        }
    }

    /// The groups whose sums differ from a recount, for the invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        try KeptFigures.differences(db, stored: "SELECT course_id, month, status, \(columns.joined(separator: ", ")) FROM evaluation_month",
                                    counted: counted(where: "1"), label: "course_id || ' ' || month || ' ' || status")
    }

    /// Every tally column summed over the sessions of one course or all, of every status or
    /// only completed ones, that started in a period open at either end: SQL giving one row
    /// named by the tally's columns, and its arguments. `sessionBySession`: from each
    /// session's tally instead of the monthly sums, for the tests.
    public static func summed(course: String?, completedOnly: Bool, from: Date?, to: Date?,
                              sessionBySession: Bool = false) -> (sql: String, arguments: StatementArguments) {
        let span = MonthSpan(from: from, to: to, rowByRow: sessionBySession)
        var parts: [String] = [], arguments = StatementArguments()
        let measures = EvaluationTally.measures.map(\.column)
        if span.hasMonths {
            parts.append("""
                SELECT \(measures.map { "t.\($0)" }.joined(separator: ", "))
                FROM course c CROSS JOIN evaluation_month t ON t.course_id = c.id AND t.month >= ? AND t.month < ?
                WHERE \(course == nil ? "1" : "c.id = ?") AND \(completedOnly ? "t.status = 'completed'" : "1")
                """)
            arguments += [span.first.key, span.last.key]
            if let course { arguments += [course] }
        }
        for (stretch, sign) in span.stretches {
            parts.append("""
                SELECT \(measures.map { "\(sign) * t.\($0) AS \($0)" }.joined(separator: ", "))
                FROM session s CROSS JOIN evaluation_tally t ON t.session_id = s.id
                WHERE \(course == nil ? "1" : "s.course_id = ?") AND \(completedOnly ? "s.status = 'completed'" : "1")
                  AND s.starts_at >= ? AND s.starts_at < ?
                """)
            if let course { arguments += [course] }
            arguments += [stretch.lowerBound, stretch.upperBound]
        }
        let union = parts.isEmpty ? "SELECT \(measures.map { "0 AS \($0)" }.joined(separator: ", "))" : parts.joined(separator: "\nUNION ALL\n")
        return ("SELECT \(measures.map { "IFNULL(SUM(x.\($0)), 0) AS \($0)" }.joined(separator: ", ")) FROM (\(union)) x", arguments)
    }
}
