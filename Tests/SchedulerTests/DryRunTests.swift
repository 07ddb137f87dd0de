import Foundation
import GRDB
import MusterCore
import Testing
@testable import Scheduler

@Suite struct DryRunTests {
    @Test func aDryRunShowsExactlyWhatARunDoesAndChangesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-dry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("muster.sqlite").path
        let given = try Partnership.seeded(database: try AppDatabase.open(path: file).database).book("s101", 6).book("s103", 2)
        let due = try given.at("2027-03-24 09:30")

        let before = try contents(of: given.database)
        let rehearsal = try due.run(dryRun: true)
        #expect(try contents(of: given.database) == before)
        #expect(rehearsal.count >= 3)

        let actions = try due.run()
        #expect(actions == rehearsal)
        #expect(try contents(of: given.database) != before)
    }

    @Test func eachActionIsAuditedWithTheSchedulerAsActorAndAnEmptyRunWritesNothing() throws {
        let given = try Partnership.seeded().book("s103", 2)
        let audited = { try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT action || ' ' || record_id FROM audit_event WHERE actor = 'scheduler' ORDER BY id")
        } }
        _ = try given.at("2027-03-24 09:30").run()
        let first = try audited()
        #expect(first.contains("scheduler.cancel s103"))
        let events = try given.count("audit_event")
        #expect(try given.at("2027-03-24 09:30").run().isEmpty)
        #expect(try given.count("audit_event") == events)
    }

    /// Every row of every table, in a stable order: the database's content.
    private func contents(of database: AppDatabase) throws -> [String] {
        try database.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            return try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid").map { "\(table): \($0)" }
            }
        }
    }
}
