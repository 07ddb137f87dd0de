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
/// - `setting` already holds the partnership's policies as key/value rows.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-booking-history-and-outbox", migrate: v2)
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
}
