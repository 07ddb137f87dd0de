import Foundation

/// Working days, as partnerships count notice: Monday to Friday, except England and Wales
/// bank holidays.
extension LocalTime {
    /// The same wall-clock time `count` working days before `instant`: five working days
    /// before a Tuesday 09:30 is the Tuesday before at 09:30, and a bank holiday between
    /// moves it a day earlier.
    ///
    /// Counted on local dates and turned back into an instant once: the schedule asks this of
    /// every session it lists, and a calendar lookup per day counted cost more than the query.
    public func workingDays(_ count: Int, before instant: Date) -> Date {
        guard count > 0 else { return instant }
        var day = date(of: instant)
        let time = timeOfDay(of: instant)
        // Seconds past the minute, which the wall-clock time above does not carry.
        let extra = instant.timeIntervalSince(self.instant(on: day, at: time))
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: -1)
            if day.isWorkingDay { remaining -= 1 }
        }
        return self.instant(on: day, at: time).addingTimeInterval(extra)
    }
}

extension LocalDate {
    /// Monday to Friday and not a bank holiday in England and Wales.
    var isWorkingDay: Bool {
        // Day 0 (1 January 1970) was a Thursday; 0 here is Sunday.
        let weekday = ((dayNumber + 4) % 7 + 7) % 7
        return weekday != 0 && weekday != 6 && !BankHolidays.englandAndWales.contains(self)
    }
}
