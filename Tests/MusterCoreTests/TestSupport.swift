import Foundation
@testable import MusterCore

/// A fresh in-memory database, the services over it, and a clock stopped at `now`.
struct Given {
    let database: AppDatabase
    let clock: MusterClock

    init(now: String = "2026-11-23 10:00") throws {
        database = try AppDatabase.inMemory()
        clock = try MusterClock.fixed(local: now)
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

    func auditCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event") ?? 0 }
    }

    func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0 }
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
