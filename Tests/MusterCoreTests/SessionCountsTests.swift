import Foundation
import GRDB
import Testing
@testable import MusterCore

/// Each session's kept counts (`SessionCounts`) follow every booking and every change to the
/// session, agree with a recount after each, and sum to the annual report's session figures.
@Suite struct SessionCountsTests {
    func register(_ given: Given) -> Register { Register(database: given.database, clock: given.clock, actor: .localOperator) }

    func drift(_ given: Given) throws -> [String] { try given.database.read { db in try SessionCounts.drift(db) } }

    /// A session's kept row as "status reason capacity confirmed/waitlisted attended/partial/absent/excused late".
    func counts(_ session: String, _ given: Given) throws -> String? {
        try given.database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session_count WHERE session_id = ?", arguments: [session]).map { row in
                "\(row["status"] as String) \(row["cancel_reason"] as String? ?? "-") \(row["capacity"] as Int) "
                    + "\(row["confirmed"] as Int)/\(row["waitlisted"] as Int) "
                    + "\(row["attended"] as Int)/\(row["partial"] as Int)/\(row["absent"] as Int)/\(row["excused"] as Int) \(row["late"] as Int)"
            }
        }
    }

    /// The report's session figures for a period, one line per group:
    /// "YYYY-MM course status[/reason] sessions capacity attended/partial/absent/excused late",
    /// read from the monthly sums after checking that reading each session says the same.
    func figures(_ given: Given, from: String, to: String) throws -> [String] {
        let figures = TrainingFigures(database: given.database, clock: given.clock, actor: .localOperator)
        let (from, to) = (try LocalDate(stored: from), try LocalDate(stored: to))
        let summed = try figures.sessions(from: from, to: to)
        #expect(try summed == figures.sessions(from: from, to: to, sessionBySession: true), "\(from) to \(to)")
        return summed.map {
                "\($0.year)-\(Digits.padded($0.month, 2)) \($0.courseID) \($0.status.rawValue)\($0.cancelReason.map { "/\($0.rawValue)" } ?? "") "
                    + "\($0.sessions) \($0.capacity) \($0.attended)/\($0.partial)/\($0.absent)/\($0.excused) \($0.lateCancellations)"
            }
    }

    @Test func aSessionsPlacesAreCountedAsTheyAreBookedWaitlistedCancelledAndMarked() throws {
        // Given a session of two places
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(4)
        let session = try given.session("2027-02-01 09:30", capacity: 2)
        #expect(try counts(session, given) == "scheduled - 2 0/0 0/0/0/0 0")
        // When four book, one gives up a place early and one late
        for learner in ["L1", "L2", "L3", "L4"] { _ = try given.bookings().book(session, for: learner) }
        #expect(try counts(session, given) == "scheduled - 2 2/2 0/0/0/0 0")
        _ = try given.bookings().unbook(session, for: "L1")
        let late = try given.at("2027-01-30 09:00")
        _ = try late.bookings().unbook(session, for: "L2")
        #expect(try counts(session, late) == "scheduled - 2 2/0 0/0/0/0 1")
        // Then the register's marks, a correction and its closing move them on
        let after = try given.at("2027-02-01 18:00")
        try register(after).mark(session, learners: ["L3"], as: .attended)
        try register(after).mark(session, learners: ["L4"], as: .partial, minutes: 60)
        #expect(try counts(session, after) == "scheduled - 2 0/0 1/1/0/0 1")
        try register(after).mark(session, learners: ["L4"], as: .absent)
        _ = try after.schedule.complete(session)
        #expect(try counts(session, after) == "completed - 2 0/0 1/0/1/0 1")
        #expect(try drift(after).isEmpty)
    }

    @Test func theReportsSessionsAreSummedByMonthCourseAndWhatBecameOfThem() throws {
        // Given two hate-crime sessions run in February, one cancelled in January, one still to run in March
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(3)
        let first = try given.session("2027-02-01 09:30", capacity: 10), second = try given.session("2027-02-15 09:30", capacity: 12)
        _ = try given.session("2027-03-10 09:30")
        for learner in ["L1", "L2"] { _ = try given.bookings().book(first, for: learner) }
        _ = try given.bookings().book(second, for: "L3")
        _ = try given.schedule.cancel("s101", reason: .venue, note: nil)
        let after = try given.at("2027-02-15 18:00")
        try register(after).mark(first, learners: ["L1"], as: .attended)
        try register(after).mark(first, learners: ["L2"], as: .excused)
        try register(after).mark(second, learners: ["L3"], as: .attended)
        for session in [first, second] { _ = try after.schedule.complete(session) }
        // Then
        #expect(try figures(after, from: "2027-01-01", to: "2027-03-31") == [
            "2027-01 hate-crime cancelled/venue 1 20 0/0/0/0 0",
            "2027-02 hate-crime completed 2 22 2/0/0/1 0",
            "2027-03 domestic-abuse scheduled 1 30 0/0/0/0 0",
            "2027-03 hate-crime scheduled 1 20 0/0/0/0 0",
        ])
        // A period starting or ending inside a month counts only its own days
        #expect(try figures(after, from: "2027-02-10", to: "2027-03-05") == [
            "2027-02 hate-crime completed 1 12 1/0/0/0 0",
            "2027-03 domestic-abuse scheduled 1 30 0/0/0/0 0",
        ])
        #expect(try figures(after, from: "2027-02-02", to: "2027-02-14").isEmpty)
        #expect(try drift(after).isEmpty)
    }

    @Test func aSessionMovedOrCancelledIsCountedWhereItNowStands() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(2)
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s101", for: learner) }
        try given.behindTheServices("move", on: "session", "UPDATE session SET starts_at = '2027-02-02 09:30:00.000', ends_at = '2027-02-02 12:30:00.000' WHERE id = 's101'")
        #expect(try figures(given, from: "2027-01-01", to: "2027-01-31").isEmpty)
        #expect(try figures(given, from: "2027-02-01", to: "2027-02-28") == ["2027-02 hate-crime scheduled 1 20 0/0/0/0 0"])
        _ = try given.schedule.cancel("s101", reason: .trainerUnavailable, note: nil)
        #expect(try counts("s101", given) == "cancelled trainer-unavailable 20 0/0 0/0/0/0 0")
        #expect(try drift(given).isEmpty)
    }

    /// No command moves a place today; a bulk correction might, and both sessions must follow.
    @Test func aPlaceMovedToAnotherSessionLeavesOneCountAndJoinsTheOther() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(2)
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s101", for: learner) }
        try given.behindTheServices("move", on: "booking", "UPDATE booking SET session_id = 's102' WHERE learner_id = 'L1'")
        #expect(try counts("s101", given) == "scheduled - 20 1/0 0/0/0/0 0")
        #expect(try counts("s102", given) == "scheduled - 30 1/0 0/0/0/0 0")
        #expect(try drift(given).isEmpty)
    }

    /// A booking recounts its session's row where it stands, and the month's sums, which
    /// count no confirmed places, are not taken away and added back: both rows keep their
    /// rowid. Deleted and reinserted, each would take a new one.
    @Test func aBookingRecountsItsSessionInPlaceAndLeavesTheMonthItDoesNotMove() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(1)
        // Alone in its month, so taking it away would delete the month's row.
        let session = try given.session("2031-03-04 09:30")
        _ = try given.session("2031-04-01 09:30")
        func rowids() throws -> [Int64?] {
            try given.database.read { db in [
                try Int64.fetchOne(db, sql: "SELECT rowid FROM session_count WHERE session_id = ?", arguments: [session]),
                try Int64.fetchOne(db, sql: "SELECT rowid FROM session_month WHERE month = '2031-03' AND course_id = 'hate-crime' AND status = 'scheduled'"),
            ] }
        }
        let before = try rowids(), month = try figures(given, from: "2031-03-01", to: "2031-03-31")
        #expect(!before.contains(nil))

        _ = try given.bookings().book(session, for: "L1")

        #expect(try counts(session, given) == "scheduled - 20 1/0 0/0/0/0 0")
        #expect(try rowids() == before)
        #expect(try figures(given, from: "2031-03-01", to: "2031-03-31") == month)
        #expect(try given.database.read { db in try KeptFigures.drift(db) }.isEmpty)
    }

    /// A file from before v20 has the old triggers under the same names: the upgrade replaces
    /// them, leaving the triggers a new file has, and the figures still agree with a recount.
    @Test func aFileFromBeforeV20GainsTheTriggersOfANewFile() throws {
        func triggers(_ path: String) throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            }
        }
        let new = try FileOnDisk()
        _ = try new.open(now: "2027-01-01 09:00")
        let file = try FileOnDisk()
        _ = try file.open(now: "2027-01-01 09:00").seeded().learners(2)
        try DatabaseQueue(path: file.path).write { db in
            // v19's definitions: a booking replaced its session's row; a month's sums took
            // away and added back every update.
            try db.execute(sql: "DROP TRIGGER session_count_booking_insert")
            try db.execute(sql: "CREATE TRIGGER session_count_booking_insert AFTER INSERT ON booking\nBEGIN\n\(SessionCounts.recount(["NEW.session_id"]))\nEND")
            for table in ["session_month", "agency_month", "agency_month_total", "requirement_year"] {
                let sql = try #require(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: ["\(table)_update"]))
                let unconditional = try #require(sql.range(of: #" WHEN [^\n]*"#, options: .regularExpression))
                try db.execute(sql: "DROP TRIGGER \(table)_update")
                try db.execute(sql: sql.replacingCharacters(in: unconditional, with: ""))
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v20-kept-figures-updated-in-place'")
            try db.execute(sql: "PRAGMA user_version = 19")
        }
        #expect(try triggers(file.path) != triggers(new.path))

        let upgraded = try file.open(now: "2027-01-01 09:00")

        #expect(try triggers(file.path) == triggers(new.path))
        for learner in ["L1", "L2"] { _ = try upgraded.bookings().book("s101", for: learner) }
        #expect(try counts("s101", upgraded) == "scheduled - 20 2/0 0/0/0/0 0")
        #expect(try upgraded.database.read { db in try KeptFigures.drift(db) }.isEmpty)
    }

    /// A session's row taken out by hand is made again by its next booking, as a recount
    /// that replaced the row always did: without it the session would leave every listing.
    @Test func aBookingMakesAgainASessionsRowThatWasTakenOut() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(2)
        _ = try given.bookings().book("s101", for: "L1")
        try given.behindTheServices("remove", on: "session_count", "DELETE FROM session_count WHERE session_id = 's101'")
        #expect(try counts("s101", given) == nil)

        _ = try given.bookings().book("s101", for: "L2")

        #expect(try counts("s101", given) == "scheduled - 20 2/0 0/0/0/0 0")
        #expect(try given.database.read { db in try KeptFigures.drift(db) }.isEmpty)
    }

    @Test func driftNamesTheSessionsTheTriggersMissed() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(1)
        try given.behindTheServices("break", on: "booking", "DROP TRIGGER session_count_booking_insert")
        _ = try given.bookings().book("s102", for: "L1")
        #expect(try drift(given) == ["session s102"])
    }

    /// A file from the Muster before the kept counts (migration v14 not yet run) gets them
    /// from the sessions and bookings it already holds.
    @Test func aFileFromBeforeTheCountsWereKeptIsCountedOnUpgrade() throws {
        let file = try FileOnDisk()
        let given = try file.open(now: "2027-01-01 09:00").seeded().learners(3)
        for learner in ["L1", "L2", "L3"] { _ = try given.bookings().book("s103", for: learner) }
        let before = try figures(given, from: "2027-01-01", to: "2027-12-31")
        // Their monthly sums too, made later from them.
        try file.unmigrate("v16-session-months", triggers: "session_month_", tables: ["session_month"])
        try file.unmigrate("v14-session-counts", triggers: "session_count_", tables: ["session_count"])
        let upgraded = try file.open(now: "2027-01-01 09:00")
        #expect(try counts("s103", upgraded) == "scheduled - 16 3/0 0/0/0/0 0")
        #expect(try figures(upgraded, from: "2027-01-01", to: "2027-12-31") == before)
        #expect(before.count == 3)
        #expect(try drift(upgraded).isEmpty)
    }
}
