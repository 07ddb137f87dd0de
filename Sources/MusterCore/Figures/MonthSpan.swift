import Foundation

/// A period read as the whole UTC months between the month boundaries nearest its ends,
/// plus or minus the stretches between each end and its boundary. Kept monthly sums key a
/// month as the instants are stored (UTC), so they are the same in every zone; a period
/// starts and ends at local midnights, an hour or so from a boundary in most zones, so the
/// stretches read row by row are short.
struct MonthSpan {
    typealias Boundary = (start: Date, key: String)

    /// The month boundaries nearest the period's start and end, as first instants of months
    /// and their keys ("2026-04"): the months from `first` up to `last` are summed. The same
    /// when both ends are nearest one boundary. An open end's is before or after every month.
    let first: Boundary, last: Boundary
    /// What to add (sign 1) to the months' sums or take away from them (-1): the whole
    /// period when there are no months to sum.
    let stretches: [(stretch: Range<Date>, sign: Int)]

    var hasMonths: Bool { first.start < last.start }
    var months: Range<Date> { first.start..<last.start }

    /// `rowByRow`: the whole period as one stretch, for the tests, as what the sums must
    /// agree with.
    init(_ period: Range<Date>, rowByRow: Bool = false) {
        self.init(from: period.lowerBound, to: period.upperBound, rowByRow: rowByRow)
    }

    /// A period that may be open at either end (nil: since the first record, until the last).
    init(from start: Date?, to end: Date?, rowByRow: Bool = false) {
        first = start.map(Self.nearestMonth) ?? (.distantPast, "")
        last = rowByRow ? first : end.map(Self.nearestMonth) ?? (.distantFuture, "9999-99")
        guard first.start < last.start else {
            let period = (start ?? .distantPast)..<max(start ?? .distantPast, end ?? .distantFuture)
            stretches = period.isEmpty ? [] : [(period, 1)]
            return
        }
        var stretches: [(stretch: Range<Date>, sign: Int)] = []
        if let start { stretches.append(start < first.start ? (start..<first.start, 1) : (first.start..<start, -1)) }
        if let end { stretches.append(end > last.start ? (last.start..<end, 1) : (end..<last.start, -1)) }
        self.stretches = stretches.filter { !$0.stretch.isEmpty }
    }

    /// The first instant of the UTC month whose start is nearest `instant`, and its key.
    static func nearestMonth(to instant: Date) -> Boundary {
        let day = utc.date(of: instant)
        let this = LocalDate(year: day.year, month: day.month, day: 1), next = this.adding(months: 1)
        let nearer = instant.timeIntervalSince(utc.startOfDay(this)) <= utc.startOfDay(next).timeIntervalSince(instant) ? this : next
        return (utc.startOfDay(nearer), String(nearer.description.prefix(7)))
    }

    private static let utc = LocalTime(zone: .gmt)
}
