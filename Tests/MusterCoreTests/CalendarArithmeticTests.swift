import Testing
@testable import MusterCore

@Suite struct CalendarArithmeticTests {
    func d(_ text: String) throws -> LocalDate { try LocalDate(stored: text) }

    @Test func addingMonthsKeepsTheDayOrTakesTheMonthsLastDay() throws {
        #expect(try d("2027-01-31").adding(months: 1) == d("2027-02-28"))
        #expect(try d("2028-01-31").adding(months: 1) == d("2028-02-29"))
        #expect(try d("2028-02-29").adding(months: 12) == d("2029-02-28"))
        #expect(try d("2028-02-29").adding(months: 48) == d("2032-02-29"))
        #expect(try d("2026-11-30").adding(months: 3) == d("2027-02-28"))
        #expect(try d("2027-03-31").adding(months: -1) == d("2027-02-28"))
        #expect(try d("2027-01-15").adding(months: -13) == d("2025-12-15"))
    }

    @Test func daysCountAcrossMonthsYearsAndLeapDays() throws {
        #expect(try d("2028-02-28").adding(days: 1) == d("2028-02-29"))
        #expect(try d("2027-02-28").adding(days: 1) == d("2027-03-01"))
        #expect(try d("2026-12-31").adding(days: 1) == d("2027-01-01"))
        #expect(try d("2026-12-29").days(until: d("2027-02-28")) == 61)
        #expect(try d("2028-01-01").days(until: d("2029-01-01")) == 366)
        let start = try d("1999-12-25")
        for offset in stride(from: -800, through: 20_000, by: 37) {
            let date = start.adding(days: offset)
            #expect(LocalDate(dayNumber: date.dayNumber) == date)
            #expect(start.days(until: date) == offset)
        }
    }

    @Test func earliestReachingIsTheFirstDayWhoseMonthsLaterArriveInTime() throws {
        // 29, 30 and 31 January all reach 28 February one month on; 28 January too.
        #expect(try LocalDate.earliest(reaching: d("2027-02-28"), after: 1) == d("2027-01-28"))
        // Nothing in February reaches 31 March one month on.
        #expect(try LocalDate.earliest(reaching: d("2027-03-31"), after: 1) == d("2027-03-01"))
        for offset in 0..<800 {
            let target = try d("2026-01-01").adding(days: offset)
            for months in [1, 3, 6, 12, 36] {
                let earliest = LocalDate.earliest(reaching: target, after: months)
                #expect(earliest.adding(months: months) >= target)
                #expect(earliest.adding(days: -1).adding(months: months) < target)
            }
        }
    }

    @Test func aPeriodsMonthsAreEveryMonthItTouchesAcrossTheYearsEnd() throws {
        #expect(try LocalDate.firstDaysOfMonths(from: d("2026-11-30"), to: d("2027-02-01"))
                == [d("2026-11-01"), d("2026-12-01"), d("2027-01-01"), d("2027-02-01")])
        #expect(try LocalDate.firstDaysOfMonths(from: d("2027-03-31"), to: d("2027-03-31")) == [d("2027-03-01")])
        #expect(try LocalDate.firstDaysOfMonths(from: d("2027-04-01"), to: d("2027-03-31")).isEmpty)
        #expect(try LocalDate.firstDaysOfMonths(from: d("2027-03-15"), to: d("2027-03-10")).isEmpty)
    }
}
