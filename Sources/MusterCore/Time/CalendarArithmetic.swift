/// Day and month arithmetic on local dates, without an instant or a zone: "within 6 months
/// of starting" and "renewed every 12 months" are promises about days on the calendar.
extension LocalDate {
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The same day `months` later (or earlier), or the month's last day when it is shorter:
    /// 31 January plus one month is 28 (or 29) February.
    public func adding(months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let newYear = Int((Double(index) / 12).rounded(.down)), newMonth = index - newYear * 12 + 1
        return LocalDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, of: newYear)))
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The first day of every month a period touches, in order, a quiet month included;
    /// none when `to` is before `from`.
    public static func firstDaysOfMonths(from: LocalDate, to: LocalDate) -> [LocalDate] {
        guard from <= to else { return [] }
        var firsts: [LocalDate] = []
        var first = LocalDate(year: from.year, month: from.month, day: 1)
        while first <= to {
            firsts.append(first)
            first = first.adding(months: 1)
        }
        return firsts
    }

    /// Days from this date to `other`: positive when `other` is later.
    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// The earliest date that, `months` later, reaches `target`. Month ends make the answer
    /// something a subtraction cannot give: 29, 30 and 31 January all reach 28 February.
    public static func earliest(reaching target: LocalDate, after months: Int) -> LocalDate {
        var candidate = target.adding(months: -months).adding(days: -4)
        while candidate.adding(months: months) < target { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}
