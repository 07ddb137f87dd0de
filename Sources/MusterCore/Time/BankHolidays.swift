/// England and Wales bank holidays, read from the data file beside this one
/// (`bank-holidays-england-and-wales.txt`, compiled in so no install can lose it).
/// Working-day rules, the late-cancellation window and the booking cut-off, skip them.
enum BankHolidays {
    static let englandAndWales: Set<LocalDate> = parse(String(decoding: PackageResources.bank_holidays_england_and_wales_txt, as: UTF8.self))

    /// Lines of `YYYY-MM-DD name`; `#` starts a comment.
    static func parse(_ text: String) -> Set<LocalDate> {
        Set(text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let date = line.prefix(10).split(separator: "-").compactMap { Int($0) }
            return date.count == 3 ? LocalDate(year: date[0], month: date[1], day: date[2]) : nil
        })
    }
}
