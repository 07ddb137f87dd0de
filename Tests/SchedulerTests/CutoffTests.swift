import Foundation
import MusterCore
import Testing
@testable import Scheduler

/// Decisions at the cut-off, at fixed clocks. s103 starts Tuesday 6 April 2027 09:30 with a
/// cut-off of 7 working days: Good Friday and Easter Monday do not count, so it falls on
/// Wednesday 24 March 09:30 (seven calendar days would be 30 March; seven working days
/// ignoring the holidays, 26 March).
@Suite struct CutoffTests {
    @Test func aSessionBelowItsMinimumIsCancelledExactlyAtItsCutOffAndNotAMinuteBefore() throws {
        let given = try Partnership.seeded().book("s103", 2)

        let early = try given.at("2027-03-24 09:29").run()
        #expect(early.of(.cancel).isEmpty)
        #expect(try given.status(of: "s103").status == .scheduled)

        let actions = try given.at("2027-03-24 09:30").run()
        #expect(actions.of(.cancel) == [SchedulerAction(
            kind: .cancel, sessionID: "s103", reason: "low-numbers", learners: ["L1", "L2"],
            detail: "2 confirmed of minimum 6 at the cut-off; 2 told, no other dates to offer")])
        let session = try given.status(of: "s103")
        #expect(session.status == .cancelled && session.cancelReason == .lowNumbers)
        let told = try given.notices(.sessionCancelled, session: "s103")
        #expect(told.compactMap(\.learnerID) == ["L1", "L2"])
        #expect(told.filter { $0.userID == "jsmith" }.count == 1)
        #expect(told.first { $0.userID == "jsmith" }?.body.contains("2 confirmed at the cut-off, below its minimum of 6") == true)
    }

    @Test func theCutOffCountsWorkingDaysSoAWeekendDoesNotShortenIt() throws {
        // Monday 15 February 10:00, five working days: Monday 8 February 10:00. Five calendar
        // days would be Wednesday 10 February.
        let given = try Partnership.seeded(now: "2027-01-20 10:00")
        var new = Schedule.NewSession(courseID: "hate-crime", date: LocalDate(year: 2027, month: 2, day: 15),
                                      time: LocalTimeOfDay(hour: 10, minute: 0))
        new.minAttendees = 3
        let id = try given.schedule.add(new).id
        try given.book(id, 2)

        #expect(try given.at("2027-02-08 09:59").run().of(.cancel).isEmpty)
        #expect(try given.at("2027-02-08 10:00").run().of(.cancel).map(\.sessionID) == [id])
    }

    @Test func aCancelledSessionOffersTheNextDatesOfTheCourseThatStillTakeBookings() throws {
        let given = try Partnership.seeded(now: "2026-12-01 10:00")
        let later = try given.schedule.add(.init(courseID: "advanced-child-protection", date: LocalDate(year: 2027, month: 5, day: 11),
                                                 time: LocalTimeOfDay(hour: 9, minute: 30))).id
        try given.book("s103", 1)
        #expect(try given.at("2027-03-24 09:30").run().of(.cancel).first?.detail.hasSuffix("offered \(later)") == true)
        let letter = try #require(try given.notices(.sessionCancelled, session: "s103").first { $0.learnerID == "L1" })
        #expect(letter.body.contains("too few people had booked"))
        #expect(letter.body.contains("\(later)  2027-05-11 09:30  20 places free"))
    }

    @Test func waitingLearnersAreToldTooWhenASessionIsCancelled() throws {
        let given = try Partnership.seeded()
        _ = try given.schedule.edit("s103", { var c = Schedule.Changes(); c.capacity = 6; c.minAttendees = 6; return c }())
        try given.book("s103", 8)
        _ = try given.bookings.unbook("s103", for: "L1")   // L7 is promoted; 6 confirmed, L8 waiting
        _ = try given.bookings.unbook("s103", for: "L2")   // L8 is promoted; 6 confirmed
        _ = try given.bookings.unbook("s103", for: "L3")   // 5 confirmed, nobody waiting
        _ = try given.bookings.book("s103", for: "L1")
        _ = try given.bookings.book("s103", for: "L2")     // full again: L2 waits
        _ = try given.bookings.unbook("s103", for: "L4")   // L2 promoted; 6 confirmed
        _ = try given.bookings.unbook("s103", for: "L5")   // 5 confirmed
        let cancelled = try given.at("2027-03-24 09:30").run().of(.cancel)
        #expect(cancelled.first?.learners.sorted() == ["L1", "L2", "L6", "L7", "L8"])
    }

    @Test func aSessionExactlyAtItsMinimumGoesAheadAndLaterCancellationsDoNotCancelIt() throws {
        let given = try Partnership.seeded().book("s103", 6)
        let atCutoff = try given.at("2027-03-24 09:30")

        let actions = try atCutoff.run().filter { $0.sessionID == "s103" }
        #expect(actions.map(\.kind) == [.goAhead])
        #expect(actions.first?.reason == "minimum-met" && actions.first?.learners.count == 6)
        #expect(try given.status(of: "s103").cutoffDecision == .goingAhead)
        let trainer = try #require(try given.notices(.goingAhead, session: "s103").first)
        #expect(trainer.userID == "jsmith" && trainer.body.contains("6 of 16 places are confirmed (minimum 6)"))

        let afterwards = try given.at("2027-03-25 12:00")
        _ = try afterwards.bookings.unbook("s103", for: "L1")
        _ = try afterwards.bookings.unbook("s103", for: "L2")
        #expect(try afterwards.run().of(.cancel).isEmpty)
        #expect(try given.status(of: "s103").status == .scheduled)
    }

    @Test func aSessionThatStartedBeforeAnyRunDecidedIsReportedAndNeverCancelled() throws {
        let given = try Partnership.seeded().book("s101", 2)
        let late = try given.at("2027-01-12 11:00")

        let actions = try late.run()
        #expect(actions.of(.report).map(\.sessionID) == ["s101"])
        #expect(actions.of(.report).first?.reason == "started-below-minimum")
        #expect(actions.of(.cancel).isEmpty)
        let session = try given.status(of: "s101")
        #expect(session.status == .scheduled && session.cutoffDecision == .startedBelowMinimum)
        #expect(try given.notices(.sessionCancelled).isEmpty)
        #expect(try late.run().isEmpty)
    }

    @Test func movingASessionToALaterDateAsksForANewDecision() throws {
        let given = try Partnership.seeded().book("s103", 6)
        _ = try given.at("2027-03-24 09:30").run()
        let moved = try given.at("2027-03-25 09:00")
        var changes = Schedule.Changes()
        changes.date = LocalDate(year: 2027, month: 6, day: 8)
        _ = try moved.schedule.edit("s103", changes)
        #expect(try given.status(of: "s103").cutoffDecision == nil)
        // 8 June 2027: seven working days before is Thu 27 May (no bank holiday between).
        #expect(try given.at("2027-05-27 09:30").run().filter { $0.sessionID == "s103" }.map(\.kind) == [.goAhead])
        let reminded = try given.at("2027-06-06 09:30").run().of(.reminder)
        #expect(reminded.first?.learners.count == 6)
    }
}
