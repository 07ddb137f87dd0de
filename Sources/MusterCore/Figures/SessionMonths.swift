import Foundation
import GRDB

/// The sessions' kept counts (`SessionCounts`) summed by the month they started, course,
/// status and reason, kept as the counts change, so a year's session table sums about a
/// thousand rows instead of grouping ten thousand sessions (18 ms on a partnership's decade).
///
/// Months are those of the instant as stored (UTC), the same in every time zone: each local
/// month of a period is read as the whole UTC month nearest it, plus or minus the sessions
/// between its ends and that month's (`MonthSpan`).
public enum SessionMonths {
    /// The sums, each of what a session's counts (`s`, a row of `session_count`) add.
    static let sums = KeptSums(
        table: "session_month", source: "session_count",
        key: [.init(name: "month") { "substr(\($0).starts_at, 1, 7)" }, .init(name: "course_id") { "\($0).course_id" },
              .init(name: "status") { "\($0).status" }, .init(name: "cancel_reason") { "IFNULL(\($0).cancel_reason, '')" }],
        sums: [.init(name: "sessions") { _ in "1" }] + ["capacity", "attended", "partial", "absent", "excused", "late"].map { column in
            .init(name: column) { "\($0).\(column)" }
        })

    static func install(_ db: Database) throws { try sums.install(db) }

    /// The sums that differ from a recount, for the invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        try sums.drift(db, label: "month || ' ' || course_id || ' ' || status || IFNULL(' ' || NULLIF(cancel_reason, ''), '')")
    }

    /// The sessions of each of `months` (at least one; local months, each with its first
    /// instant and the first after it) by course, status and reason, as SQL and its
    /// arguments: the columns year, month, course_id, status, cancel_reason, then the sums.
    /// A group may come in several rows (a UTC month's sums, then the sessions added or taken
    /// away at its ends), which the reader adds up (`TrainingFigures.sessions`).
    /// `sessionBySession`: every session read from its counts, for the tests.
    static func grouped(_ months: [(year: Int, month: Int, period: Range<Date>)],
                        sessionBySession: Bool = false) -> (sql: String, arguments: StatementArguments) {
        let spans = months.map { ($0.year, $0.month, MonthSpan($0.period, rowByRow: sessionBySession)) }
        var parts: [String] = [], arguments = StatementArguments()
        let whole = spans.filter { $0.2.hasMonths }
        if !whole.isEmpty {
            parts.append("""
                SELECT m.column1 AS year, m.column2 AS month, t.course_id, t.status, NULLIF(t.cancel_reason, '') AS cancel_reason,
                       \(sums.sums.map { "t.\($0.name)" }.joined(separator: ", "))
                FROM (VALUES \(Array(repeating: "(?, ?, ?, ?)", count: whole.count).joined(separator: ", "))) m
                CROSS JOIN session_month t ON t.month >= m.column3 AND t.month < m.column4
                """)
            for (year, month, span) in whole { arguments += [year, month, span.first.key, span.last.key] }
        }
        let stretches = spans.flatMap { year, month, span in span.stretches.map { (year, month, $0.stretch, $0.sign) } }
        if !stretches.isEmpty {
            parts.append("""
                SELECT m.column1 AS year, m.column2 AS month, s.course_id, s.status, s.cancel_reason,
                       m.column5 AS sessions, \(sums.sums.dropFirst().map { "m.column5 * s.\($0.name) AS \($0.name)" }.joined(separator: ", "))
                FROM (VALUES \(Array(repeating: "(?, ?, ?, ?, ?)", count: stretches.count).joined(separator: ", "))) m
                CROSS JOIN session_count s ON s.starts_at >= m.column3 AND s.starts_at < m.column4
                """)
            for (year, month, stretch, sign) in stretches { arguments += [year, month, stretch.lowerBound, stretch.upperBound, sign] }
        }
        return (parts.joined(separator: "\nUNION ALL\n"), arguments)
    }
}
