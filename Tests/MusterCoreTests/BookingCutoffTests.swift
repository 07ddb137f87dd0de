import Foundation
import Testing
@testable import MusterCore

/// Booking closes a number of working days before a session starts; listings skip the
/// counting for sessions far enough ahead, on a bound these tests hold it to.
@Suite struct BookingCutoffTests {
    /// Every day from a year before the first bank holiday on file to a year after the last,
    /// and every cut-off the policy allows: the working days before it span fewer calendar
    /// days than the bound.
    @Test func workingDaysBeforeAnyDaySpanFewerDaysThanTheBound() throws {
        let holidays = BankHolidays.englandAndWales
        let first = LocalDate(year: try #require(holidays.min()).year - 1, month: 1, day: 1)
        let last = LocalDate(year: try #require(holidays.max()).year + 1, month: 12, day: 31)
        var workingDays: [Int] = [], day = first, index = 0
        var spans: [Int] = Array(repeating: 0, count: 61)   // the longest span seen for each count
        while day <= last {
            for count in 1...60 where workingDays.count >= count {
                spans[count] = max(spans[count], index - workingDays[workingDays.count - count])
            }
            if day.isWorkingDay { workingDays.append(index) }
            day = day.adding(days: 1)
            index += 1
        }
        for count in 0...60 {
            #expect(spans[count] < SchedulingPolicy.spanBound(workingDays: count), "\(count) working days spanned \(spans[count]) days")
        }
        #expect(spans[5] >= 7 && spans[60] > 84, "the spans were counted")
    }

    /// Whether a session is open is what its cut-off says, near and far, across a change of
    /// the clocks and Christmas, for the partnership's cut-off and a session's own.
    @Test func aSessionIsOpenExactlyUntilItsCutOff() throws {
        let local = LocalTime(zone: MusterClock.defaultZone)
        var policy = SchedulingPolicy()
        for now in ["2027-03-20 10:00", "2027-12-20 16:45", "2028-10-27 09:30"] {
            let instant = try local.parseDateTime(now)
            for days in [nil, 0, 1, 7, 23, 60] as [Int?] {
                for partnership in [0, 5, 60] {
                    try policy.set(.cutoffDays, to: partnership)
                    for offset in 0...400 {
                        for time in ["00:30", "09:30", "23:30"] {
                            let starts = try local.instant(on: local.date(of: instant).adding(days: offset), at: local.parseTime(time))
                            let session = Session(id: "s1", courseID: "c", startsAt: starts, endsAt: starts, capacity: 1, minAttendees: 1,
                                                  cutoffDays: days, status: .scheduled, createdAt: instant)
                            #expect(policy.isOpen(session, at: instant, in: local) == (instant < policy.cutoff(of: session, in: local)),
                                    "\(now), session \(local.format(starts)), cut-off \(String(describing: days)) / \(partnership)")
                        }
                    }
                }
            }
        }
    }
}
