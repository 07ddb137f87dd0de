import Foundation
import GRDB

/// Each session's evaluation counted once, as its attendees and their answers change, so a
/// course's or a year's evaluation sums a row per session instead of reading every answer
/// of the period (a course over ten years: 50,000 attendees, a third of a second).
///
/// Triggers recount a session whenever one of its attendees, their feedback or follow-up
/// changes: a recount of a session's few dozen places is cheap and cannot drift the way
/// adding and subtracting can. `recount` is the one definition of every figure; the
/// triggers, the first fill and the invariants checker all run it.
public enum EvaluationTally {
    /// The rating questions every form asks, counted by answer 1…5.
    public static let ratingKeys = ["course_rating", "trainer_rating", "confidence_before", "confidence_after"]
    public static let outcomes = ["yes", "partly", "no"]

    /// Each figure's column and how it is counted over one session's attendees (`b`), their
    /// feedback (`f`) and their follow-up (`u`).
    public static let measures: [(column: String, count: String)] = {
        var measures = [("attendees", "COUNT(*)"), ("responses", "COUNT(f.id)")]
        for key in ratingKeys {
            measures += (1...5).map { ("\(key)_\($0)", "COUNT(CASE WHEN f.\(key) = \($0) THEN 1 END)") }
        }
        let paired = "f.confidence_before IS NOT NULL AND f.confidence_after IS NOT NULL"
        measures += [
            ("confidence_pairs", "COUNT(CASE WHEN \(paired) THEN 1 END)"),
            ("confidence_rose", "COUNT(CASE WHEN \(paired) AND f.confidence_after > f.confidence_before THEN 1 END)"),
            ("paired_before", "IFNULL(SUM(CASE WHEN \(paired) THEN f.confidence_before END), 0)"),
            ("paired_after", "IFNULL(SUM(CASE WHEN \(paired) THEN f.confidence_after END), 0)"),
        ]
        measures += outcomes.map { ("outcomes_\($0)", "COUNT(CASE WHEN f.outcomes_met = '\($0)' THEN 1 END)") }
        // Answers to a course's own questions, so a scope with none need not look for them.
        measures.append(("own_answers", "IFNULL(SUM((SELECT COUNT(*) FROM json_each(f.answers) WHERE type = 'text')), 0)"))
        measures += [("actions", "COUNT(f.action_plan)"), ("comments", "COUNT(f.comment)"),
                     ("follow_ups", "COUNT(u.id)"), ("examples", "COUNT(u.example)")]
        measures += outcomes.map { ("applied_\($0)", "COUNT(CASE WHEN u.applied = '\($0)' THEN 1 END)") }
        measures += (1...5).map { ("confidence_now_\($0)", "COUNT(CASE WHEN u.confidence_now = \($0) THEN 1 END)") }
        return measures
    }()

    /// The rows `evaluation_tally` and `evaluation_answer` should hold for the sessions
    /// `filter` (over `b`) picks, worked out from scratch.
    public static func counting(where filter: String) -> (tally: String, answers: String) {
        let tally = """
            SELECT b.session_id, \(measures.map(\.count).joined(separator: ", "))
            FROM booking b LEFT JOIN feedback f ON f.booking_id = b.id LEFT JOIN follow_up u ON u.booking_id = b.id
            WHERE b.status IN \(BookingStatus.cameSQL) AND \(filter)
            GROUP BY b.session_id
            """
        // A course's own questions, answered as JSON text beside the standard ones.
        let answers = """
            SELECT b.session_id, j.key, j.value, COUNT(*)
            FROM booking b JOIN feedback f ON f.booking_id = b.id, json_each(f.answers) j
            WHERE b.status IN \(BookingStatus.cameSQL) AND f.answers IS NOT NULL AND j.type = 'text' AND \(filter)
            GROUP BY b.session_id, j.key, j.value
            """
        return (tally, answers)
    }

    static let tallyColumns = "session_id, " + measures.map(\.column).joined(separator: ", ")
    static let answerColumns = "session_id, question, answer, n"

    /// Stores the counts of the sessions `filter` picks (none of them stored yet).
    static func store(where filter: String) -> String {
        let counts = counting(where: filter)
        return """
            INSERT INTO evaluation_tally(\(tallyColumns)) \(counts.tally);
            INSERT INTO evaluation_answer(\(answerColumns)) \(counts.answers);
            """
    }

    /// Recounts the one session `session` (an SQL expression) names, inside a trigger.
    static func recount(session: String) -> String {
        """
        DELETE FROM evaluation_tally WHERE session_id = \(session);
        DELETE FROM evaluation_answer WHERE session_id = \(session);
        \(store(where: "b.session_id = \(session)"))
        """
    }

    /// Creates the tables and their triggers and counts every session there is. A later
    /// migration that changes what is counted drops both tables and their triggers, then
    /// runs this again.
    static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE evaluation_tally (
              session_id TEXT NOT NULL PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
              \(measures.map { "\($0.column) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ",\n  "))
            );
            CREATE TABLE evaluation_answer (
              session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
              question TEXT NOT NULL, answer TEXT NOT NULL, n INTEGER NOT NULL,
              PRIMARY KEY (session_id, question, answer)
            );
            """)
        try db.execute(sql: store(where: "1"))

        let attendee = { (row: String) in "\(row).status IN \(BookingStatus.cameSQL)" }
        let bookingSession = { (row: String) in "(SELECT session_id FROM booking WHERE id = \(row).booking_id)" }
        var triggers = [
            ("booking_insert", "AFTER INSERT ON booking WHEN \(attendee("NEW"))", recount(session: "NEW.session_id")),
            ("booking_update_old", "AFTER UPDATE OF status, session_id ON booking WHEN \(attendee("OLD")) OR \(attendee("NEW"))",
             recount(session: "OLD.session_id")),
            ("booking_update_new", "AFTER UPDATE OF status, session_id ON booking WHEN NEW.session_id IS NOT OLD.session_id AND \(attendee("NEW"))",
             recount(session: "NEW.session_id")),
            ("booking_delete", "AFTER DELETE ON booking WHEN \(attendee("OLD"))", recount(session: "OLD.session_id")),
        ]
        for table in ["feedback", "follow_up"] {
            triggers += [
                ("\(table)_insert", "AFTER INSERT ON \(table)", recount(session: bookingSession("NEW"))),
                ("\(table)_update_old", "AFTER UPDATE ON \(table)", recount(session: bookingSession("OLD"))),
                ("\(table)_update_new", "AFTER UPDATE OF booking_id ON \(table) WHEN NEW.booking_id IS NOT OLD.booking_id",
                 recount(session: bookingSession("NEW"))),
                ("\(table)_delete", "AFTER DELETE ON \(table)", recount(session: bookingSession("OLD"))),
            ]
        }
        for (name, when, body) in triggers {
            try db.execute(sql: "CREATE TRIGGER evaluation_tally_\(name) \(when)\nBEGIN\n\(body)\nEND")
        }
    }

    /// The sessions whose stored counts differ from a recount, for the invariants checker.
    public static func drift(_ db: Database) throws -> [String] {
        let fresh = counting(where: "1")
        let sessions = try KeptFigures.differences(db, stored: "SELECT \(tallyColumns) FROM evaluation_tally", counted: fresh.tally, label: "session_id")
            + KeptFigures.differences(db, stored: "SELECT \(answerColumns) FROM evaluation_answer", counted: fresh.answers, label: "session_id")
        return Set(sessions).sorted()
    }
}
