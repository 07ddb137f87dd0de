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

    @Test func notApplicableWithoutRelevantStaff() {
        #expect(Rating.of(met: 0, relevant: 0, target: 80) == .notApplicable)
        #expect(Rating.notApplicable.rawValue == "n/a")
    }
}
