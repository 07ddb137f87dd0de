import Foundation
import GRDB
import Testing
@testable import MusterCore

/// A bulk load suspends the triggers that keep the figures and counts them once at the end
/// (`KeptFigures`); one cut short is counted when the file is next opened.
@Suite struct KeptFiguresTests {
    /// The triggers and indexes: a recount makes the figures' tables afresh, and must make
    /// every index a migration gave them too.
    let triggers = "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('trigger', 'index') ORDER BY type, name"

    func drift(_ database: AppDatabase) throws -> [String] {
        try database.read { db in try KeptFigures.drift(db) }
    }

    /// A register closed while the figures are suspended (learners L1 and L2 on s101).
    func closedWhileSuspended(_ given: Given) throws -> Given {
        try given.database.writer.write { db in try KeptFigures.suspend(db) }
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s101", for: learner) }
        let after = try given.at("2027-01-12 18:00")
        let register = Register(database: after.database, clock: after.clock, actor: .localOperator)
        try register.mark("s101", learners: ["L1"], as: .attended, minutes: nil)
        try register.mark("s101", learners: ["L2"], as: .absent, minutes: nil)
        _ = try after.schedule.complete("s101")
        return after
    }

    @Test func whileSuspendedTheFiguresGoStaleAndARecountBringsThemAndTheirTriggersBack() throws {
        // Given figures suspended and a register closed meanwhile
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(3)
        let before = try given.database.read { db in try String.fetchAll(db, sql: triggers) }
        let after = try closedWhileSuspended(given)
        #expect(try !drift(after.database).isEmpty)
        #expect(try after.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agency_place") } == 0)
        // When they are counted
        try after.database.writer.write { db in try KeptFigures.recount(db) }
        // Then they agree with the records, every trigger is back and keeps them from then on
        #expect(try drift(after.database).isEmpty)
        #expect(try after.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agency_place") } == 2)
        #expect(try after.database.read { db in try String.fetchAll(db, sql: triggers) } == before)
        _ = try after.bookings().book("s102", for: "L3")
        try Register(database: after.database, clock: try after.at("2027-03-02 18:00").clock, actor: .localOperator)
            .mark("s102", learners: ["L3"], as: .attended, minutes: nil)
        #expect(try drift(after.database).isEmpty)
    }

    /// While a load has the figures suspended, listings count places from the bookings: a
    /// session added meanwhile is listed, with its places.
    @Test func whileSuspendedListingsCountTheBookings() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(3)
        try given.database.writer.write { db in try KeptFigures.suspend(db) }
        let session = try given.session("2027-02-01 09:30", capacity: 5)
        for learner in ["L1", "L2"] { _ = try given.bookings().book(session, for: learner) }
        _ = try given.bookings().book("s101", for: "L3")
        let listed = try given.schedule.sessions().map { "\($0.session.id) \($0.confirmed)" }
        #expect(listed.contains("\(session) 2") && listed.contains("s101 1"))
        try given.database.writer.write { db in try KeptFigures.recount(db) }
        #expect(try given.schedule.sessions().map { "\($0.session.id) \($0.confirmed)" } == listed)
    }

    /// A load killed before its recount leaves the file marked; the next open counts it.
    @Test func aFileLeftSuspendedIsCountedWhenItIsNextOpened() throws {
        let file = try FileOnDisk()
        let given = try file.open(now: "2027-01-01 09:00").seeded().learners(3)
        let before = try given.database.read { db in try String.fetchAll(db, sql: triggers) }
        let after = try closedWhileSuspended(given)
        #expect(try !drift(after.database).isEmpty)
        let reopened = try AppDatabase.open(path: file.path).database
        #expect(try drift(reopened).isEmpty)
        #expect(try reopened.read { db in try String.fetchAll(db, sql: triggers) } == before)
        #expect(try reopened.read { db in try Setting.value(KeptFigures.pending, in: db) } == nil)
        #expect(try reopened.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == Schema.migrator.migrations.count)
    }
}
