import Foundation
import GRDB

/// Builds a whole partnership's history into an empty database for demonstrations and
/// benchmarks (`demo generate`): agencies of uneven size and their staff, trainers, years of
/// terms drawn from the imported catalogue, and every booking, cancellation, cut-off
/// decision, register, CPD entry and piece of feedback that would have followed, in the
/// order they would have happened. The same seed and clock give the same file.
///
/// Writes are batched, a few thousand steps to a transaction, because one transaction per
/// booking would take hours at a decade's scale; each step inside still goes through the
/// service's own rules. For the same reason the audit trail has one `demo.generate` event
/// per batch, saying which steps it holds, rather than one per row: the rows themselves
/// (bookings' history, the outbox, the scheduler's actions) are written as the services
/// write them. The figures triggers keep are counted once at the end (`KeptFigures`).
package struct DemoPartnership {
    let context: ServiceContext
    let routines: DemoRoutines

    /// Steps per transaction: large enough that commits cost little, small enough that the
    /// progress bar moves and memory stays flat.
    static let batch = 4000

    package init(database: AppDatabase, clock: MusterClock, actor: ActingUser, routines: DemoRoutines) {
        context = ServiceContext(database: database, clock: clock, actor: actor)
        self.routines = routines
    }

    /// Refuses, changing nothing, unless the database holds no learners, no bookings and no
    /// sessions added by hand; the imported catalogue, requirements and term are welcome.
    package func generate(_ size: DemoSize, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> DemoCounts {
        let database = context.database, clock = context.clock
        let catalogue = try database.read { db in
            try Self.refuseUnlessEmpty(db)
            return try Self.catalogue(db)
        }
        let plan = DemoPlan(size, catalogue: catalogue, clock: clock)
        var history = DemoHistory(plan: plan, courses: catalogue.courses, database: database, routines: routines, zone: clock.zone)
        let total = plan.events.count
        try database.write(audit("\(plan.agencies.count) agencies, \(plan.newTrainers.count) trainers; seed \(size.seed)")) { db in
            // Again inside the write: another terminal may have added someone since the read.
            try Self.refuseUnlessEmpty(db)
            for agency in plan.agencies { try Agency(id: agency.id, name: agency.name).insert(db) }
            for trainer in plan.newTrainers {
                try db.execute(sql: "INSERT INTO user (id, name, email, role) VALUES (?, ?, ?, 'trainer')",
                               arguments: [trainer.id, trainer.name, trainer.email])
            }
            try KeptFigures.suspend(db)
        }
        progress(0, total)
        // A decade's indexes outgrow SQLite's default page cache many times over; a larger
        // one for this connection, while the history is written, saves re-reading them.
        try database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -262144") }
        defer { try? database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -2000") } }
        var start = 0
        do {
            while start < total {
                let end = min(total, start + Self.batch)
                try database.write(audit("steps \(start + 1)–\(end) of \(total)")) { db in
                    for event in plan.events[start ..< end] { try history.play(event, in: db) }
                }
                progress(end, total)
                start = end
            }
        } catch {
            // What was written stays, as before; its figures are counted all the same.
            try? database.write(audit("figures counted after a failure at step \(start + 1)")) { db in try KeptFigures.recount(db) }
            throw error
        }
        try database.write(audit("figures counted")) { db in try KeptFigures.recount(db) }
        var counts = try Self.counts(in: database)
        counts.refused = history.refused
        return counts
    }

    private func audit(_ detail: String) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: context.actor, at: context.clock.now, action: "demo.generate", recordType: "database", detail: detail)
    }

    static func refuseUnlessEmpty(_ db: Database) throws {
        let learners = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM learner") ?? 0
        let bookings = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking") ?? 0
        // Only worth reading the trail when the rest is empty; a term file's sessions are not "added by hand".
        let added = learners + bookings > 0 ? 0
            : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE action = 'session.add'") ?? 0
        if learners + bookings + added > 0 { throw DemoError.notEmpty(learners: learners, bookings: bookings, sessionsAdded: added) }
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM course WHERE NOT retired") ?? 0 == 0 { throw DemoError.noCourses }
    }

    static func catalogue(_ db: Database) throws -> DemoPlan.Inputs {
        let courses = try Course.fetchAll(db, sql: "SELECT * FROM course WHERE NOT retired ORDER BY id")
        var required: [String: Set<String>] = [:]
        // A requirement names job roles or role groups; a group stands for its members.
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT rc.course_id, lower(COALESCE(g.role, rr.role)) AS role
            FROM requirement r
            JOIN requirement_course rc ON rc.requirement_id = r.id
            JOIN requirement_role rr ON rr.requirement_id = r.id
            LEFT JOIN job_role_group g ON g.name = rr.role
            WHERE NOT r.retired ORDER BY 1, 2
            """) {
            required[row["course_id"], default: []].insert(row["role"])
        }
        let trainers = try String.fetchAll(db, sql: "SELECT id FROM user WHERE role = 'trainer' AND NOT disabled ORDER BY id")
        let next = try Schedule.nextID(in: db)
        return DemoPlan.Inputs(courses: courses, requiredRoles: required, trainers: trainers,
                                  lastSessionNumber: (Int(next.dropFirst()) ?? 101) - 1,
                                  cutoffWorkingDays: try SchedulingPolicy.load(db).cutoffWorkingDays)
    }

    static func counts(in database: AppDatabase) throws -> DemoCounts {
        try database.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            var counts = DemoCounts()
            counts.agencies = try count("SELECT COUNT(*) FROM agency")
            counts.learners = try count("SELECT COUNT(*) FROM learner")
            counts.trainers = try count("SELECT COUNT(*) FROM user WHERE role = 'trainer'")
            counts.sessions = try count("SELECT COUNT(*) FROM session")
            counts.completed = try count("SELECT COUNT(*) FROM session WHERE status = 'completed'")
            counts.cancelledLowNumbers = try count("SELECT COUNT(*) FROM session WHERE status = 'cancelled' AND cancel_reason = 'low-numbers'")
            counts.cancelledOther = try count("SELECT COUNT(*) FROM session WHERE status = 'cancelled' AND cancel_reason <> 'low-numbers'")
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM booking GROUP BY status ORDER BY status") {
                let n: Int = row["n"]
                counts.bookings += n
                switch BookingStatus(rawValue: row["status"]) {
                case .attended: counts.attended = n
                case .partial: counts.partial = n
                case .absent: counts.absent = n
                case .excused: counts.excused = n
                case .waitlisted: counts.waitlisted = n
                default: break
                }
            }
            counts.cpdEntries = try count("SELECT COUNT(*) FROM cpd_entry")
            counts.feedback = try count("SELECT COUNT(*) FROM feedback")
            counts.notifications = try count("SELECT COUNT(*) FROM notification")
            return counts
        }
    }
}
