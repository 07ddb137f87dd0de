import Foundation
import GRDB

/// Each agency's kept places (`AgencyPlaces`) summed by the month their session started,
/// kept as the places change, so a year's agency table sums 1,200 monthly totals and the
/// 13,000 rows of learners who came again inside it instead of reading 100,000 places
/// (50 ms to 4.5 on a partnership's decade).
///
/// Months are those of the instant as stored (UTC), so the sums are the same in every time
/// zone: a period, which starts and ends at local midnights, is read as the whole UTC months
/// between the boundaries nearest its ends, plus or minus the places between each end and
/// its boundary, read place by place (`MonthSpan`): an hour or so in most zones for a period
/// from a month's first day, up to half a month otherwise.
///
/// Learners who came are counted as the places they came to whose previous came before
/// the period (`AgencyPlaces`). That depends on where the period starts, so the places
/// learners came to are also summed by the month of that previous place (`previous_month`,
/// '' for none): the totals count every such place, less those whose previous fell inside
/// the whole months, and the places whose previous fell between the first month boundary
/// and the period's start, on either side, are added or taken away one by one.
///
/// The sums are added to and taken from as places come and go; `drift` compares them with
/// a recount.
public enum AgencyMonths {
    /// What a place (`p`, a row of `agency_place`) adds to each sum: never NULL, since a
    /// trigger writes it into a column that cannot be.
    static let places = KeptSums.Column(name: "places") { _ in "1" }
    static let came = KeptSums.Column(name: "came") { "IFNULL(\($0).status IN \(BookingStatus.cameSQL), 0)" }
    static let agencyAndMonth: [KeptSums.Column] = [.init(name: "agency_id") { "\($0).agency_id" },
                                                    .init(name: "month") { "substr(\($0).starts_at, 1, 7)" }]

    /// Each agency's places by month: every figure of the table but the learners.
    static let totals = KeptSums(
        table: "agency_month_total", source: "agency_place", key: agencyAndMonth,
        sums: [places,
               .init(name: "attended") { "\($0).status IS 'attended'" }, .init(name: "partial") { "\($0).status IS 'partial'" },
               .init(name: "absent") { "\($0).status IS 'absent'" }, .init(name: "excused") { "\($0).status IS 'excused'" },
               came, .init(name: "late") { "\($0).late" }])

    /// The places learners came to, by month and the month each came before ('' for none):
    /// the learners. Read from the month the period starts in, so its second index.
    static let sums = KeptSums(
        table: "agency_month", source: "agency_place",
        key: agencyAndMonth + [.init(name: "previous_month") { "IFNULL(substr(\($0).previous_came, 1, 7), '')" }],
        sums: [places, came])

    /// Creates both, the index that finds the places learners came to again inside a period,
    /// and the one that finds the places whose previous fell in a few hours.
    static func install(_ db: Database) throws {
        try totals.install(db)
        try sums.install(db)
        try db.execute(sql: """
            CREATE INDEX agency_month_previous ON agency_month(agency_id, previous_month, month, came);
            CREATE INDEX IF NOT EXISTS agency_place_previous ON agency_place(agency_id, previous_came, starts_at);
            """)
    }

    /// The sums that differ from a recount, for the invariants checker and the tests.
    public static func drift(_ db: Database) throws -> [String] {
        try totals.drift(db, label: "agency_id || ', ' || month")
            + sums.drift(db, label: "agency_id || ', ' || month || ', after ' || IFNULL(NULLIF(previous_month, ''), 'none')")
    }

    /// How a period's agency table is read: the whole UTC months between the boundaries
    /// nearest its ends from the sums, and the places between each end and its boundary added
    /// or taken away one by one. A period whose ends are nearest the same boundary is read
    /// place by place.
    struct Reading {
        /// Statements each giving some agencies' signed counts, to be added up.
        private(set) var parts: [String] = []
        private(set) var arguments = StatementArguments()

        /// The columns of each part after `agency_id`, in order.
        static let counts = ["attended", "partial", "absent", "excused", "learners", "late"]

        /// One part: for each agency `a` with rows in `from`, its counts.
        private mutating func part(_ values: [String], from: String, _ arguments: StatementArguments) {
            let named = zip(values, Self.counts).map { "\($0) AS \($1)" }.joined(separator: ", ")
            parts.append("SELECT a.id AS agency_id, \(named)\nFROM \(from)\nGROUP BY a.id")
            self.arguments += arguments
        }

        init(_ period: Range<Date>) {
            let span = MonthSpan(period), start = period.lowerBound
            guard span.hasMonths else {
                self = .placeByPlace(period)
                return
            }
            sums(from: span.first.key, to: span.last.key)
            // The sums count a learner from places whose previous was before the first month;
            // the period asks for before its start.
            let boundary = span.first.start
            if start > boundary { cameBetween(boundary..<start, placesIn: span.months, sign: 1) }
            if start < boundary { cameBetween(start..<boundary, placesIn: span.months, sign: -1) }
            for (stretch, sign) in span.stretches { places(stretch, sign: sign, cameBefore: start) }
        }

        private init() {}

        /// Every place of the period read one by one: for periods under a month, and for the
        /// tests, as what the sums must agree with.
        static func placeByPlace(_ period: Range<Date>) -> Reading {
            var reading = Reading()
            reading.places(period, sign: 1, cameBefore: period.lowerBound)
            return reading
        }

        /// The months' totals, every place a learner came to counted as a learner, less those
        /// whose learner came before inside the months: a learner came in the months once,
        /// at the place whose previous was before them.
        private mutating func sums(from first: String, to last: String) {
            part(["SUM(t.attended)", "SUM(t.partial)", "SUM(t.absent)", "SUM(t.excused)", "SUM(t.came)", "SUM(t.late)"],
                 from: "agency a JOIN agency_month_total t ON t.agency_id = a.id AND t.month >= ? AND t.month < ?", [first, last])
            part(["0", "0", "0", "0", "-SUM(m.came)", "0"],
                 from: """
                    agency a JOIN agency_month m INDEXED BY agency_month_previous ON m.agency_id = a.id
                      AND m.previous_month >= ? AND m.previous_month < ? AND m.month < ?
                    """, [first, last, last])
        }

        /// The places of a stretch, each learner who came counted when their previous place
        /// came before `cameBefore`.
        private mutating func places(_ stretch: Range<Date>, sign: Int, cameBefore: Date) {
            let counted = { (condition: String) in "\(sign) * COUNT(CASE WHEN \(condition) THEN 1 END)" }
            part([counted("p.status = 'attended'"), counted("p.status = 'partial'"), counted("p.status = 'absent'"),
                  counted("p.status = 'excused'"),
                  counted("p.status IN \(BookingStatus.cameSQL) AND (p.previous_came IS NULL OR p.previous_came < ?)"),
                  counted("p.late")],
                 from: "agency a JOIN agency_place p ON p.agency_id = a.id AND p.starts_at >= ? AND p.starts_at < ?",
                 [cameBefore, stretch.lowerBound, stretch.upperBound])
        }

        /// Learners counted for places in `months` whose previous place came in `stretch`.
        private mutating func cameBetween(_ stretch: Range<Date>, placesIn months: Range<Date>, sign: Int) {
            part(["0", "0", "0", "0", "\(sign) * COUNT(*)", "0"],
                 from: """
                    agency a JOIN agency_place p INDEXED BY agency_place_previous ON p.agency_id = a.id
                      AND p.previous_came >= ? AND p.previous_came < ? AND p.starts_at >= ? AND p.starts_at < ?
                    """,
                 [stretch.lowerBound, stretch.upperBound, months.lowerBound, months.upperBound])
        }
    }
}
