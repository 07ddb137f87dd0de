import GRDB

/// Each session's places counted by what became of them, beside what the annual report
/// groups sessions by (course, start, status, reason, capacity), kept as bookings and
/// sessions change. A year's session table is then one range of a covering index summed in
/// SQL, instead of five counts of bookings for each of ten thousand sessions (85 ms on a
/// partnership's decade, most of the report).
///
/// Triggers recount a session from its bookings whenever one of them or the session
/// changes: a few dozen index entries, and a recount cannot drift the way adding and
/// subtracting can. `measures` is the one definition; the triggers, the first fill and
/// `drift` all count by it.
public enum SessionCounts {
    /// Each count's column and the bookings (`b`) it counts.
    static let measures: [(column: String, counts: String)] = [
        ("confirmed", "b.status = 'confirmed'"), ("waitlisted", "b.status = 'waitlisted'"),
        ("attended", "b.status = 'attended'"), ("partial", "b.status = 'partial'"),
        ("absent", "b.status = 'absent'"), ("excused", "b.status = 'excused'"),
        // Places given up inside the late window, as recorded when they were given up.
        ("late", "b.status = 'cancelled' AND b.late_cancellation"),
    ]

    /// What the report groups by, first what it reads a range of.
    static let sessionColumns = ["starts_at", "course_id", "status", "cancel_reason", "capacity"]
    static let counted = (sessionColumns + measures.map(\.column)).joined(separator: ", ")
    static let columns = "session_id, " + counted

    /// The rows `session_count` should hold for the sessions `condition` picks (in SQL, of
    /// `s`), worked out afresh. No WITH: triggers cannot use one.
    static func counts(where condition: String) -> String {
        """
        SELECT s.id, \(sessionColumns.map { "s.\($0)" }.joined(separator: ", ")),
               \(measures.map { "COUNT(CASE WHEN \($0.counts) THEN 1 END)" }.joined(separator: ", "))
        FROM session s LEFT JOIN booking b ON b.session_id = s.id
        WHERE \(condition)
        GROUP BY s.id
        """
    }

    /// Replaces the stored row of each session named (a list of SQL expressions) with a recount.
    static func recount(_ sessions: [String]) -> String {
        let list = sessions.joined(separator: ", ")
        return """
            DELETE FROM session_count WHERE session_id IN (\(list));
            INSERT INTO session_count (\(columns)) \(counts(where: "s.id IN (\(list))"));
            """
    }

    /// Recounts the places of each session named (a list of SQL expressions) into its stored
    /// row, for a change of bookings: a row that is there is updated where it stands, so the
    /// month sums (`SessionMonths`) see an update and skip it when none of their columns
    /// moved, as when a place is booked. Replacing the row had cost every booking a delete and
    /// an insert here and three statements there (v20). A row that is missing (it exists from
    /// the session's insert on, unless someone deleted it by hand) is made afresh.
    static func recountPlaces(_ sessions: [String]) -> String {
        """
        INSERT INTO session_count (\(columns)) \(counts(where: "s.id IN (\(sessions.joined(separator: ", ")))"))
        ON CONFLICT (session_id) DO UPDATE SET \(measures.map { "\($0.column) = excluded.\($0.column)" }.joined(separator: ", "));
        """
    }

    /// Creates the table, counts every session, then adds the triggers that keep it so.
    static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE session_count (
              session_id TEXT PRIMARY KEY NOT NULL COLLATE NOCASE REFERENCES session(id) ON DELETE CASCADE,
              starts_at DATETIME NOT NULL,
              course_id TEXT NOT NULL,
              status TEXT NOT NULL,
              cancel_reason TEXT,
              capacity INTEGER NOT NULL,
              \(measures.map { "\($0.column) INTEGER NOT NULL" }.joined(separator: ",\n  "))
            );
            INSERT INTO session_count (\(columns)) \(counts(where: "1"));
            CREATE INDEX session_count_summed ON session_count(\(counted));
            """)
        try installTriggers(db)
    }

    /// The triggers alone, for a migration that redefines them (v20).
    static func replaceTriggers(_ db: Database) throws {
        try KeptFigures.dropTriggers(startingWith: "session_count_", in: db)
        try installTriggers(db)
    }

    private static func installTriggers(_ db: Database) throws {
        let booking = "status, late_cancellation, session_id"
        let triggers = [
            ("booking_insert", "AFTER INSERT ON booking", recountPlaces(["NEW.session_id"])),
            ("booking_update", "AFTER UPDATE OF \(booking) ON booking", recountPlaces(["OLD.session_id", "NEW.session_id"])),
            ("booking_delete", "AFTER DELETE ON booking", recountPlaces(["OLD.session_id"])),
            ("session_insert", "AFTER INSERT ON session", recount(["NEW.id"])),
            ("session_update", "AFTER UPDATE OF id, \(sessionColumns.joined(separator: ", ")) ON session", recount(["OLD.id", "NEW.id"])),
            ("session_delete", "AFTER DELETE ON session", "DELETE FROM session_count WHERE session_id = OLD.id;"),
        ]
        for (name, when, body) in triggers {
            try db.execute(sql: "CREATE TRIGGER session_count_\(name) \(when)\nBEGIN\n\(body)\nEND")
        }
    }

    /// The sessions whose stored row differs from a recount, for the invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        // The recount names the session `id`, as the session table does.
        try KeptFigures.differences(db, stored: "SELECT session_id AS id, \(counted) FROM session_count",
                                    counted: counts(where: "1"), label: "'session ' || id")
    }
}
