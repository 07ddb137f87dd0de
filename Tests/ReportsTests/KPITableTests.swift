import Foundation
import Testing
@testable import Reports

@Suite struct KPITableTests {
    typealias Rating = KPITable.Rating

    @Test func greenAtOrAboveTheTarget() {
        #expect(Rating.of(met: 80, relevant: 100, target: 80) == .green)
        #expect(Rating.of(met: 100, relevant: 100, target: 100) == .green)
        #expect(Rating.of(met: 0, relevant: 5, target: 0) == .green)
    }

    @Test func amberUpToExactlyFifteenPointsBelow() {
        #expect(Rating.of(met: 79, relevant: 100, target: 80) == .amber)
        #expect(Rating.of(met: 65, relevant: 100, target: 80) == .amber)
        // 14 of 20 is 70%: exactly 15 below 85, however the division falls.
        #expect(Rating.of(met: 14, relevant: 20, target: 85) == .amber)
        #expect(Rating.of(met: 17, relevant: 20, target: 100) == .amber)
    }

    @Test func redMoreThanFifteenPointsBelow() {
        #expect(Rating.of(met: 64, relevant: 100, target: 80) == .red)
        #expect(Rating.of(met: 129, relevant: 200, target: 80) == .red) // 64.5%
        #expect(Rating.of(met: 2, relevant: 3, target: 85) == .red)     // 66.7%
    }

    /// Written by hand, not by `String(format:)` (a third of the KPI table's rendering); the
    /// same text `%g` gave.
    @Test func aPercentageReadsToItsNearestTenthWithoutTrailingZeros() {
        func text(_ met: Int, _ relevant: Int) -> String {
            KPITable.Row(agency: "A", agencyID: "a", kpi: "1", title: "T", target: 80, relevant: relevant, met: met,
                         percent: Percentage.of(met, relevant), rating: .of(met: met, relevant: relevant, target: 80)).percentText
        }
        #expect(text(2, 3) == "66.7%" && text(1, 3) == "33.3%" && text(1, 8) == "12.5%")
        #expect(text(3, 3) == "100%" && text(1, 2) == "50%" && text(0, 7) == "0%" && text(1, 1000) == "0.1%")
        #expect(text(0, 0) == "")
        for relevant in 1...200 {
            for met in 0...relevant {
                let percent = Percentage.of(met, relevant)!
                #expect(text(met, relevant) == String(format: "%g%%", percent), "\(met) of \(relevant)")
            }
        }
    }

    @Test func notApplicableWithoutRelevantStaff() {
        #expect(Rating.of(met: 0, relevant: 0, target: 80) == .notApplicable)
        #expect(Rating.notApplicable.rawValue == "n/a")
    }
}
