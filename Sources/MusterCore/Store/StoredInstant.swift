import Foundation
import GRDB

/// Instants as GRDB stores them, `YYYY-MM-DD HH:MM:SS.SSS` in UTC, read and written by arithmetic.
/// GRDB turns each into date components and asks a calendar for the instant, which cost a
/// listing of sessions (four instants a row) more than its query; the answer is the same
/// `Date`, to the bit. Text in any other shape, and numbers, are left to GRDB.
enum StoredInstant {
    /// The text GRDB stores for `date`, to the byte, or nil outside the years 1900-9999
    /// (GRDB's to write). GRDB formats each instant with a `DateFormatter`, through ICU: a
    /// twentieth of booking a place, which writes five. Like Foundation's formatter, it
    /// counts milliseconds since 1970 rounded to the nearest, a half up.
    static func text(_ date: Date) -> String? {
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down)
        guard milliseconds >= -2_208_988_800_000, milliseconds < 253_402_300_800_000 else { return nil }
        let whole = Int(milliseconds)
        let days = whole >= 0 ? whole / 86_400_000 : (whole - 86_399_999) / 86_400_000
        let inDay = whole - days * 86_400_000
        let day = LocalDate(dayNumber: days)
        func two(_ number: Int) -> String { Digits.padded(number, 2) }
        return "\(Digits.padded(day.year, 4))-\(two(day.month))-\(two(day.day)) "
            + "\(two(inDay / 3_600_000)):\(two(inDay / 60_000 % 60)):\(two(inDay / 1000 % 60)).\(Digits.padded(inDay % 1000, 3))"
    }

    static func decode(_ value: DatabaseValue) -> Date? {
        guard case .string(let text) = value.storage else { return Date.fromDatabaseValue(value) }
        return date(stored: text) ?? Date.fromDatabaseValue(value)
    }

    /// The instant of text in exactly GRDB's shape; nil for any other.
    static func date(stored text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 23 else { return nil }
            func digits(_ from: Int, _ count: Int) -> Int? {
                var number = 0
                for index in from..<from + count {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    number = number * 10 + digit
                }
                return number
            }
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " "),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
                  let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
                  let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
                  let millisecond = digits(20, 3), year >= 1900,
                  (1...12).contains(month), (1...LocalDate.daysIn(month: month, of: year)).contains(day),
                  hour < 24, minute < 60, second < 60
            else { return nil }
            let days = LocalDate(year: year, month: month, day: day).dayNumber - 11_323  // since 2001-01-01
            let whole = days * 86_400 + hour * 3600 + minute * 60 + second
            return Date(timeIntervalSinceReferenceDate: Double(whole) + Double(millisecond) / 1000)
        }
    }
}
