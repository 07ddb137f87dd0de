import Foundation
import GRDB

/// The schema's single history. Each change after release is a new migration; an applied
/// migration is never edited. `v1` holds the catalogue, schedule, people, bookings (for
/// rosters and counts) and the audit trail. The rest of DESIGN.md's domain arrives as
/// later migrations, each with the work that first writes it, keyed to what is here:
/// - `booking_event` (booking_id, at, actor, from_status, to_status): a booking's history;
/// - `cpd_entry` (learner_id, date, hours, kind, participatory, reflection, session_id for
///   verified entries) and `requirement` / `requirement_course` (roles, agency, within and
///   renewal months, target, KPI code);
/// - `feedback` (booking_id unique, ratings, confidence before/after, action, anonymous)
///   and `follow_up`;
/// - `notification` (recipient, kind, subject, body, created_at, sent_at): the outbox;
/// - `scheduler_action`: what the scheduler has done, once each;
/// - `setting` already holds the partnership's policies as key/value rows.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-booking-history-and-outbox", migrate: v2)
        migrator.registerMigration("v3-cpd-and-requirements", migrate: v3)
        migrator.registerMigration("v4-scheduler", migrate: v4)
        migrator.registerMigration("v5-evaluation", migrate: v5)
        migrator.registerMigration("v6-calendar-feeds", migrate: v6)
        migrator.registerMigration("v7-accounts-and-audit-roles", migrate: v7)
        migrator.registerMigration("v8-erasure", migrate: v8)
        migrator.registerMigration("v9-audit-changes", migrate: v9)
        migrator.registerMigration("v10-learner-email-any-case", migrate: v10)
        // Each from here adds a figure kept by triggers; its type says what it keeps and why.
        migrator.registerMigration("v11-evaluation-tally", migrate: EvaluationTally.install)
        migrator.registerMigration("v12-compliance-tally", migrate: ComplianceTally.install)
        migrator.registerMigration("v13-agency-places", migrate: AgencyPlaces.install)
        migrator.registerMigration("v14-session-counts", migrate: SessionCounts.install)
        migrator.registerMigration("v15-agency-months", migrate: AgencyMonths.install)
        migrator.registerMigration("v16-session-months", migrate: SessionMonths.install)
        migrator.registerMigration("v17-evaluation-months", migrate: EvaluationMonths.install)
        migrator.registerMigration("v18-requirement-years", migrate: RequirementYears.install)
        migrator.registerMigration("v19-booking-by-learner-and-status", migrate: v19)
        // Triggers only: no row can break a foreign key, so the check of the whole file
        // that GRDB makes after a deferred migration (12 s on a partnership's) is skipped.
        migrator.registerMigration("v20-kept-figures-updated-in-place", foreignKeyChecks: .immediate, migrate: v20)
        // An index only: no row changes, and none can break a foreign key.
        migrator.registerMigration("v21-session-numbers", foreignKeyChecks: .immediate, migrate: v21)
        migrator.registerMigration("v22-requirement-completions-by-agency", foreignKeyChecks: .immediate, migrate: ComplianceTally.indexByAgency)
        return migrator
    }

    private static func v1(_ db: Database) throws {
        try db.create(table: "setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }

        try db.create(table: "agency") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().unique().collate(.nocase)
        }

        try db.create(table: "learner") { t in
            t.primaryKey("id", .text).collate(.nocase)
            t.column("name", .text).notNull()
            t.column("email", .text).notNull()
            t.column("agency_id", .text).notNull().indexed().references("agency")
            t.column("job_role", .text)
            t.column("started", .text) // local date YYYY-MM-DD: a day in post, not an instant
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "learner_on_email", on: "learner", columns: ["email"])
        try db.create(index: "learner_on_name", on: "learner", columns: ["name"])

        try db.create(table: "user") { t in
            t.primaryKey("id", .text).collate(.nocase)
            t.column("name", .text).notNull()
            t.column("email", .text)
            t.column("role", .text).notNull().check(sql: "role IN ('admin','trainer','learner')")
            t.column("learner_id", .text).references("learner").indexed()
            t.column("password_hash", .text)
            t.column("disabled", .boolean).notNull().defaults(to: false)
        }

        try db.create(table: "course") { t in
            t.primaryKey("id", .text)
            t.column("title", .text).notNull()
            t.column("area", .text).notNull()
                .check(sql: "area IN ('children','adults','community','all-age')")
            t.column("level", .integer).check(sql: "level BETWEEN 1 AND 4")
            t.column("format", .text).notNull()
                .check(sql: "format IN ('face-to-face','virtual','e-learning','webinar')")
            t.column("duration_minutes", .integer).notNull().check(sql: "duration_minutes > 0")
            t.column("cpd_hours", .double).notNull().check(sql: "cpd_hours >= 0")
            t.column("description", .text).notNull().defaults(to: "")
            t.column("audience", .text).notNull().defaults(to: "")
            t.column("capacity", .integer).notNull().check(sql: "capacity >= 1")
            t.column("min_attendees", .integer).notNull().check(sql: "min_attendees >= 0")
            t.column("renew_months", .integer).check(sql: "renew_months >= 1")
            t.column("retired", .boolean).notNull().defaults(to: false)
            t.check(sql: "min_attendees <= capacity")
        }

        try db.create(table: "session") { t in
            t.primaryKey("id", .text).collate(.nocase)
            t.column("course_id", .text).notNull().references("course")
            t.column("starts_at", .datetime).notNull().indexed()
            t.column("ends_at", .datetime).notNull()
            t.column("venue", .text)
            t.column("online_url", .text)
            t.column("trainer_id", .text).references("user").indexed()
            t.column("capacity", .integer).notNull().check(sql: "capacity >= 1")
            t.column("min_attendees", .integer).notNull().check(sql: "min_attendees >= 0")
            t.column("cutoff_days", .integer).check(sql: "cutoff_days >= 0") // NULL: the partnership default
            t.column("status", .text).notNull().defaults(to: "scheduled")
                .check(sql: "status IN ('scheduled','cancelled','completed')")
            t.column("cancel_reason", .text)
                .check(sql: "cancel_reason IN ('low-numbers','trainer-unavailable','venue','other')")
            t.column("cancel_note", .text)
            t.column("created_at", .datetime).notNull()
            t.check(sql: "ends_at > starts_at")
            t.check(sql: "min_attendees <= capacity")
            t.check(sql: "(status = 'cancelled') = (cancel_reason IS NOT NULL)")
        }
        try db.create(index: "session_on_course_starts", on: "session", columns: ["course_id", "starts_at"])

        // Bookings are written from the booking issue on; the table is here so rosters and
        // the counts of a session have one home from the start.
        try db.create(table: "booking") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("session_id", .text).notNull().references("session")
            t.column("learner_id", .text).notNull().references("learner").indexed()
            t.column("status", .text).notNull().check(sql: """
                status IN ('confirmed','waitlisted','cancelled','attended','partial','absent','excused')
                """)
            t.column("booked_at", .datetime).notNull()
            t.column("waitlisted_at", .datetime)
            t.column("late_cancellation", .boolean).notNull().defaults(to: false)
            t.column("minutes_attended", .integer)
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(index: "booking_on_session_status", on: "booking", columns: ["session_id", "status"])
        try db.execute(sql: """
            CREATE UNIQUE INDEX booking_one_live_per_learner ON booking(session_id, learner_id)
            WHERE status IN ('confirmed','waitlisted')
            """)

        try db.create(table: "audit_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at", .datetime).notNull().indexed()
            t.column("actor", .text).notNull()
            t.column("action", .text).notNull()
            t.column("record_type", .text).notNull()
            t.column("record_id", .text)
            t.column("detail", .text)
        }
        try db.create(index: "audit_event_on_record", on: "audit_event", columns: ["record_type", "record_id"])
    }

    /// Bookings keep their history and everyone who must be told is written to the outbox.
    private static func v2(_ db: Database) throws {
        try db.alter(table: "booking") { t in
            // When the place became confirmed: lowering capacity moves the latest back first.
            t.add(column: "confirmed_at", .datetime)
        }
        try db.create(table: "booking_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("booking_id", .integer).notNull().indexed().references("booking")
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("from_status", .text)
            t.column("to_status", .text).notNull()
            t.column("note", .text)
        }
        try db.create(table: "notification") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("learner_id", .text).references("learner").indexed()
            t.column("user_id", .text).references("user")
            t.column("email", .text)
            t.column("kind", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("body", .text).notNull()
            t.column("session_id", .text).references("session")
            t.column("created_at", .datetime).notNull()
            t.column("sent_at", .datetime)
        }
        try db.execute(sql: "CREATE INDEX notification_unsent ON notification(created_at) WHERE sent_at IS NULL")
    }

    /// The CPD area, requirements and certificates. Attendance already recorded becomes
    /// verified CPD here, so an upgraded database tells learners the same as a new one.
    private static func v3(_ db: Database) throws {
        try db.alter(table: "learner") { t in
            t.add(column: "cpd_profile", .text)   // nmc, swe, hcpc or a partnership profile; NULL: none
            t.add(column: "revalidation", .text)  // local date YYYY-MM-DD of the next revalidation or renewal
        }
        // Requirements match job roles case-insensitively, and the KPI table reads every agency's staff by role.
        try db.execute(sql: "CREATE INDEX learner_on_job_role ON learner(lower(job_role))")

        try db.create(table: "cpd_profile") { t in
            t.primaryKey("id", .text)
            t.column("title", .text).notNull()
            t.column("hours", .double).notNull().check(sql: "hours > 0")
            t.column("months", .integer).notNull().check(sql: "months BETWEEN 1 AND 120")
            t.column("participatory_hours", .double).notNull().defaults(to: 0).check(sql: "participatory_hours >= 0")
        }

        try db.create(table: "cpd_entry") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("learner_id", .text).notNull().references("learner")
            t.column("date", .text).notNull() // local date YYYY-MM-DD
            t.column("title", .text).notNull()
            t.column("hours", .double).notNull().check(sql: "hours > 0")
            t.column("kind", .text).notNull().check(sql: """
                kind IN ('course','e-learning','webinar','conference','supervision','reading','other')
                """)
            t.column("participatory", .boolean).notNull()
            t.column("verified", .boolean).notNull()
            t.column("booking_id", .integer).unique().references("booking")
            t.column("session_id", .text).references("session")
            t.column("learnt", .text)
            t.column("practice", .text)
            t.column("peer_name", .text)
            t.column("peer_date", .text)
            t.column("peer_outcome", .text)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
            t.check(sql: "verified = (booking_id IS NOT NULL)")
        }
        try db.create(index: "cpd_entry_on_learner_date", on: "cpd_entry", columns: ["learner_id", "date"])

        try db.create(table: "job_role_group") { t in
            t.column("name", .text).notNull()
            t.column("role", .text).notNull() // lowercased
            t.primaryKey(["name", "role"])
        }

        try db.create(table: "requirement") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("kpi", .text).unique()
            t.column("title", .text).notNull()
            t.column("agency_id", .text).references("agency")
            t.column("within_months", .integer).check(sql: "within_months BETWEEN 1 AND 120")
            t.column("renew_months", .integer).check(sql: "renew_months BETWEEN 1 AND 120")
            t.column("target_percent", .integer).check(sql: "target_percent BETWEEN 0 AND 100")
            t.column("retired", .boolean).notNull().defaults(to: false)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "requirement_course") { t in
            t.column("requirement_id", .integer).notNull().references("requirement", onDelete: .cascade)
            t.column("course_id", .text).notNull().references("course")
            t.primaryKey(["requirement_id", "course_id"])
        }
        try db.create(table: "requirement_role") { t in
            t.column("requirement_id", .integer).notNull().references("requirement", onDelete: .cascade)
            t.column("role", .text).notNull() // a job role or a group's name, lowercased
            t.primaryKey(["requirement_id", "role"])
        }

        // Training done elsewhere that an admin accepts in place of a course (an agency's own e-learning).
        try db.create(table: "equivalent") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("learner_id", .text).notNull().references("learner").indexed()
            t.column("course_id", .text).notNull().references("course")
            t.column("completed_at", .datetime).notNull() // start of the local day it was completed
            t.column("evidence", .text).notNull()
            t.column("recorded_by", .text).notNull()
            t.column("recorded_at", .datetime).notNull()
        }

        try db.create(table: "certificate") { t in
            t.primaryKey("code", .text)
            t.column("booking_id", .integer).notNull().unique().references("booking")
            t.column("issued_at", .datetime).notNull()
            t.column("issued_by", .text).notNull()
        }

        // Written by the evaluation module; here so a certificate can wait for it.
        try db.create(table: "feedback") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("booking_id", .integer).notNull().unique().references("booking")
            t.column("submitted_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }

        // Attendance recorded before this migration becomes verified CPD, dated in the default zone.
        let local = LocalTime(zone: MusterClock.defaultZone)
        let attended = try Int64.fetchAll(db, sql: "SELECT id FROM booking WHERE status IN ('attended','partial')")
        for bookingID in attended { try VerifiedCPD.record(bookingID: bookingID, in: db, local: local) }
    }

    /// The scheduler's decisions and what it has sent, so each is taken once however often
    /// it runs; and each delivery attempt of the outbox, so a failed one is retried.
    private static func v4(_ db: Database) throws {
        try db.alter(table: "session") { t in
            // Taken once the cut-off has passed: a session going ahead is never cancelled for low numbers.
            t.add(column: "cutoff_decision", .text).check(sql: "cutoff_decision IN ('going-ahead','started-below-minimum')")
            t.add(column: "decided_at", .datetime)
        }
        try db.execute(sql: """
            CREATE INDEX session_awaiting_decision ON session(starts_at)
            WHERE status = 'scheduled' AND cutoff_decision IS NULL
            """)
        // Cut-offs are working days from here on, at most 60.
        try db.execute(sql: "UPDATE session SET cutoff_days = 60 WHERE cutoff_days > 60")
        // A session already past its cut-off when the scheduler arrives was decided by the
        // people running it: the first run must not cancel it.
        let local = LocalTime(zone: MusterClock.defaultZone), now = Date()
        let defaultDays = try SchedulingPolicy.load(db).cutoffWorkingDays
        for row in try Row.fetchAll(db, sql: "SELECT id, starts_at, cutoff_days FROM session WHERE status = 'scheduled'")
        where now >= local.workingDays(row["cutoff_days"] ?? defaultDays, before: row["starts_at"]) {
            try db.execute(sql: "UPDATE session SET cutoff_decision = 'going-ahead', decided_at = ? WHERE id = ?",
                           arguments: [now, row["id"] as String])
        }

        try db.create(table: "scheduler_action") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("action", .text).notNull()
            t.column("session_id", .text).notNull().references("session")
            t.column("booking_id", .integer).references("booking") // NULL: about the whole session
            t.column("reason", .text)
            t.column("at", .datetime).notNull()
        }
        try db.execute(sql: """
            CREATE UNIQUE INDEX scheduler_action_once ON scheduler_action(action, session_id, IFNULL(booking_id, 0))
            """)

        try db.alter(table: "notification") { t in
            t.add(column: "attempts", .integer).notNull().defaults(to: 0)
            t.add(column: "attempted_at", .datetime) // a delivery in progress holds the row for a while
            t.add(column: "last_error", .text)
        }
    }

    /// Feedback from delegates: the default form's answers in columns, a course's own
    /// questions as versioned forms, and the impact follow-up.
    private static func v5(_ db: Database) throws {
        try db.create(table: "feedback_form") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("course_id", .text).notNull().references("course")
            t.column("questions", .text).notNull() // JSON: the course's own questions, as asked then
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "feedback_form_on_course", on: "feedback_form", columns: ["course_id", "id"])

        try db.alter(table: "feedback") { t in
            t.add(column: "form_id", .integer).references("feedback_form") // NULL: the default questions only
            t.add(column: "course_rating", .integer).check(sql: "course_rating BETWEEN 1 AND 5")
            t.add(column: "trainer_rating", .integer).check(sql: "trainer_rating BETWEEN 1 AND 5")
            t.add(column: "confidence_before", .integer).check(sql: "confidence_before BETWEEN 1 AND 5")
            t.add(column: "confidence_after", .integer).check(sql: "confidence_after BETWEEN 1 AND 5")
            t.add(column: "outcomes_met", .text).check(sql: "outcomes_met IN ('yes','partly','no')")
            t.add(column: "action_plan", .text)
            t.add(column: "comment", .text)
            t.add(column: "anonymous", .boolean).notNull().defaults(to: false)
            t.add(column: "answers", .text) // JSON: answers to the form's own questions, by question id
        }

        try db.create(table: "follow_up") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("booking_id", .integer).notNull().unique().references("booking")
            t.column("applied", .text).notNull().check(sql: "applied IN ('yes','partly','no')")
            t.column("example", .text)
            t.column("confidence_now", .integer).notNull().check(sql: "confidence_now BETWEEN 1 AND 5")
            t.column("submitted_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }
    }

    /// Calendar feeds. A calendar keeps an imported event until it sees the same UID with a
    /// higher SEQUENCE, so sessions and bookings carry a revision stamped from one counter
    /// that only ever rises: a session changed after a booking always outranks it, whichever
    /// feed (the session's or the learner's) a person imported last. The database stamps them
    /// itself whenever a field an exported event shows changes, because sessions change along
    /// several paths (`session edit`, a term file re-imported, a cancellation by a person or
    /// by the scheduler) and the import leaves no per-session audit event to count. The UID
    /// domain, drawn once, keeps this partnership's `s101` apart from another partnership's
    /// `s101` in the calendar of someone who trains with both.
    private static func v6(_ db: Database) throws {
        try db.alter(table: "session") { t in
            t.add(column: "revision", .integer).notNull().defaults(to: 0)
        }
        try db.alter(table: "booking") { t in
            t.add(column: "revision", .integer).notNull().defaults(to: 0)
        }
        try db.create(table: "calendar_sequence") { t in
            t.column("value", .integer).notNull()
        }
        try db.execute(sql: "INSERT INTO calendar_sequence (value) VALUES (0)")
        let tick = "UPDATE calendar_sequence SET value = value + 1;"
        let stamp = "(SELECT value FROM calendar_sequence)"
        try db.execute(sql: """
            CREATE TRIGGER session_revision AFTER UPDATE ON session
            WHEN OLD.course_id IS NOT NEW.course_id OR OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at
              OR OLD.venue IS NOT NEW.venue OR OLD.online_url IS NOT NEW.online_url OR OLD.trainer_id IS NOT NEW.trainer_id
              OR OLD.status IS NOT NEW.status OR OLD.cancel_reason IS NOT NEW.cancel_reason OR OLD.cancel_note IS NOT NEW.cancel_note
            BEGIN
              \(tick)
              UPDATE session SET revision = \(stamp) WHERE id = NEW.id;
            END
            """)
        try db.execute(sql: """
            CREATE TRIGGER booking_revision AFTER UPDATE OF status ON booking WHEN OLD.status IS NOT NEW.status
            BEGIN
              \(tick)
              UPDATE booking SET revision = \(stamp) WHERE id = NEW.id;
            END
            """)
        try db.execute(sql: """
            CREATE TRIGGER booking_revision_new AFTER INSERT ON booking
            BEGIN
              \(tick)
              UPDATE booking SET revision = \(stamp) WHERE id = NEW.id;
            END
            """)
        try db.execute(sql: "INSERT OR IGNORE INTO setting (key, value) VALUES ('calendar.uid_domain', lower(hex(randomblob(6))) || '.muster')")
    }

    /// Logins: failures in a row lock an account for a while, so a password cannot be
    /// guessed at the prompt's pace. Audit events name the role the actor acted in, since
    /// one person may hold a learner login and a trainer one.
    private static func v7(_ db: Database) throws {
        try db.alter(table: "user") { t in
            t.add(column: "failed_logins", .integer).notNull().defaults(to: 0)
            t.add(column: "locked_until", .datetime)
        }
        try db.alter(table: "audit_event") { t in
            t.add(column: "role", .text)
        }
        try db.create(index: "audit_event_on_actor", on: "audit_event", columns: ["actor", "at"])
    }

    /// Erased learners are marked, so a retention run never picks the same record twice and
    /// an erasure is never repeated on a pseudonym.
    private static func v8(_ db: Database) throws {
        try db.alter(table: "learner") { t in
            t.add(column: "erased_at", .datetime)
        }
    }

    /// Audit events carry the before and after of the fields they changed (`FieldChanges`).
    private static func v9(_ db: Database) throws {
        try db.alter(table: "audit_event") { t in
            t.add(column: "changes", .text)
        }
    }

    /// Meeting-platform reports name people by email, in whatever case they typed it: matched
    /// without regard to case, which the plain email index cannot serve.
    private static func v10(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX learner_on_email_nocase ON learner(email COLLATE NOCASE)")
    }

    /// A learner's places by status, with each one's session: booking checks the learner's
    /// confirmed places for a clash, and read through the learner alone that was every place
    /// of their career (a hundred for some) and its session, a seventh of each booking.
    private static func v19(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX booking_on_learner_status ON booking(learner_id, status, session_id);
            DROP INDEX booking_on_learner_id;
            """)
    }

    /// A session's counts are recounted where their row stands, and the sums over kept rows
    /// skip an update that moves none of them: a booking no longer deletes and reinserts its
    /// session's counts and takes away and adds back a month's sums that do not change.
    /// Only triggers change; what they keep is the same.
    private static func v20(_ db: Database) throws {
        try SessionCounts.replaceTriggers(db)
        for sums in [SessionMonths.sums, AgencyMonths.totals, AgencyMonths.sums, RequirementYears.sums] {
            try sums.replaceTriggers(db)
        }
    }

    /// The numbers of sessions with Muster's own ids, so `Schedule.nextID` finds the highest
    /// in the index instead of reading every session's id. Written out, not taken from
    /// `Schedule`, so that this migration stays as it ran; a test holds the query to it.
    private static func v21(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX session_number ON session(CAST(substr(id, 2) AS INTEGER))
            WHERE id GLOB 's[0-9]*' AND NOT substr(id, 2) GLOB '*[^0-9]*' AND length(id) <= 10
            """)
    }
}
