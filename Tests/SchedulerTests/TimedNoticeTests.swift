import Foundation
import MusterCore
import Testing
@testable import Scheduler

/// Reminders, feedback requests, register reminders and follow-ups, each once, at the
/// policy's defaults: reminders 2 days before, requests 1 hour after the end, follow-ups
/// 90 days after, feedback open for 30 days. s101 runs Tue 12 Jan 2027 09:30–12:30.
@Suite struct TimedNoticeTests {
    @Test func confirmedLearnersAreRemindedOnceAtTheLeadTime() throws {
        let given = try Partnership.seeded().book("s101", 6)
        #expect(try given.at("2027-01-10 09:29").run().of(.reminder).isEmpty)

        let reminders = try given.at("2027-01-10 09:30").run().of(.reminder)
        #expect(reminders.map(\.learners) == [["L1", "L2", "L3", "L4", "L5", "L6"]])
        #expect(try given.notices(.reminder).count == 6)
        #expect(try given.notices(.reminder).first?.body.contains("Civic Centre, Committee Room 2") == true)
        #expect(try given.at("2027-01-11 09:30").run().of(.reminder).isEmpty)
        #expect(try given.notices(.reminder).count == 6)
    }

    @Test func someoneWhoBookedAfterTheReminderTimeIsNotRemindedAgain() throws {
        let given = try Partnership.seeded().book("s101", 6)
        let late = try given.at("2027-01-11 10:00")
        _ = try late.bookings.book("s101", for: "L7", force: true)
        #expect(try late.run().of(.reminder).first?.learners == ["L1", "L2", "L3", "L4", "L5", "L6"])
    }

    @Test func attendeesAreAskedForFeedbackOnceAndTheTrainerIsRemindedOfAnOpenRegister() throws {
        let given = try Partnership.seeded().book("s101", 6)
        let during = try given.at("2027-01-12 12:00")
        try during.register.mark("s101", learners: ["L1"], as: .attended)
        try during.register.mark("s101", learners: ["L2"], as: .partial, minutes: 120)
        try during.register.mark("s101", learners: ["L3"], as: .absent)

        let tooSoon = try given.at("2027-01-12 13:29").run()
        #expect(tooSoon.of(.feedbackRequest).isEmpty && tooSoon.of(.registerReminder).isEmpty)

        let after = try given.at("2027-01-12 13:30").run()
        #expect(after.of(.feedbackRequest).map(\.learners) == [["L1", "L2"]])
        #expect(after.of(.registerReminder).map(\.learners) == [["L4", "L5", "L6"]])
        let trainer = try #require(try given.notices(.registerReminder).first)
        #expect(trainer.userID == "jsmith" && trainer.body.contains("3 learners not yet marked"))
        #expect(try given.notices(.feedbackRequest).first?.body.contains("feedback s101") == true)

        #expect(try given.at("2027-01-13 09:00").run().isEmpty)
    }

    @Test func attendeesGetTheImpactFollowUpAtTheDelayAfterTheSession() throws {
        let given = try Partnership.seeded().book("s101", 6)
        let during = try given.at("2027-01-12 12:00")
        try during.register.mark("s101", learners: ["L1", "L2"], as: .attended)
        _ = try during.schedule.complete("s101", absentRest: true)
        _ = try given.at("2027-01-12 14:00").run()

        #expect(try given.at("2027-04-12 12:29").run().of(.followUp).isEmpty)
        let followUps = try given.at("2027-04-12 12:30").run().of(.followUp)
        #expect(followUps.map(\.learners) == [["L1", "L2"]])
        #expect(try given.notices(.followUp).first?.body.contains("feedback s101 --follow-up") == true)
        #expect(try given.at("2027-04-13 12:30").run().isEmpty)
    }

    @Test func requestsThatWouldArriveAfterFeedbackClosedAreNotSent() throws {
        let given = try Partnership.seeded().book("s101", 6)
        let during = try given.at("2027-01-12 12:00")
        try during.register.mark("s101", learners: ["L1"], as: .attended)
        _ = try during.schedule.complete("s101", absentRest: true)
        #expect(try given.at("2027-02-11 12:30").run().of(.feedbackRequest).isEmpty)
    }

    @Test func aMissedWeekOfRunsIsCaughtUpOnceByTheNextRun() throws {
        let given = try Partnership.seeded().book("s101", 6)
        var early = Schedule.NewSession(courseID: "hate-crime", date: LocalDate(year: 2027, month: 1, day: 6),
                                        time: LocalTimeOfDay(hour: 10, minute: 0))
        early.minAttendees = 1
        let wednesday = try given.schedule.add(early).id
        _ = try given.bookings.book(wednesday, for: "L7")
        // The last run before the gap: the Wednesday session goes ahead.
        #expect(try given.at("2027-01-04 09:00").run().map(\.kind) == [.goAhead])

        let onTheDay = try given.at("2027-01-06 13:00")
        try onTheDay.register.mark(wednesday, learners: ["L7"], as: .attended)
        _ = try onTheDay.schedule.complete(wednesday)

        // No run for a week: s101's cut-off (Tue 5 Jan 09:30), its reminders (Sun 10 Jan)
        // and the Wednesday feedback request were all missed.
        let catchUp = try given.at("2027-01-11 10:00")
        let actions = try catchUp.run()
        #expect(actions.map { "\($0.kind.rawValue) \($0.sessionID)" }
                == ["go-ahead s101", "reminder s101", "feedback-request \(wednesday)"])
        #expect(try catchUp.run().isEmpty)
        #expect(try given.at("2027-01-11 11:00").run().isEmpty)
        #expect(try given.notices(.reminder).count == 6)
        #expect(try given.notices(.feedbackRequest).map(\.learnerID) == ["L7"])
    }
}
