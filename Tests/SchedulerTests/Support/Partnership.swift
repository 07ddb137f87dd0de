import Foundation
import GRDB
import MusterCore
@testable import Scheduler

/// The fixtures' catalogue and spring term on a fresh database, seen at one moment.
/// s101 Hate Crime, Tue 2027-01-12 09:30, minimum 6, trainer jsmith;
/// s102 Domestic Abuse (online), Tue 2027-03-02 09:30, trainer okhan;
/// s103 Advanced Child Protection, Tue 2027-04-06 09:30, 16 places, minimum 6,
///      cut-off 7 working days, trainer jsmith.
struct Partnership {
    let database: AppDatabase
    let clock: MusterClock

    static func seeded(now: String = "2026-11-23 10:00", learners: Int = 8, database: AppDatabase? = nil) throws -> Partnership {
        let clock = try MusterClock.fixed(local: now)
        let partnership = Partnership(database: try database ?? AppDatabase.inMemory(), clock: clock)
        let catalogue = Catalogue(database: partnership.database, clock: clock, actor: .importer)
        _ = try catalogue.importCourses(from: fixture("Courses"))
        _ = try partnership.schedule.importSessions(from: fixture("Sessions"))
        let people = People(database: partnership.database, clock: clock, actor: .localOperator)
        _ = try people.addAgency(id: "police", name: "Police")
        for number in 1...max(1, learners) {
            var details = People.Details()
            details.name = "Learner \(number)"; details.email = "l\(number)@police.example"; details.agency = "police"
            _ = try people.add("L\(number)", details)
        }
        return partnership
    }

    static func fixture(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    /// The same partnership at another moment.
    func at(_ now: String) throws -> Partnership {
        Partnership(database: database, clock: try MusterClock.fixed(local: now))
    }

    var scheduler: Scheduler { Scheduler(database: database, clock: clock) }
    var schedule: Schedule { Schedule(database: database, clock: clock, actor: .localOperator) }
    var bookings: Bookings { Bookings(database: database, clock: clock, actor: .localOperator) }
    var register: Register { Register(database: database, clock: clock, actor: .localOperator) }

    /// Books L1…Ln on a session.
    @discardableResult
    func book(_ session: String, _ count: Int, from first: Int = 1) throws -> Partnership {
        for number in first..<(first + count) { _ = try bookings.book(session, for: "L\(number)") }
        return self
    }

    /// Sets one value of the scheduling policy, as `scheduler policy --NAME N` does.
    func policy(_ field: SchedulingPolicy.Field, _ value: Int) throws {
        var policy = try schedule.policy()
        try policy.set(field, to: value)
        try schedule.setPolicy(policy)
    }

    func run(dryRun: Bool = false) throws -> [SchedulerAction] { try scheduler.run(dryRun: dryRun) }

    func status(of session: String) throws -> Session {
        try schedule.session(session).summary.session
    }

    /// Notices of a kind, oldest first, as (recipient, subject, body).
    func notices(_ kind: Notice.Kind, session: String? = nil) throws -> [Notice] {
        try database.read { db in
            try Notice.fetchAll(db, sql: """
                SELECT * FROM notification WHERE kind = ? AND (? IS NULL OR session_id = ?) ORDER BY id
                """, arguments: [kind.rawValue, session, session])
        }
    }

    func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0 }
    }
}

extension Array where Element == SchedulerAction {
    func of(_ kind: SchedulerAction.Kind) -> [SchedulerAction] { filter { $0.kind == kind } }
}
