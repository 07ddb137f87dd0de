import Foundation
import GRDB

/// How long the partnership keeps a practitioner's training record after they were last
/// active. Six years by default: a common period in partners' retention schedules for
/// training records, and the time within which a claim about what someone was trained to
/// do may still be brought. A partnership sets its own with `retention policy --years N`.
public struct RetentionPolicy: Sendable, Equatable {
    public var years: Int

    public static let standard = RetentionPolicy(checked: 6)
    public static let allowedYears = 1...100
    static let key = "retention.years"

    public init(years: Int) throws {
        guard Self.allowedYears.contains(years) else { throw DataProtectionError.badRetentionYears(years) }
        self.years = years
    }

    private init(checked years: Int) { self.years = years }

    static func load(_ db: Database) throws -> RetentionPolicy {
        guard let text = try Setting.value(key, in: db), let years = Int(text), Self.allowedYears.contains(years) else {
            return .standard
        }
        return RetentionPolicy(checked: years)
    }

    /// The start of the local day `years` before today: anyone last active before it is due.
    public func cutoff(now: Date, local: LocalTime) -> Date {
        local.startOfDay(local.date(of: now).adding(months: -12 * years))
    }
}

/// Learners whose records have outlived the retention period, and their erasure.
public struct Retention: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// A learner past the retention period, and when they were last active.
    public struct Due: Sendable, Equatable {
        public var learnerID: String
        public var name: String
        public var agency: String
        public var lastActive: Date
    }

    /// What a run found and did (or, dry, would do).
    public struct Run: Sendable, Equatable {
        public var policy: RetentionPolicy
        public var cutoff: Date
        public var due: [Due]
        public var outcome: Erasure.Outcome
    }

    public func policy() throws -> RetentionPolicy {
        try database.read { db in try RetentionPolicy.load(db) }
    }

    public func setPolicy(_ policy: RetentionPolicy) throws {
        guard actor.role == .admin else { throw DataProtectionError.adminsOnly }
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "retention.policy", recordType: "setting",
                                            recordID: RetentionPolicy.key, detail: "\(policy.years) years")) { db in
            try Setting.set(RetentionPolicy.key, to: String(policy.years), in: db)
        }
    }

    public func due() throws -> (policy: RetentionPolicy, cutoff: Date, learners: [Due]) {
        guard actor.role == .admin else { throw DataProtectionError.adminsOnly }
        return try database.read { db in try Self.due(in: db, clock: clock) }
    }

    /// Erases everyone due in one transaction, through the same path as `learner erase`, with
    /// one audit event for the run. A dry run takes the same path and is rolled back, so what
    /// it reports is exactly what a run at that moment would do.
    public func apply(dryRun: Bool) throws -> Run {
        guard actor.role == .admin else { throw DataProtectionError.adminsOnly }
        let now = clock.now
        return try database.writeRekeying(keep: !dryRun) { db in
            let (policy, cutoff, due) = try Self.due(in: db, clock: clock)
            guard !due.isEmpty else {
                return (Run(policy: policy, cutoff: cutoff, due: due, outcome: Erasure.Outcome(erased: [], recordsRewritten: 0)), [])
            }
            let outcome = try Erasure.erase(due.map(\.learnerID), in: db, now: now)
            let note = "inactive since before \(clock.local.date(of: cutoff)) under a \(policy.years)-year retention policy"
            return (Run(policy: policy, cutoff: cutoff, due: due, outcome: outcome),
                    [Erasure.event(outcome, action: "retention.apply", actor: actor, at: now, note: note)])
        }
    }

    /// Last activity is the latest of: the record's creation, any change to one of their
    /// bookings, a CPD entry recorded or dated (a date counts to its end), feedback or a
    /// follow-up given, and training accepted in place of a course. Erased learners are
    /// never due again, and no one holding a place on a session to come is due at all.
    static func due(in db: Database, clock: MusterClock) throws -> (policy: RetentionPolicy, cutoff: Date, learners: [Due]) {
        let policy = try RetentionPolicy.load(db)
        let cutoff = policy.cutoff(now: clock.now, local: clock.local)
        let learners = try Row.fetchAll(db, sql: """
            SELECT * FROM (
              SELECT l.id, l.name, a.name AS agency, MAX(
                l.created_at,
                IFNULL((SELECT MAX(updated_at) FROM booking WHERE learner_id = l.id), ''),
                IFNULL((SELECT MAX(updated_at) FROM cpd_entry WHERE learner_id = l.id), ''),
                IFNULL((SELECT MAX(date) || ' 23:59:59.999' FROM cpd_entry WHERE learner_id = l.id), ''),
                IFNULL((SELECT MAX(f.updated_at) FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE b.learner_id = l.id), ''),
                IFNULL((SELECT MAX(u.updated_at) FROM follow_up u JOIN booking b ON b.id = u.booking_id WHERE b.learner_id = l.id), ''),
                IFNULL((SELECT MAX(recorded_at) FROM equivalent WHERE learner_id = l.id), '')
              ) AS last_active
              FROM learner l JOIN agency a ON a.id = l.agency_id
              WHERE l.erased_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM booking b JOIN session s ON s.id = b.session_id
                WHERE b.learner_id = l.id AND b.status IN ('confirmed','waitlisted') AND s.status = 'scheduled' AND s.starts_at > ?)
            ) WHERE last_active < ?
            ORDER BY last_active, id
            """, arguments: [clock.now, cutoff]).map {
            Due(learnerID: $0["id"], name: $0["name"], agency: $0["agency"], lastActive: $0["last_active"])
        }
        return (policy, cutoff, learners)
    }
}
