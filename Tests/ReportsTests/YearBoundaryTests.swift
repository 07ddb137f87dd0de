import Foundation
import Testing
@testable import MusterCore
@testable import Reports

/// Most partnerships report on the financial year, April to March, whose ends fall in
/// British Summer Time: a session belongs to the local day it starts on, not the UTC one.
@Suite struct YearBoundaryTests {
    @Test func aSessionLateOnTheLastNightOfMarchIsInTheYearEndingThenAndOneJustAfterMidnightIsNot() throws {
        let database = try AppDatabase.inMemory()
        let clock = try MusterClock.fixed(local: "2027-01-04 09:00")
        try Catalogue(database: database, clock: clock, actor: .localOperator).add(
            Course(id: "night-safety", title: "Night-time Economy Safeguarding", area: .community, format: .faceToFace,
                   durationMinutes: 60, cpdHours: 1, capacity: 10, minAttendees: 0))
        let schedule = Schedule(database: database, clock: clock, actor: .localOperator)
        let local = clock.local
        var ids: [String] = []
        for (day, time) in [("2027-03-31", "23:30"), ("2027-04-01", "00:30")] {   // 22:30Z and 23:30Z on 31 March
            var new = Schedule.NewSession(courseID: "night-safety", date: try local.parseDate(day), time: try local.parseTime(time))
            new.venue = "Town Hall"
            ids.append(try schedule.add(new).id)
        }
        let after = try MusterClock.fixed(local: "2027-04-02 09:00")
        for id in ids { _ = try Schedule(database: database, clock: after, actor: .localOperator).complete(id) }
        func report(_ from: String, _ to: String) throws -> YearReport {
            try YearReport(from: try local.parseDate(from), to: try local.parseDate(to), database: database, clock: after, actor: .localOperator)
        }
        let ending = try report("2026-04-01", "2027-03-31"), starting = try report("2027-04-01", "2028-03-31")
        #expect(ending.totals.sessionsDelivered == 1 && starting.totals.sessionsDelivered == 1)
        #expect(ending.months.last?.key == "2027-03" && ending.months.last?.delivered == 1)
        #expect(starting.months.first?.key == "2027-04" && starting.months.first?.delivered == 1)
    }
}
