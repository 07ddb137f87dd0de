import Foundation

/// Working days, as partnerships count notice: Monday to Friday, except England and Wales
/// bank holidays.
extension LocalTime {
    func isWorkingDay(_ instant: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: instant)
        return weekday != 1 && weekday != 7 && !BankHolidays.englandAndWales.contains(date(of: instant))
    }

    /// The same wall-clock time `count` working days before `instant`: five working days
    /// before a Tuesday 09:30 is the Tuesday before at 09:30, and a bank holiday between
    /// moves it a day earlier.
    public func workingDays(_ count: Int, before instant: Date) -> Date {
        var moment = instant
        var remaining = count
        while remaining > 0 {
            moment = adding(days: -1, to: moment)
            if isWorkingDay(moment) { remaining -= 1 }
        }
        return moment
    }
}
