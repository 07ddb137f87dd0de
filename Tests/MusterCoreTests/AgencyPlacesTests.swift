import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The places kept for the annual report's agency table (`AgencyPlaces`) follow every change
/// that could move them, give the same figures as counting the bookings, and agree with a
/// recount after each.
@Suite struct AgencyPlacesTests {
    func register(_ given: Given) -> Register { Register(database: given.database, clock: given.clock, actor: .localOperator) }

    func drift(_ given: Given) throws -> [String] { try given.database.read { db in try AgencyPlaces.drift(db) } }

    /// Each agency that had anyone in the period, as "agency attended/partial/absent/excused
    /// learners late".
    func figures(_ given: Given, from: String, to: String) throws -> [String] {
        try TrainingFigures(database: given.database, clock: given.clock, actor: .localOperator)
            .agencies(from: try LocalDate(stored: from), to: try LocalDate(stored: to))
            .filter { $0.attended + $0.partial + $0.absent + $0.excused + $0.lateCancellations > 0 }
            .map { "\($0.agencyID) \($0.attended)/\($0.partial)/\($0.absent)/\($0.excused) \($0.learners) \($0.lateCancellations)" }
    }

    func year(_ given: Given) throws -> [String] { try figures(given, from: "2027-01-01", to: "2027-12-31") }

    func given() throws -> Given {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(4)
        _ = try given.people.addAgency(id: "police", name: "Police")
        return given
    }

    /// `learners` booked on `session` and marked there as `marks` says, then the register closed.
    func ran(_ session: String, on day: String, _ marks: [String: Register.Mark], _ given: Given) throws -> Given {
        for learner in marks.keys.sorted() { _ = try given.bookings().book(session, for: learner) }
        let after = try given.at("\(day) 18:00")
        for (learner, mark) in marks.sorted(by: { $0.key < $1.key }) {
            try register(after).mark(session, learners: [learner], as: mark, minutes: mark == .partial ? 60 : nil)
        }
        _ = try after.schedule.complete(session)
        return after
    }

    @Test func placesCountOnceTheRegisterClosesWithItsCorrectionsAndMoveWithTheSession() throws {
        let given = try given()
        for learner in ["L1", "L2", "L3", "L4"] { _ = try given.bookings().book("s101", for: learner) }
        let after = try given.at("2027-01-12 18:00")
        try register(after).mark("s101", learners: ["L1", "L3"], as: .attended)
        try register(after).mark("s101", learners: ["L2"], as: .partial, minutes: 60)
        try register(after).mark("s101", learners: ["L4"], as: .excused)
        // A register still open counts nobody: the session has not been closed as run.
        #expect(try year(after).isEmpty)
        // The register corrected before it closes: L3 was not there after all.
        try register(after).mark("s101", learners: ["L3"], as: .absent)
        _ = try after.schedule.complete("s101")
        #expect(try year(after) == ["council 1/1/1/1 2 0"])
        try after.behindTheServices("move", on: "session", "UPDATE session SET starts_at = '2027-02-02 09:30:00.000', ends_at = '2027-02-02 12:30:00.000' WHERE id = 's101'")
        #expect(try figures(after, from: "2027-01-01", to: "2027-01-31").isEmpty)
        #expect(try figures(after, from: "2027-02-01", to: "2027-02-28") == ["council 1/1/1/1 2 0"])
        #expect(try drift(after).isEmpty)
    }

    @Test func aLearnerWhoCameTwiceInAPeriodIsOneLearnerWhereverThePeriodStarts() throws {
        let first = try ran("s101", on: "2027-01-12", ["L1": .attended, "L3": .absent], try given())
        let second = try ran("s102", on: "2027-03-02", ["L1": .partial, "L2": .attended], first)
        #expect(try year(second) == ["council 2/1/1/0 2 0"])
        // From February, L1 came before the period and again in it: still one learner.
        #expect(try figures(second, from: "2027-02-01", to: "2027-12-31") == ["council 1/1/0/0 2 0"])
        #expect(try figures(second, from: "2027-01-01", to: "2027-02-28") == ["council 1/0/1/0 1 0"])
        #expect(try figures(second, from: "2027-03-02", to: "2027-03-02") == ["council 1/1/0/0 2 0"])
        // L1 moves to the police: their places, and they, count there.
        var details = People.Details()
        details.agency = "police"
        _ = try second.people.edit("L1", details)
        #expect(try year(second) == ["council 1/0/1/0 1 0", "police 1/1/0/0 1 0"])
        #expect(try drift(second).isEmpty)
    }

    @Test func aLateCancellationCountsEvenWhenTheSessionIsThenCancelled() throws {
        let given = try given()
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s103", for: learner) }
        let late = try given.at("2027-04-05 09:00")
        _ = try late.bookings().unbook("s103", for: "L1")
        let early = try given.at("2027-03-01 09:00")
        _ = try early.bookings().unbook("s103", for: "L2")
        #expect(try year(late) == ["council 0/0/0/0 0 1"])
        _ = try late.schedule.cancel("s103", reason: .trainerUnavailable, note: nil)
        #expect(try year(late) == ["council 0/0/0/0 0 1"])
        #expect(try drift(late).isEmpty)
    }

    @Test func anErasedLearnersPlacesStayCountedUnderTheirNewName() throws {
        let after = try ran("s101", on: "2027-01-12", ["L1": .attended, "L2": .attended], try given())
        let erased = try Erasure(database: after.database, clock: after.clock, actor: .localOperator).erase("L1")
        let pseudonym = try #require(erased.erased.first?.pseudonym)
        #expect(try year(after) == ["council 2/0/0/0 2 0"])
        #expect(try after.database.read { db in try Set(String.fetchAll(db, sql: "SELECT learner_id FROM agency_place")) } == [pseudonym, "L2"])
        #expect(try drift(after).isEmpty)
    }

    /// Past attendance written in whole, as a bulk load does, on a session already closed.
    @Test func aBookingWrittenAsAttendedOnASessionThatRanIsCounted() throws {
        let after = try ran("s101", on: "2027-01-12", ["L1": .attended], try given())
        try after.behindTheServices("load", on: "booking", """
            INSERT INTO booking (session_id, learner_id, status, booked_at, updated_at)
            VALUES ('s101', 'L2', 'attended', '2027-01-01 09:00:00.000', '2027-01-12 18:00:00.000')
            """)
        #expect(try year(after) == ["council 2/0/0/0 2 0"])
        #expect(try drift(after).isEmpty)
    }

    @Test func driftNamesThePlacesTheTriggersMissed() throws {
        let given = try given()
        _ = try given.bookings().book("s101", for: "L1")
        let after = try given.at("2027-01-12 18:00")
        try register(after).mark("s101", learners: ["L1"], as: .attended)
        try after.behindTheServices("break", on: "session", "DROP TRIGGER agency_place_session_update")
        _ = try after.schedule.complete("s101")
        let booking = try after.database.read { db in try Int.fetchOne(db, sql: "SELECT id FROM booking WHERE learner_id = 'L1'") }
        #expect(try drift(after) == ["booking \(try #require(booking))"])
    }

    /// A file from the Muster before the kept places (migration v13 not yet run) gets them
    /// from the bookings it already holds, with the same figures.
    @Test func aFileFromBeforeThePlacesWereKeptIsCountedOnUpgrade() throws {
        let file = try FileOnDisk()
        let after = try ran("s101", on: "2027-01-12", ["L1": .attended, "L2": .absent], try file.open(now: "2027-01-01 09:00").seeded().learners(3))
        let before = try year(after)
        #expect(before == ["council 1/0/1/0 1 0"])
        // Its monthly sums too, made later from it.
        try file.unmigrate("v15-agency-months", triggers: "agency_month_", tables: ["agency_month", "agency_month_total"])
        try file.unmigrate("v13-agency-places", triggers: "agency_place_", tables: ["agency_place"])
        let upgraded = try file.open(now: "2027-01-12 18:00")
        #expect(try year(upgraded) == before)
        #expect(try drift(upgraded).isEmpty)
    }
}
