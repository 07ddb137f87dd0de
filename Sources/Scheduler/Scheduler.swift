import Foundation
import GRDB
import MusterCore

/// The partnership's timed jobs, run by cron every hour and by hand: decisions at the
/// cut-off, reminders, feedback requests and follow-ups. Its actor is always `scheduler`.
public struct Scheduler: Sendable {
    let database: AppDatabase
    let clock: MusterClock

    public init(database: AppDatabase, clock: MusterClock) {
        self.database = database; self.clock = clock
    }

    /// Does everything due at the clock's `now` in one transaction, and says what. A dry run
    /// takes exactly the same path and is rolled back, so it shows what a real run would do.
    public func run(dryRun: Bool = false) throws -> [SchedulerAction] {
        try database.write(keep: !dryRun) { db in
            var pass = try SchedulerPass(db, clock: clock)
            try pass.run()
            return (pass.actions, pass.audit)
        }
    }

    /// Only the decisions at the cut-off, inside the caller's transaction and audited there:
    /// for a generator replaying years of history (the demo partnership), where the
    /// reminders and requests of the past would be letters nobody reads, but every
    /// under-booked session must still be cancelled by exactly the scheduler's rule.
    package static func decideAtCutoff(in db: Database, clock: MusterClock) throws -> [SchedulerAction] {
        var pass = try SchedulerPass(db, clock: clock)
        try pass.decideAtCutoff()
        for event in pass.audit { try AuditEvent(draft: event).insert(prepared: db) }
        return pass.actions
    }

    /// Scheduled sessions below their minimum whose cut-off is still ahead, soonest cut-off
    /// first: the ones to promote while there is time.
    public func atRisk() throws -> [AtRiskSession] {
        let now = clock.now, local = clock.local
        return try database.read { db in
            let policy = try SchedulingPolicy.load(db)
            return try Row.fetchAll(cached: db, sql: SessionSummary.selection + """
                 WHERE s.status = 'scheduled' AND s.cutoff_decision IS NULL AND s.starts_at > ?
                 ORDER BY s.starts_at, s.id
                """, arguments: [now], as: SessionSummary.init(row:)).compactMap { summary in
                let cutoff = policy.cutoff(of: summary.session, in: local)
                guard summary.confirmed < summary.session.minAttendees, cutoff > now else { return nil }
                return AtRiskSession(summary: summary, cutoffAt: cutoff,
                                     daysLeft: local.date(of: now).days(until: local.date(of: cutoff)))
            }.sorted { ($0.cutoffAt, $0.summary.session.id) < ($1.cutoffAt, $1.summary.session.id) }
        }
    }
}
