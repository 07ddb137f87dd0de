import GRDB

/// Each learner's last completion of each requirement that applies to them, and counts of
/// those per agency and month, kept as bookings, equivalents and learners change. Without
/// them a KPI joins every learner in its roles to ten years of attendance (a fifth of a
/// second per requirement); with them the KPI table is a sum over a few thousand rows.
///
/// - `requirement_completion`: one row per learner a requirement applies to, with when they
///   last completed one of its courses (NULL: never). Triggers recount a learner whenever
///   their attendance, equivalents, role, agency or start date change, and a session's
///   attendees when it moves or changes course. Requirements and role groups change as a
///   whole and rarely, so the code that saves them calls `recount(_:in:)` instead.
/// - `requirement_tally`: per requirement and agency, how many learners it applies to and
///   how many have never done it.
/// - `requirement_month`: per requirement, agency and month (of the instant as stored, so
///   the same in every time zone), how many last did it then. Whether a completion still
///   counts depends on today; the months wholly inside the renewal period are summed here
///   and only the first, partly inside, is read row by row.
///
/// The two counts are added to and taken from as completion rows come and go; the
/// completion rows themselves are always recounted from scratch, by the one query
/// `completions(of:)`. `drift` compares all three with a recount.
public enum ComplianceTally {
    /// Whose completions to work out: everyone, one learner, some learners, one requirement.
    enum Scope {
        case everyone
        case learner(String)
        case learners(String)
        case requirement(String)

        func condition(learner column: String) -> String {
            switch self {
            case .learner(let id): "\(column) = \(id)"
            case .learners(let query): "\(column) IN (\(query))"
            case .everyone, .requirement: "1"
            }
        }

        func condition(requirement column: String) -> String {
            if case .requirement(let id) = self { "\(column) = \(id)" } else { "1" }
        }

        /// Attended sessions of required courses: for some learners from their bookings
        /// (left to itself, SQLite reads every session), otherwise from the courses.
        var attendance: String {
            switch self {
            case .learner, .learners:
                "booking b CROSS JOIN session s ON s.id = b.session_id JOIN requirement_course rc ON rc.course_id = s.course_id"
            case .everyone, .requirement:
                "requirement_course rc JOIN session s ON s.course_id = rc.course_id JOIN booking b ON b.session_id = s.id"
            }
        }
    }

    /// The rows `requirement_completion` should hold for `scope`, worked out afresh: who each
    /// requirement applies to (its roles, a group standing for its members; its agency) and
    /// the latest attended session of its courses or recorded equivalent. No WITH: triggers
    /// cannot use one.
    static func completions(of scope: Scope) -> String {
        let role = "lower(l.job_role)"
        return """
            SELECT r.id AS requirement_id, l.id AS learner_id, l.agency_id, l.started, d.last AS last_at
            FROM learner l JOIN requirement r ON NOT r.retired AND (r.agency_id IS NULL OR r.agency_id = l.agency_id)
            LEFT JOIN (
              SELECT requirement_id, learner_id, MAX(at) AS last FROM (
                SELECT rc.requirement_id, b.learner_id, s.starts_at AS at FROM \(scope.attendance)
                WHERE b.status = 'attended' AND \(scope.condition(requirement: "rc.requirement_id")) AND \(scope.condition(learner: "b.learner_id"))
                UNION ALL
                SELECT rc.requirement_id, e.learner_id, e.completed_at FROM requirement_course rc
                JOIN equivalent e ON e.course_id = rc.course_id
                WHERE \(scope.condition(requirement: "rc.requirement_id")) AND \(scope.condition(learner: "e.learner_id"))
              ) GROUP BY requirement_id, learner_id
            ) d ON d.requirement_id = r.id AND d.learner_id = l.id
            WHERE \(scope.condition(requirement: "r.id")) AND \(scope.condition(learner: "l.id"))
              AND EXISTS (SELECT 1 FROM requirement_role rr WHERE rr.requirement_id = r.id AND (
                    (rr.role = \(role) AND NOT EXISTS (SELECT 1 FROM job_role_group g WHERE g.name = rr.role))
                    OR EXISTS (SELECT 1 FROM job_role_group g WHERE g.name = rr.role AND g.role = \(role))))
            """
    }

    static let completionColumns = "requirement_id, learner_id, agency_id, started, last_at"

    /// Replaces the completion rows of `scope` with a recount; the counts follow by trigger.
    static func recount(_ scope: Scope) -> String {
        """
        DELETE FROM requirement_completion WHERE \(scope.condition(requirement: "requirement_id")) AND \(scope.condition(learner: "learner_id"));
        INSERT INTO requirement_completion (\(completionColumns)) \(completions(of: scope));
        """
    }

    /// After a requirement is added, changed or retired, or a role group it names changes:
    /// a question about every learner, except that a retired one applies to nobody.
    static func recount(_ requirement: Requirement, in db: Database) throws {
        let id = String(requirement.id!)
        try db.execute(sql: requirement.retired ? "DELETE FROM requirement_completion WHERE requirement_id = \(id)" : recount(.requirement(id)))
    }

    /// The counts as they should be, grouped from the completion rows.
    static let countedTally = """
        SELECT requirement_id, agency_id, COUNT(*) AS learners, COUNT(*) - COUNT(last_at) AS never_done FROM requirement_completion
        GROUP BY requirement_id, agency_id
        """
    static let countedMonths = """
        SELECT requirement_id, substr(last_at, 1, 7) AS month, agency_id, COUNT(*) AS learners FROM requirement_completion
        WHERE last_at IS NOT NULL GROUP BY requirement_id, substr(last_at, 1, 7), agency_id
        """

    /// One agency's learners under one requirement, read from the index alone for an
    /// agency's compliance grid (`Compliance.agencyCompletions`): the table's other indexes
    /// put the agency last, so each requirement read every learner it applies to in the
    /// partnership (97,000 for a requirement of all staff; 100 ms for a grid of 600 learners
    /// on a decade's file). Migration v22 made it; a recount, which makes the table afresh,
    /// makes it again.
    static func indexByAgency(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX IF NOT EXISTS requirement_completion_by_agency
            ON requirement_completion(requirement_id, agency_id, learner_id, started, last_at)
            """)
    }

    /// Creates the tables, counts everyone, then adds the triggers that keep them so.
    static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE requirement_completion (
              requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
              learner_id TEXT NOT NULL COLLATE NOCASE,
              agency_id TEXT NOT NULL,
              started TEXT,
              last_at DATETIME,
              PRIMARY KEY (requirement_id, learner_id)
            );
            CREATE INDEX requirement_completion_on_learner ON requirement_completion(learner_id);
            CREATE INDEX requirement_completion_on_last ON requirement_completion(requirement_id, last_at, agency_id);
            CREATE INDEX requirement_completion_on_started ON requirement_completion(requirement_id, started, last_at, agency_id);
            CREATE TABLE requirement_tally (
              requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
              agency_id TEXT NOT NULL,
              learners INTEGER NOT NULL,
              never_done INTEGER NOT NULL,
              PRIMARY KEY (requirement_id, agency_id)
            );
            CREATE TABLE requirement_month (
              requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
              month TEXT NOT NULL,
              agency_id TEXT NOT NULL,
              learners INTEGER NOT NULL,
              PRIMARY KEY (requirement_id, month, agency_id)
            );
            CREATE INDEX requirement_month_summed ON requirement_month(requirement_id, month, agency_id, learners);
            INSERT INTO requirement_completion (\(completionColumns)) \(completions(of: .everyone));
            INSERT INTO requirement_tally (requirement_id, agency_id, learners, never_done) \(countedTally);
            INSERT INTO requirement_month (requirement_id, month, agency_id, learners) \(countedMonths);
            """)

        let added = { (row: String) in
            """
            INSERT INTO requirement_tally (requirement_id, agency_id, learners, never_done)
              VALUES (\(row).requirement_id, \(row).agency_id, 1, \(row).last_at IS NULL)
              ON CONFLICT (requirement_id, agency_id) DO UPDATE SET learners = learners + 1, never_done = never_done + excluded.never_done;
            INSERT INTO requirement_month (requirement_id, month, agency_id, learners)
              SELECT \(row).requirement_id, substr(\(row).last_at, 1, 7), \(row).agency_id, 1 WHERE \(row).last_at IS NOT NULL
              ON CONFLICT (requirement_id, month, agency_id) DO UPDATE SET learners = learners + 1;
            """
        }
        let taken = { (row: String) in
            let tally = "requirement_id = \(row).requirement_id AND agency_id = \(row).agency_id"
            let month = tally + " AND month = substr(\(row).last_at, 1, 7)"
            return """
                UPDATE requirement_tally SET learners = learners - 1, never_done = never_done - (\(row).last_at IS NULL) WHERE \(tally);
                DELETE FROM requirement_tally WHERE \(tally) AND learners = 0;
                UPDATE requirement_month SET learners = learners - 1 WHERE \(month);
                DELETE FROM requirement_month WHERE \(month) AND learners = 0;
                """
        }
        let attended = { (row: String) in "\(row).status = 'attended'" }
        let triggers = [
            // The counts follow the completion rows.
            ("counted_insert", "AFTER INSERT ON requirement_completion", added("NEW")),
            ("counted_delete", "AFTER DELETE ON requirement_completion", taken("OLD")),
            ("counted_update", "AFTER UPDATE OF requirement_id, agency_id, last_at ON requirement_completion", taken("OLD") + added("NEW")),
            // The completion rows follow attendance, equivalents, learners and sessions.
            ("booking_insert", "AFTER INSERT ON booking WHEN \(attended("NEW"))", recount(.learner("NEW.learner_id"))),
            ("booking_update", "AFTER UPDATE OF status, session_id, learner_id ON booking WHEN \(attended("OLD")) OR \(attended("NEW"))",
             recount(.learners("SELECT OLD.learner_id UNION SELECT NEW.learner_id"))),
            ("booking_delete", "AFTER DELETE ON booking WHEN \(attended("OLD"))", recount(.learner("OLD.learner_id"))),
            ("equivalent_insert", "AFTER INSERT ON equivalent", recount(.learner("NEW.learner_id"))),
            ("equivalent_update", "AFTER UPDATE ON equivalent", recount(.learners("SELECT OLD.learner_id UNION SELECT NEW.learner_id"))),
            ("equivalent_delete", "AFTER DELETE ON equivalent", recount(.learner("OLD.learner_id"))),
            ("learner_insert", "AFTER INSERT ON learner", recount(.learner("NEW.id"))),
            ("learner_update", "AFTER UPDATE OF id, agency_id, job_role, started ON learner",
             recount(.learners("SELECT OLD.id UNION SELECT NEW.id"))),
            ("learner_delete", "AFTER DELETE ON learner", recount(.learner("OLD.id"))),
            ("session_update", "AFTER UPDATE OF starts_at, course_id ON session",
             recount(.learners("SELECT learner_id FROM booking WHERE session_id = NEW.id AND status = 'attended'"))),
        ]
        for (name, when, body) in triggers {
            try db.execute(sql: "CREATE TRIGGER requirement_completion_\(name) \(when)\nBEGIN\n\(body)\nEND")
        }
    }

    /// What differs from a recount, one line per requirement and learner or agency, for the
    /// invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        try KeptFigures.differences(db, stored: "SELECT \(completionColumns) FROM requirement_completion", counted: completions(of: .everyone),
                                    label: "'requirement ' || requirement_id || ', learner ' || learner_id")
            + KeptFigures.differences(db, stored: "SELECT requirement_id, agency_id, learners, never_done FROM requirement_tally",
                                      counted: countedTally, label: "'requirement ' || requirement_id || ', agency ' || agency_id")
            + KeptFigures.differences(db, stored: "SELECT requirement_id, month, agency_id, learners FROM requirement_month",
                                      counted: countedMonths, label: "'requirement ' || requirement_id || ', agency ' || agency_id || ', ' || month")
    }
}
