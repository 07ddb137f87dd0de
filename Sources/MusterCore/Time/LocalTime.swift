import Foundation

/// Reads and writes the partnership's local dates and times. People think in wall-clock
/// time: a 09:30 session after the clocks change is still 09:30, so conversion always goes
/// through the zone's calendar, never a fixed offset.
public struct LocalTime: Sendable {
    public let zone: TimeZone
    /// Made once: every date read or written goes through it, and a generator writing a
    /// million bookings would otherwise spend most of its time building calendars.
    let calendar: Calendar

    public init(zone: TimeZone) {
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.locale = Locale(identifier: "en_GB")
        self.calendar = calendar
    }

    /// `YYYY-MM-DD`, a real calendar date.
    public func parseDate(_ text: String) throws -> LocalDate {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy(Self.isDigits),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw TimeInputError.malformedDate(text) }
        let date = LocalDate(year: year, month: month, day: day)
        guard (1...12).contains(month), (1...31).contains(day) else { throw TimeInputError.noSuchDate(text) }
        // The month's length decides, as the calendar would: every stored date is read this
        // way, and asking the calendar cost a CPD listing a quarter of its time. Before 1600
        // the calendar is Julian, so it is asked.
        if year >= 1600 {
            guard day <= LocalDate.daysIn(month: month, of: year) else { throw TimeInputError.noSuchDate(text) }
        } else {
            guard let instant = calendar.date(from: date.components), calendar.component(.day, from: instant) == day
            else { throw TimeInputError.noSuchDate(text) }
        }
        return date
    }

    /// `HH:MM`, 24-hour.
    public func parseTime(_ text: String) throws -> LocalTimeOfDay {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy(Self.isDigits),
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute)
        else { throw TimeInputError.malformedTime(text) }
        return LocalTimeOfDay(hour: hour, minute: minute)
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    /// The instant of a wall-clock time people typed: one the clocks skip (01:30 on the
    /// last Sunday of March) is refused rather than quietly moved.
    public func existingInstant(on date: LocalDate, at time: LocalTimeOfDay) throws -> Date {
        let instant = instant(on: date, at: time)
        guard self.date(of: instant) == date, timeOfDay(of: instant) == time else {
            throw TimeInputError.skippedByClockChange("\(date) \(time)")
        }
        return instant
    }

    /// `YYYY-MM-DD HH:MM` (also accepts `T` between the two).
    public func parseDateTime(_ text: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pieces = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard pieces.count == 2 else { throw TimeInputError.malformedDateTime(text) }
        let date: LocalDate, time: LocalTimeOfDay
        do {
            date = try parseDate(String(pieces[0]))
            time = try parseTime(String(pieces[1]))
        } catch {
            throw TimeInputError.malformedDateTime(text)
        }
        return try existingInstant(on: date, at: time)
    }

    /// The instant of a wall-clock time on a date in this zone. Away from a clock change
    /// (the zone's offset the same two days either side) it is the wall-clock time less the
    /// offset, which costs a tenth of asking the calendar (listings work out a cut-off per
    /// session); near one, and outside 1900–2100, the calendar answers, since a time the
    /// clocks skip or repeat is its to place.
    public func instant(on date: LocalDate, at time: LocalTimeOfDay) -> Date {
        let wall = Double(date.dayNumber * 86_400 + time.hour * 3600 + time.minute * 60), twoDays = 172_800.0
        if Self.arithmetic.contains(wall - twoDays), Self.arithmetic.contains(wall + twoDays) {
            let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - twoDays))
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + twoDays)) == before {
                return Date(timeIntervalSince1970: wall - Double(before))
            }
        }
        var components = date.components
        components.hour = time.hour
        components.minute = time.minute
        return calendar.date(from: components)!
    }

    /// The first instant of a local day, for `--from` filters.
    public func startOfDay(_ date: LocalDate) -> Date {
        instant(on: date, at: LocalTimeOfDay(hour: 0, minute: 0))
    }

    /// The first instant after a local day, for inclusive `--to` filters.
    public func endOfDay(_ date: LocalDate) -> Date {
        calendar.date(byAdding: .day, value: 1, to: startOfDay(date))!
    }

    public func date(of instant: Date) -> LocalDate { wallClock(instant).date }

    public func timeOfDay(of instant: Date) -> LocalTimeOfDay { wallClock(instant).time }

    /// The local date, time and second of an instant: the zone's offset at the instant, then
    /// day arithmetic, which is what the calendar works out at ten times the cost (listings
    /// ask it of every row). Outside 1900–2100 the calendar answers.
    func wallClock(_ instant: Date) -> (date: LocalDate, time: LocalTimeOfDay, second: Int) {
        let seconds = instant.timeIntervalSince1970.rounded(.down)
        guard Self.arithmetic.contains(seconds) else {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            return (LocalDate(year: c.year!, month: c.month!, day: c.day!), LocalTimeOfDay(hour: c.hour!, minute: c.minute!), c.second!)
        }
        let local = Int(seconds) + zone.secondsFromGMT(for: instant)
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let second = local - day * 86_400
        return (LocalDate(dayNumber: day), LocalTimeOfDay(hour: second / 3600, minute: second % 3600 / 60), second % 60)
    }

    /// Where the zone's offset and day arithmetic answer instead of the calendar, in seconds
    /// since 1970: 1900 to 2100, inside which the calendar is Gregorian and the zone's rules known.
    static let arithmetic = -2_208_988_800.0 ..< 4_102_444_800.0

    /// `2027-03-02 09:30`, as people read it.
    public func format(_ instant: Date) -> String {
        "\(date(of: instant)) \(timeOfDay(of: instant))"
    }

    /// `2027-03-02T09:30:00+00:00`: ISO 8601 with the local offset, for JSON and exports.
    public func iso8601(_ instant: Date) -> String {
        let (date, time, second) = wallClock(instant)
        let offset = zone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return date.description + "T" + time.description + ":" + Digits.padded(second, 2)
            + sign + Digits.padded(hours, 2) + ":" + Digits.padded(minutes, 2)
    }

    /// Adds whole days in local time (a day across a clock change is 23 or 25 hours).
    public func adding(days: Int, to instant: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: instant)!
    }
}

public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    var components: DateComponents { DateComponents(year: year, month: month, day: day) }

    /// Written byte by byte: listings write a date on every row.
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { bytes in
            let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
            bytes[0] = zero + UInt8(year / 1000); bytes[1] = zero + UInt8(year / 100 % 10)
            bytes[2] = zero + UInt8(year / 10 % 10); bytes[3] = zero + UInt8(year % 10)
            bytes[4] = dash
            bytes[5] = zero + UInt8(month / 10); bytes[6] = zero + UInt8(month % 10)
            bytes[7] = dash
            bytes[8] = zero + UInt8(day / 10); bytes[9] = zero + UInt8(day % 10)
            return 10
        }
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

extension LocalDate {
    /// A date as the database holds it; the schema's checks mean it is always well formed,
    /// so its ten bytes are read as they stand, and anything else is the parser's to refuse.
    init(stored text: String) throws {
        if let date = Self.tenBytes(text) { self = date } else { self = try Self.storedDates.parseDate(text) }
    }

    /// `YYYY-MM-DD` from 1600 on, a day the month has; nil for anything else.
    private static func tenBytes(_ text: String) -> LocalDate? {
        var year = 0, month = 0, day = 0, count = 0
        for byte in text.utf8 {
            count += 1
            switch count {
            case 5, 8:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 1...10:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if count < 5 { year = year * 10 + digit } else if count < 8 { month = month * 10 + digit } else { day = day * 10 + digit }
            default:
                return nil
            }
        }
        guard count == 10, year >= 1600, (1...12).contains(month), day >= 1, day <= daysIn(month: month, of: year) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// Made once: a zone and calendar built for each stored date read cost more than reading it.
    private static let storedDates = LocalTime(zone: .gmt)
}

public struct LocalTimeOfDay: Hashable, Sendable, CustomStringConvertible {
    public let hour: Int, minute: Int

    public init(hour: Int, minute: Int) { self.hour = hour; self.minute = minute }

    public var description: String { Digits.padded(hour, 2) + ":" + Digits.padded(minute, 2) }
}

public enum TimeInputError: Error, Equatable, CustomStringConvertible {
    case malformedDate(String)
    case noSuchDate(String)
    case malformedTime(String)
    case malformedDateTime(String)
    case malformedDuration(String)
    case skippedByClockChange(String)

    public var description: String {
        switch self {
        case .malformedDate(let text): "'\(text)' is not a date: expected YYYY-MM-DD, e.g. 2027-03-02"
        case .noSuchDate(let text): "'\(text)' is not a day on the calendar"
        case .malformedTime(let text): "'\(text)' is not a time: expected HH:MM (24-hour), e.g. 09:30"
        case .malformedDateTime(let text): "'\(text)' is not a date and time: expected \"YYYY-MM-DD HH:MM\", e.g. \"2027-03-02 09:30\""
        case .malformedDuration(let text): "'\(text)' is not a duration: expected hours and minutes like 3h, 90m or 1h30m"
        case .skippedByClockChange(let text): "\(text) does not happen: the clocks go forward that night"
        }
    }
}
