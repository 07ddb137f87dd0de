import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The session table's monthly sums (`SessionMonths`) follow the sessions' kept counts, and
/// each local month read from them, with its ends read session by session, is the month as
/// the partnership's clock has it, in every zone.
@Suite struct SessionMonthsTests {
    func given(in zone: String) throws -> Given {
        let given = try Given(now: "2027-01-01 09:00").learners(2)
        _ = try given.seeded()
        return Given(database: given.database, clock: try MusterClock.fixed(local: "2027-01-01 09:00", zone: try #require(TimeZone(identifier: zone))))
    }

    func sums(_ given: Given) throws -> [String] {
        try given.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT month || ' ' || course_id || ' ' || status || ' ' || cancel_reason || ': ' || sessions || ' ' || capacity
                       || ' ' || attended || '/' || partial || '/' || absent || '/' || excused || ' ' || late
                FROM session_month ORDER BY month, course_id, status, cancel_reason
                """)
        }
    }

    /// "YYYY-MM status sessions attended" for each hate-crime group, read from the sums after
    /// checking that reading each session says the same.
    func months(_ given: Given, from: String, to: String) throws -> [String] {
        let figures = TrainingFigures(database: given.database, clock: given.clock, actor: .localOperator)
        let (from, to) = (try LocalDate(stored: from), try LocalDate(stored: to))
        let summed = try figures.sessions(from: from, to: to)
        #expect(try summed == figures.sessions(from: from, to: to, sessionBySession: true), "\(from) to \(to) in \(given.clock.zone.identifier)")
        return summed.filter { $0.courseID == "hate-crime" }.map { "\($0.year)-\(Digits.padded($0.month, 2)) \($0.status.rawValue) \($0.sessions) \($0.attended)" }
    }

    func drift(_ given: Given) throws -> [String] { try given.database.read { db in try SessionMonths.drift(db) } }

    @Test func eachMonthSumsItsSessionsByCourseStatusAndReason() throws {
        let given = try given(in: "Europe/London")
        let first = try given.session("2027-02-01 09:30", capacity: 10), second = try given.session("2027-02-15 09:30", capacity: 12)
        _ = try given.bookings().book(first, for: "L1")
        _ = try given.schedule.cancel(second, reason: .venue, note: nil)
        let after = try given.at("2027-02-01 18:00")
        try Register(database: after.database, clock: after.clock, actor: .localOperator).mark(first, learners: ["L1"], as: .attended)
        _ = try after.schedule.complete(first)
        #expect(try sums(after) == [
            "2027-01 hate-crime scheduled : 1 20 0/0/0/0 0",
            "2027-02 hate-crime cancelled venue: 1 12 0/0/0/0 0",
            "2027-02 hate-crime completed : 1 10 1/0/0/0 0",
            "2027-03 domestic-abuse scheduled : 1 30 0/0/0/0 0",
            "2027-04 advanced-child-protection scheduled : 1 16 0/0/0/0 0",
        ])
        // The cancelled session moved to March behind the services: the sums follow.
        try after.behindTheServices("move", on: "session", "UPDATE session SET starts_at = '2027-03-15 09:30:00.000', ends_at = '2027-03-15 12:30:00.000' WHERE id = '\(second)'")
        #expect(try sums(after).contains("2027-03 hate-crime cancelled venue: 1 12 0/0/0/0 0"))
        #expect(try !sums(after).contains { $0.hasPrefix("2027-02 hate-crime cancelled") })
        // and when it is deleted, its month forgets it.
        try after.behindTheServices("delete", on: "session", "DELETE FROM session WHERE id = '\(second)'")
        #expect(try !sums(after).contains { $0.contains("cancelled") })
        #expect(try drift(after).isEmpty)
    }

    /// Sessions on the first and last days of months: far from UTC, one falls in another UTC
    /// month than its local one (09:30 on the 1st east of UTC, 15:00 on the 30th west of it),
    /// and each stays in its local month.
    @Test(arguments: ["Europe/London", "Pacific/Auckland", "Pacific/Honolulu", "Asia/Kathmandu"])
    func eachLocalMonthHoldsItsOwnSessionsInEveryZone(zone: String) throws {
        let given = try given(in: zone)
        for day in ["2027-03-01", "2027-03-31", "2027-04-01", "2027-04-15", "2027-04-30", "2027-05-01", "2027-06-30"] {
            _ = try given.session("\(day) 09:30")
        }
        _ = try given.session("2027-04-30 15:00")
        #expect(try months(given, from: "2027-03-01", to: "2027-06-30") == [
            "2027-03 scheduled 2 0", "2027-04 scheduled 4 0", "2027-05 scheduled 1 0", "2027-06 scheduled 1 0",
        ])
        // A period starting and ending inside months counts only its own days.
        #expect(try months(given, from: "2027-03-31", to: "2027-04-30") == ["2027-03 scheduled 1 0", "2027-04 scheduled 4 0"])
        #expect(try months(given, from: "2027-04-02", to: "2027-06-29") == ["2027-04 scheduled 3 0", "2027-05 scheduled 1 0"])
        #expect(try months(given, from: "2027-04-30", to: "2027-04-01").isEmpty)
        #expect(try drift(given).isEmpty)
    }

    /// A file from before the sums (migration v16 not yet run) gets them from its sessions.
    @Test func aFileFromBeforeTheSumsIsSummedOnUpgrade() throws {
        let file = try FileOnDisk()
        let given = try file.open(now: "2027-01-01 09:00").seeded().learners(1)
        _ = try given.bookings().book("s103", for: "L1")
        let before = try sums(given)
        try file.unmigrate("v16-session-months", triggers: "session_month_", tables: ["session_month"])
        let upgraded = try file.open(now: "2027-01-01 09:00")
        #expect(try sums(upgraded) == before)
        #expect(before.count == 3)
        #expect(try drift(upgraded).isEmpty)
    }
}
