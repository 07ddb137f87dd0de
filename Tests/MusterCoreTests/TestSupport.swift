import Foundation
import GRDB
import Testing
@testable import MusterCore

/// A fresh in-memory database, the services over it, and a clock stopped at `now`.
struct Given {
    let database: AppDatabase
    let clock: MusterClock

    init(now: String = "2026-11-23 10:00") throws {
        database = try AppDatabase.inMemory()
        clock = try MusterClock.fixed(local: now)
    }

    init(database: AppDatabase, clock: MusterClock) {
        self.database = database
        self.clock = clock
    }

    var catalogue: Catalogue { Catalogue(database: database, clock: clock, actor: .localOperator) }
    var schedule: Schedule { Schedule(database: database, clock: clock, actor: .localOperator) }
    var people: People { People(database: database, clock: clock, actor: .localOperator) }

    /// The fixtures' three courses and three sessions.
    @discardableResult
    func seeded() throws -> Given {
        _ = try catalogue.importCourses(from: Fixture.url("Courses"))
        _ = try schedule.importSessions(from: Fixture.url("Sessions"))
        return self
    }

    func bookings(as actor: ActingUser = .localOperator) -> Bookings {
        Bookings(database: database, clock: clock, actor: actor)
    }

    /// The same database seen at another moment.
    func at(_ now: String) throws -> Given {
        Given(database: database, clock: try MusterClock.fixed(local: now))
    }

    /// Learners L1…Ln of one agency.
    @discardableResult
    func learners(_ total: Int) throws -> Given {
        if try !people.agencies().contains(where: { $0.agency.id == "council" }) { _ = try people.addAgency(id: "council", name: "Council") }
        for number in 1...total {
            var details = People.Details()
            details.name = "Learner \(number)"; details.email = "l\(number)@council.example"; details.agency = "council"
            _ = try people.add("L\(number)", details)
        }
        return self
    }

    /// A session of hate-crime (3 hours) at a local time, with the capacity given.
    func session(_ when: String, capacity: Int = 20, minimum: Int? = nil, cutoffDays: Int? = nil) throws -> String {
        let parts = when.split(separator: " ").map(String.init)
        var new = Schedule.NewSession(courseID: "hate-crime", date: try clock.local.parseDate(parts[0]),
                                      time: try clock.local.parseTime(parts[1]))
        new.capacity = capacity
        new.minAttendees = minimum ?? min(capacity, 1)
        new.cutoffDays = cutoffDays
        return try schedule.add(new).id
    }

    /// Changes the file with SQL behind the services, as a bulk correction, a load or a
    /// fault would, audited as `test.<action>` like any write.
    func behindTheServices(_ action: String, on recordType: String, _ sql: String) throws {
        try database.write(AuditEvent.Draft(actor: .localOperator, at: clock.now, action: "test.\(action)", recordType: recordType)) { db in
            try db.execute(sql: sql)
        }
    }

    func notifications(_ kind: Notice.Kind) throws -> [Notice] {
        try database.read { db in
            try Notice.fetchAll(db, sql: "SELECT * FROM notification WHERE kind = ? ORDER BY id", arguments: [kind.rawValue])
        }
    }

    func auditCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? 0 }
    }

    func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0 }
    }
}

/// A partnership's file on disk, so a test can open it again as the next `muster` would.
struct FileOnDisk {
    let folder: TemporaryDirectory
    let path: String

    init() throws {
        folder = try TemporaryDirectory()
        path = folder.file("muster.sqlite").path
    }

    /// The file as Muster opens it, seen at `now`.
    func open(now: String) throws -> Given {
        Given(database: try AppDatabase.open(path: path).database, clock: try MusterClock.fixed(local: now))
    }

    /// Takes a kept figure out as if its migration had never run (its triggers, tables and
    /// the migration's record), so the next open upgrades the file.
    func unmigrate(_ migration: String, triggers prefix: String, tables: [String]) throws {
        try DatabaseQueue(path: path).write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, ?) = ?",
                                               arguments: [prefix.count, prefix]) {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            for table in tables { try db.execute(sql: "DROP TABLE \(table)") }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [migration])
            // The count of migrations before it, as a file from then says.
            let before = try #require(Schema.migrator.migrations.firstIndex(of: migration))
            try db.execute(sql: "PRAGMA user_version = \(before)")
        }
    }
}

enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }
}

/// A temporary folder removed when the test ends.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("muster-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func write(_ name: String, _ text: String) throws -> URL {
        let file = file(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
