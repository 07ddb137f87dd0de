import Foundation
import Testing
@testable import MusterCore

@Suite struct RegisterTests {
    /// L1–L3 booked on s101 (hate-crime, 2027-01-12 09:30–12:30); L4 on its waiting list.
    func given(at now: String = "2027-01-12 10:00") throws -> Given {
        let given = try Given().seeded().learners(4)
        var changes = Schedule.Changes()
        changes.capacity = 3
        changes.minAttendees = 1
        _ = try given.schedule.edit("s101", changes)
        for learner in ["L1", "L2", "L3", "L4"] { _ = try given.bookings().book("s101", for: learner) }
        return try given.at(now)
    }

    func register(_ given: Given) -> Register { Register(database: given.database, clock: given.clock, actor: .localOperator) }

    @Test func attendanceIsMarkedOnlyOnceTheSessionHasStarted() throws {
        let early = try given(at: "2027-01-12 09:29")
        #expect(throws: RegisterError.notStarted("s101", startsAt: "2027-01-12 09:30")) {
            try register(early).mark("s101", learners: ["L1"], as: .attended)
        }
        try register(try early.at("2027-01-12 09:30")).mark("s101", learners: ["L1"], as: .attended)
    }

    @Test func marksRecordMinutesAttended() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L1", "L2"], as: .attended)
        try register(given).mark("s101", learners: ["L3"], as: .partial, minutes: 90)
        let entries = try register(given).entries("s101").entries
        #expect(entries.map(\.status) == [.attended, .attended, .partial])
        #expect(entries.map(\.minutes) == [180, 180, 90])
    }

    @Test func partialNeedsMinutesWithinTheSession() throws {
        let given = try given()
        #expect(throws: RegisterError.partialNeedsMinutes(length: 180)) { try register(given).mark("s101", learners: ["L1"], as: .partial) }
        #expect(throws: RegisterError.minutesOutOfRange(200, length: 180)) {
            try register(given).mark("s101", learners: ["L1"], as: .partial, minutes: 200)
        }
    }

    @Test func oneLearnerWithoutAPlaceStopsTheWholeMark() throws {
        let given = try given()
        #expect(throws: RegisterError.notOnRegister("s101", learnerID: "L4")) {
            try register(given).mark("s101", learners: ["L1", "L4"], as: .attended)
        }
        #expect(try register(given).entries("s101").entries.allSatisfy { $0.status == .confirmed })
    }

    @Test func theRegisterClosesOnlyWhenEveryoneIsMarkedOrTheRestAreAbsent() throws {
        let given = try given(at: "2027-01-12 13:00")
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        try register(given).mark("s101", learners: ["L2"], as: .excused)
        #expect(throws: RegisterError.unmarked("s101", learners: ["L3"])) { try given.schedule.complete("s101") }
        _ = try given.schedule.complete("s101", absentRest: true)
        let entries = try register(given).entries("s101").entries
        #expect(entries.map(\.status) == [.attended, .excused, .absent])
        #expect(throws: RegisterError.closed("s101")) { try register(given).mark("s101", learners: ["L3"], as: .attended) }
        #expect(try given.schedule.session("s101").waitingList.map(\.learnerID) == ["L4"])
    }
}

@Suite struct AttendanceImportTests {
    /// s102 is a virtual Domestic Abuse session on 2027-03-02, 09:30–12:30, with Priya,
    /// Sean and Mary booked (the fixtures' learners) and one more delegate.
    func given() throws -> Given {
        let given = try Given().seeded()
        _ = try given.people.importLearners(from: Fixture.url("learners.csv"))
        try given.learners(1)
        for learner in ["P1001", "P1002", "P1003", "L1"] { _ = try given.bookings().book("s102", for: learner) }
        return try given.at("2027-03-02 13:00")
    }

    func importReport(_ name: String, into given: Given) throws -> Register.ImportResult {
        try Register(database: given.database, clock: given.clock, actor: .localOperator)
            .importAttendance("s102", from: Fixture.url(name))
    }

    @Test(arguments: ["teams-attendance-report.csv", "zoom-participants-report.csv"])
    func aMeetingReportMarksByEmailAndListsWhoItCannotMatch(report: String) throws {
        let given = try given()
        let result = try importReport(report, into: given)
        #expect(result.attended == ["P1001", "P1002"])
        #expect(result.partial == ["P1003"])
        #expect(result.missing == ["L1"])
        #expect(result.notBooked.isEmpty)
        #expect(result.unmatched.count == (report.hasPrefix("teams") ? 2 : 1)) // Teams lists its organiser too
        #expect(result.unmatched.contains { $0.contains("no email") })
        let minutes = try Register(database: given.database, clock: given.clock, actor: .localOperator)
            .entries("s102").entries.reduce(into: [String: Int]()) { $0[$1.learnerID] = $1.minutes }
        #expect(minutes["P1001"] == 180) // 185 minutes in the meeting, capped at the session's length
        #expect((172...175).contains(minutes["P1002"] ?? 0))
        #expect((69...70).contains(minutes["P1003"] ?? 0))
    }

    @Test func theThresholdIsThePartnershipsToSet() throws {
        let given = try given()
        var policy = BookingPolicy()
        policy.attendanceThresholdPercent = 99
        try given.bookings().setPolicy(policy)
        let result = try importReport("zoom-participants-report.csv", into: given)
        #expect(result.attended == ["P1001"])
        #expect(result.partial == ["P1002", "P1003"])
    }

    @Test func durationsAreReadInTheFormsPlatformsWrite() {
        #expect(AttendanceReport.minutes("185") == 185)
        #expect(AttendanceReport.minutes("3h 5m 29s") == 185)
        #expect(AttendanceReport.minutes("34m 42s") == 35)
        #expect(AttendanceReport.minutes("1h 20m") == 80)
        #expect(AttendanceReport.minutes("1:09:12") == 69)
        #expect(AttendanceReport.minutes("soon") == nil)
    }
}

@Suite struct LearnerBookingListTests {
    @Test func aLearnersListHoldsWhatIsComingAndWhatWasAttended() throws {
        let given = try Given().seeded().learners(1)
        _ = try given.bookings().book("s101", for: "L1")
        _ = try given.bookings().book("s102", for: "L1")
        _ = try given.bookings().book("s103", for: "L1")
        _ = try given.bookings().unbook("s103", for: "L1")
        let later = try given.at("2027-01-12 13:00")
        try Register(database: later.database, clock: later.clock, actor: .localOperator).mark("s101", learners: ["L1"], as: .attended)
        let list = try later.bookings().bookings(of: "L1", includeAll: false)
        #expect(list.map(\.booking.sessionID) == ["s101", "s102"])
        #expect(list.map(\.booking.status) == [.attended, .confirmed])
        #expect(try later.bookings().bookings(of: "L1", includeAll: true).map(\.booking.sessionID) == ["s101", "s102", "s103"])
    }
}
