import GRDB

/// Every place an agency's figures count, under the learner's agency today, with when its
/// session started: kept as bookings, sessions and learners change, so a year's agency table
/// is a seek per agency instead of a join of a year's places to their learners (0.6 s on a
/// partnership's decade).
///
/// A place counts when its session ran and the learner attended, attended in part, was
/// absent or excused, or when it was cancelled late, whatever became of the session.
///
/// Learners who came in a period do not add up across sessions or months, so each place a
/// learner came to also keeps when they last came before it (`previous_came`): a learner
/// came in a period exactly when one of their places in it was the first there, the one
/// whose previous is before the period or absent. A distinct count becomes a plain count.
///
/// Triggers recount a learner's places from scratch, by the one query `places(of:)`,
/// whenever a place of theirs, a session they came to, or their agency changes; `drift`
/// compares what is stored with a recount of everyone.
public enum AgencyPlaces {
    /// Whose places to work out: everyone, one learner, or those a query names.
    enum Scope {
        case everyone
        case learner(String)
        case learners(String)

        var condition: String {
            switch self {
            case .everyone: "1"
            case .learner(let id): "b.learner_id = \(id)"
            case .learners(let query): "b.learner_id IN (\(query))"
            }
        }

        var stored: String {
            switch self {
            case .everyone: "1"
            case .learner(let id): "learner_id = \(id)"
            case .learners(let query): "learner_id IN (\(query))"
            }
        }
    }

    /// The statuses a ran session's register counts for an agency.
    static let recordedSQL = "('attended','partial','absent','excused')"

    /// Whether a booking (`row`, in SQL) can count at all, before its session is looked at:
    /// what a trigger asks to skip the bookings no figure counts.
    static func mayCount(_ row: String) -> String {
        "(\(row).late_cancellation OR \(row).status IN \(recordedSQL))"
    }

    /// The rows `agency_place` should hold for `scope`, worked out afresh. No WITH: triggers
    /// cannot use one. Bookings are read first, by learner (left to itself, SQLite reads
    /// every session of the partnership to find one learner's).
    static func places(of scope: Scope) -> String {
        let ran = "s.status = 'completed'"
        let came = "\(ran) AND b.status IN \(BookingStatus.cameSQL)"
        return """
            SELECT b.id AS booking_id, l.id AS learner_id, l.agency_id, s.starts_at,
                   CASE WHEN \(ran) AND b.status IN \(recordedSQL) THEN b.status END AS status,
                   b.late_cancellation AS late,
                   CASE WHEN \(came) THEN lag(s.starts_at) OVER (PARTITION BY l.id, \(came) ORDER BY s.starts_at, b.id) END AS previous_came
            FROM booking b CROSS JOIN session s ON s.id = b.session_id JOIN learner l ON l.id = b.learner_id
            WHERE (b.late_cancellation OR (\(ran) AND b.status IN \(recordedSQL))) AND \(scope.condition)
            """
    }

    static let columns = "booking_id, learner_id, agency_id, starts_at, status, late, previous_came"

    /// Replaces the stored places of `scope` with a recount.
    static func recount(_ scope: Scope) -> String {
        """
        DELETE FROM agency_place WHERE \(scope.stored);
        INSERT INTO agency_place (\(columns)) \(places(of: scope));
        """
    }

    /// Creates the table, counts everyone, then adds the triggers that keep it so.
    static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agency_place (
              booking_id INTEGER PRIMARY KEY REFERENCES booking(id) ON DELETE CASCADE,
              learner_id TEXT NOT NULL COLLATE NOCASE,
              agency_id TEXT NOT NULL,
              starts_at DATETIME NOT NULL,
              status TEXT,
              late BOOLEAN NOT NULL,
              previous_came DATETIME
            );
            INSERT INTO agency_place (\(columns)) \(places(of: .everyone));
            CREATE INDEX agency_place_on_learner ON agency_place(learner_id);
            CREATE INDEX agency_place_counted ON agency_place(agency_id, starts_at, status, late, previous_came);
            """)
        let sessionPlaces = "SELECT learner_id FROM booking b WHERE b.session_id = NEW.id AND \(mayCount("b"))"
        let triggers = [
            ("booking_insert", "AFTER INSERT ON booking WHEN \(mayCount("NEW"))", recount(.learner("NEW.learner_id"))),
            ("booking_update", "AFTER UPDATE OF status, late_cancellation, session_id, learner_id ON booking WHEN \(mayCount("OLD")) OR \(mayCount("NEW"))",
             recount(.learners("SELECT OLD.learner_id UNION SELECT NEW.learner_id"))),
            ("booking_delete", "AFTER DELETE ON booking WHEN \(mayCount("OLD"))", recount(.learner("OLD.learner_id"))),
            ("session_update", "AFTER UPDATE OF starts_at, status ON session WHEN NEW.starts_at IS NOT OLD.starts_at OR NEW.status IS NOT OLD.status",
             recount(.learners(sessionPlaces))),
            ("learner_update", "AFTER UPDATE OF id, agency_id ON learner", recount(.learners("SELECT OLD.id UNION SELECT NEW.id"))),
            ("learner_delete", "AFTER DELETE ON learner", "DELETE FROM agency_place WHERE learner_id = OLD.id;"),
        ]
        for (name, when, body) in triggers {
            try db.execute(sql: "CREATE TRIGGER agency_place_\(name) \(when)\nBEGIN\n\(body)\nEND")
        }
    }

    /// The places whose stored row differs from a recount, for the invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        try KeptFigures.differences(db, stored: "SELECT \(columns) FROM agency_place", counted: places(of: .everyone),
                                    label: "'booking ' || booking_id")
    }
}
