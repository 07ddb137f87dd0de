import Foundation
import MusterCore
import Testing
@testable import Scheduler

@Suite struct PolicyTests {
    @Test func everyTimingHasASensibleDefault() throws {
        let policy = try Partnership.seeded().schedule.policy()
        #expect(policy.minAttendees == 6 && policy.cutoffWorkingDays == 5 && policy.reminderDays == 2)
        #expect(policy.feedbackDelayHours == 1 && policy.followUpDays == 90 && policy.evaluationDays == 30)
    }

    @Test func aValueOutsideItsRangeIsRefusedSayingWhatIsExpected() throws {
        var policy = SchedulingPolicy()
        #expect(throws: PolicyError.outOfRange(option: "--cutoff-days", value: 61, range: 0...60)) {
            try policy.set(.cutoffDays, to: 61)
        }
        #expect(throws: PolicyError.outOfRange(option: "--evaluation-days", value: 0, range: 1...365)) {
            try policy.set(.evaluationDays, to: 0)
        }
        #expect(policy == SchedulingPolicy())
        #expect(PolicyError.outOfRange(option: "--cutoff-days", value: 61, range: 0...60).description
                == "--cutoff-days 61 is out of range: expected a whole number from 0 to 60")
    }

    @Test func aLongerCutOffClosesBookingAndDecidesEarlier() throws {
        let given = try Partnership.seeded().book("s101", 2)
        try given.policy(.cutoffDays, 10)
        // Tue 12 Jan 09:30, ten working days before: Thu 24 Dec, as 1 Jan, 28 Dec (Boxing Day's
        // substitute) and Christmas Day do not count.
        #expect(try given.at("2026-12-24 09:29").run().of(.cancel).isEmpty)
        #expect(try given.at("2026-12-24 09:30").run().of(.cancel).map(\.sessionID) == ["s101"])
    }

    @Test func turningRemindersOffSendsNone() throws {
        let given = try Partnership.seeded().book("s101", 6)
        try given.policy(.reminderDays, 0)
        #expect(try given.at("2027-01-11 09:30").run().of(.reminder).isEmpty)
    }

    @Test func aSessionsOwnMinimumOverridesTheCourses() throws {
        let given = try Partnership.seeded().book("s101", 3)
        var changes = Schedule.Changes()
        changes.minAttendees = 3
        _ = try given.schedule.edit("s101", changes)
        #expect(try given.at("2027-01-05 09:30").run().of(.goAhead).map(\.sessionID) == ["s101"])
    }

    @Test func thePartnershipMinimumAppliesToACourseFileThatSetsNone() throws {
        let given = try Partnership.seeded()
        try given.policy(.minAttendees, 4)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-courses-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "title: Prevent\narea: all-age\nformat: webinar\nduration: 1h\ncpd_hours: 1\n"
            .write(to: folder.appendingPathComponent("prevent.yaml"), atomically: true, encoding: .utf8)
        let catalogue = Catalogue(database: given.database, clock: given.clock, actor: .localOperator)
        _ = try catalogue.importCourses(from: folder)
        #expect(try catalogue.course("prevent").minAttendees == 4)
    }
}
