import Foundation
import Testing
@testable import MusterCore

@Suite struct LocalTimeTests {
    let local = LocalTime(zone: MusterClock.defaultZone)

    /// Zones whose clocks change by an hour, by half an hour (Lord Howe), at odd offsets
    /// (Kathmandu, Chatham, St John's), never (UTC), and fourteen hours ahead (Kiritimati).
    static let zones = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                        "Pacific/Chatham", "America/St_Johns", "UTC", "Pacific/Kiritimati"]

    /// The local time of the zone named, and a calendar of its own to check it against.
    static func zone(_ name: String) throws -> (local: LocalTime, calendar: Calendar) {
        let local = LocalTime(zone: try #require(TimeZone(identifier: name)))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = local.zone
        return (local, calendar)
    }

    @Test func aMorningSessionAfterTheClocksGoForwardIsStillAtHalfPastNineLocal() throws {
        let winter = local.instant(on: try local.parseDate("2027-03-23"), at: try local.parseTime("09:30"))
        let summer = local.instant(on: try local.parseDate("2027-03-30"), at: try local.parseTime("09:30"))
        // 09:30 GMT is 09:30 UTC; 09:30 BST is 08:30 UTC.
        #expect(local.iso8601(winter) == "2027-03-23T09:30:00+00:00")
        #expect(local.iso8601(summer) == "2027-03-30T09:30:00+01:00")
        #expect(summer.timeIntervalSince(winter) == 7 * 24 * 3600 - 3600)
        #expect(local.format(summer) == "2027-03-30 09:30")
    }

    @Test func addingADayAcrossTheClockChangeKeepsTheWallClockTime() throws {
        let before = try local.parseDateTime("2027-03-27 09:30")
        #expect(local.format(local.adding(days: 1, to: before)) == "2027-03-28 09:30")
    }

    /// Dates are written byte by byte for listings, as YYYY-MM-DD with every part padded.
    @Test func datesAreWrittenWithEveryPartPadded() {
        #expect(LocalDate(year: 2026, month: 12, day: 5).description == "2026-12-05")
        #expect(LocalDate(year: 7, month: 1, day: 31).description == "0007-01-31")
        #expect(LocalDate(year: 987, month: 10, day: 9).description == "0987-10-09")
        #expect(LocalDate(year: 9999, month: 12, day: 31).description == "9999-12-31")
        #expect(LocalDate(year: 12026, month: 3, day: 4).description == "12026-03-04")
        #expect(LocalDate(year: -1, month: 3, day: 4).description == "-1-03-04")
    }

    /// Stored dates are read from their bytes; every day from 1600 to 2100 reads as the
    /// parser reads it, and what is not a stored date is still the parser's to refuse.
    @Test func storedDatesReadAsTheParserReadsThem() throws {
        let parser = LocalTime(zone: .gmt)
        var day = LocalDate(year: 1600, month: 1, day: 1)
        while day.year <= 2100 {
            #expect(try LocalDate(stored: day.description) == day)
            day = day.adding(days: 1)
        }
        for text in ["2027-02-29", "2027-13-01", "2027-00-10", "2027-04-31", "27-01-01", "2027-1-01", "2027/01/01", "2027-01-011",
                     "２０２７-01-01", "2027-01-0x", "1582-10-10", "2028-02-29", "1599-12-31"] {
            let parsed = Result { try parser.parseDate(text) }, stored = Result { try LocalDate(stored: text) }
            #expect(String(describing: stored) == String(describing: parsed), "\(text)")
        }
    }

    @Test func malformedDatesSayTheExpectedForm() {
        #expect(throws: TimeInputError.malformedDate("2/3/27")) { try local.parseDate("2/3/27") }
        #expect(throws: TimeInputError.noSuchDate("2027-02-30")) { try local.parseDate("2027-02-30") }
        #expect(throws: TimeInputError.malformedTime("9.30")) { try local.parseTime("9.30") }
        #expect(throws: TimeInputError.malformedTime("24:00")) { try local.parseTime("24:00") }
        #expect(TimeInputError.malformedDate("x").description.contains("YYYY-MM-DD"))
        #expect(TimeInputError.malformedTime("x").description.contains("HH:MM"))
    }

    @Test func signsAndSpacesAreNotDigits() {
        #expect(throws: TimeInputError.malformedDate("2027-+3-+1")) { try local.parseDate("2027-+3-+1") }
        #expect(throws: TimeInputError.malformedTime("+9:+5")) { try local.parseTime("+9:+5") }
        #expect(throws: TimeInputError.malformedTime(" 9:30")) { try local.parseTime(" 9:30") }
    }

    @Test func aTimeTheClocksSkipIsRefused() throws {
        #expect(throws: TimeInputError.skippedByClockChange("2027-03-28 01:30")) {
            try local.existingInstant(on: try local.parseDate("2027-03-28"), at: try local.parseTime("01:30"))
        }
        // The hour that happens twice in October is a real time, taken as its first occurrence.
        #expect(throws: Never.self) {
            try local.existingInstant(on: try local.parseDate("2027-10-31"), at: try local.parseTime("01:30"))
        }
    }

    @Test func theClockReadsALocalTimeGivenOnTheCommandLine() throws {
        let clock = try MusterClock.fixed(local: "2027-07-01 09:00")
        #expect(clock.local.iso8601(clock.now) == "2027-07-01T09:00:00+01:00")
        #expect(throws: TimeInputError.self) { try MusterClock.fixed(local: "tomorrow") }
    }

    @Test(arguments: [("3h", 180), ("90m", 90), ("1h30m", 90), ("2H", 120)])
    func durationsAreReadAsPeopleWriteThem(text: String, minutes: Int) throws {
        #expect(try Minutes(parsing: text).value == minutes)
    }

    @Test(arguments: ["", "3", "h", "30m1h", "1h1h", "0m", "-3h", "1.5h", "3 h"])
    func malformedDurationsAreRefused(text: String) {
        #expect(throws: TimeInputError.malformedDuration(text)) { try Minutes(parsing: text) }
    }

    @Test func durationsPrintInTheirShortestForm() {
        #expect(Minutes(180).description == "3h")
        #expect(Minutes(90).description == "1h30m")
        #expect(Minutes(45).description == "45m")
    }

    /// Local dates and times are worked out from the zone's offset, not asked of the
    /// calendar; they must be the calendar's answers in every zone, on both sides of every
    /// clock change, at whole and fractional seconds, before 1970 and far ahead.
    @Test(arguments: zones)
    func theWallClockIsTheCalendarsInEveryZone(zone name: String) throws {
        let (local, calendar) = try Self.zone(name)
        var instants: [Date] = []
        // Every 17 minutes 31.25 seconds through two years of clock changes, and a day either side of 1970 and of 2099.
        var t = try #require(local.calendar.date(from: DateComponents(year: 2026, month: 1, day: 1))).timeIntervalSince1970
        while t < 4_102_444_800 && instants.count < 60_000 { instants.append(Date(timeIntervalSince1970: t)); t += 1051.25 }
        for start: Double in [-90_000, 4_070_908_800 - 90_000] {
            instants += stride(from: start, to: start + 180_000, by: 599.5).map(Date.init(timeIntervalSince1970:))
        }
        var mismatches: [String] = []
        for instant in instants {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            let expected = (LocalDate(year: c.year!, month: c.month!, day: c.day!), LocalTimeOfDay(hour: c.hour!, minute: c.minute!))
            if local.date(of: instant) != expected.0 || local.timeOfDay(of: instant) != expected.1
                || !local.iso8601(instant).hasPrefix("\(expected.0)T\(expected.1):" + Digits.padded(c.second!, 2)) {
                mismatches.append("\(instant.timeIntervalSince1970): \(local.format(instant)) against \(expected.0) \(expected.1)")
            }
        }
        #expect(mismatches.prefix(5) == [])
        #expect(instants.count > 55_000)
    }

    /// Wall-clock times become instants by the zone's offset away from clock changes; every
    /// one must be the calendar's instant, those the clocks skip or repeat included.
    @Test(arguments: zones)
    func instantsOfWallClockTimesAreTheCalendarsInEveryZone(zone name: String) throws {
        let (local, calendar) = try Self.zone(name)
        var times: [(LocalDate, LocalTimeOfDay)] = []
        // Every quarter hour of two years of clock changes, and three days at each end of the arithmetic's range.
        for (first, days) in [(LocalDate(year: 2026, month: 1, day: 1), 730), (LocalDate(year: 1899, month: 12, day: 30), 6),
                              (LocalDate(year: 2099, month: 12, day: 29), 6)] {
            for offset in 0..<days {
                let date = first.adding(days: offset)
                for minute in stride(from: 0, to: 1440, by: 15) { times.append((date, LocalTimeOfDay(hour: minute / 60, minute: minute % 60))) }
            }
        }
        var mismatches: [String] = []
        for (date, time) in times {
            let expected = try #require(calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day,
                                                                           hour: time.hour, minute: time.minute)))
            if local.instant(on: date, at: time) != expected { mismatches.append("\(date) \(time)") }
        }
        #expect(mismatches.prefix(5) == [])
        #expect(times.count > 70_000)
    }

    /// Dates the arithmetic does not cover are the calendar's (it turns Julian before 1582).
    @Test func datesBefore1900AreTheCalendars() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = local.zone
        for instant in [Date(timeIntervalSince1970: -12_219_292_800 - 86_400 * 3), Date(timeIntervalSince1970: -2_208_988_801)] {
            let c = calendar.dateComponents([.year, .month, .day], from: instant)
            #expect(local.date(of: instant) == LocalDate(year: c.year!, month: c.month!, day: c.day!))
        }
    }

    /// A typed or stored date is checked against its month's length, not the calendar; the
    /// answer must be the calendar's for every day and every day that is not.
    @Test func aDateIsRealExactlyWhenTheCalendarHasIt() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = local.zone
        var disagreements: [String] = []
        for year in [1600, 1700, 1899, 1900, 1999, 2000, 2023, 2024, 2027, 2100, 2400] {
            for month in 1...12 {
                for day in 1...31 {
                    let text = Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2)
                    let instant = calendar.date(from: DateComponents(year: year, month: month, day: day))
                    let onTheCalendar = instant.map { calendar.component(.day, from: $0) == day } ?? false
                    if ((try? local.parseDate(text)) != nil) != onTheCalendar { disagreements.append(text) }
                }
            }
        }
        #expect(disagreements == [])
        #expect(throws: TimeInputError.noSuchDate("1900-02-29")) { try local.parseDate("1900-02-29") }
        #expect(try local.parseDate("2000-02-29") == LocalDate(year: 2000, month: 2, day: 29))
    }
}
