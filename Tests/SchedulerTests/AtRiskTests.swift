import Foundation
import MusterCore
import Testing
@testable import Scheduler

@Suite struct AtRiskTests {
    @Test func sessionsBelowTheirMinimumWithTheCutOffAheadAreListedSoonestCutOffFirst() throws {
        let given = try Partnership.seeded(now: "2027-01-04 09:00").book("s101", 2).book("s103", 6, from: 3)
        let risks = try given.at("2027-01-04 09:00").scheduler.atRisk()
        // s101 (cut-off Tue 5 Jan) and s102 (nobody booked) are short; s103 has its six.
        #expect(risks.map(\.summary.session.id) == ["s101", "s102"])
        let s101 = try #require(risks.first)
        #expect(s101.summary.confirmed == 2 && s101.short == 4 && s101.daysLeft == 1)
        #expect(given.clock.local.format(s101.cutoffAt) == "2027-01-05 09:30")
    }

    @Test func aSessionPastItsCutOffIsNoLongerAtRiskButTheSchedulersToDecide() throws {
        let given = try Partnership.seeded().book("s101", 2)
        #expect(try given.at("2027-01-05 09:30").scheduler.atRisk().map(\.summary.session.id) == ["s102", "s103"])
    }
}
