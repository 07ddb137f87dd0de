import Foundation
import Evaluation
import MusterCore

/// The training section of a partnership's annual report over sessions that started in a
/// period: what ran, what was cancelled and why, who came, how it was rated, and the KPI
/// table. Every figure is summed from the same per-session and per-agency counts, so the
/// totals, the splits, the charts and the JSON cannot disagree.
public struct YearReport: Sendable {
    /// The figures of one slice of the period: all of it, one area, one format.
    public struct Figures: Turnout, Sendable, Equatable {
        public var sessionsDelivered = 0
        public var topics: Set<String> = []
        public var cancelled: [CancelReason: Int] = [:]
        /// Sessions neither completed nor cancelled: still to run, or their register not closed.
        public var notYetClosed = 0
        /// The places sessions that ran offered.
        public var capacity = 0
        public var attended = 0, partial = 0, absent = 0, excused = 0
        public var lateCancellations = 0

        public init() {}

        mutating func add(_ group: SessionTally) {
            lateCancellations += group.lateCancellations
            switch group.status {
            case .cancelled: cancelled[group.cancelReason ?? .other, default: 0] += group.sessions
            case .scheduled: notYetClosed += group.sessions
            case .completed:
                sessionsDelivered += group.sessions
                topics.insert(group.courseID)
                capacity += group.capacity
                attended += group.attended; partial += group.partial
                absent += group.absent; excused += group.excused
            }
        }

        public var topicsDelivered: Int { topics.count }
        public var cancelledTotal: Int { cancelled.values.reduce(0, +) }
        /// Confirmed when the sessions started: the register's whole list.
        public var placesBooked: Int { placesAtStart }
        /// Places booked as a share of places offered, in percent to one decimal.
        public var fillRate: Double? { Percentage.of(placesBooked, capacity) }
        /// Did not attend without apology, as a share of places booked.
        public var noShowRate: Double? { Percentage.of(absent, placesBooked) }
    }

    public struct Month: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var delivered = 0
        public var cancelled = 0
        /// `2027-01`.
        public var key: String { String(format: "%04d-%02d", year, month) }
        /// `Jan 2027`.
        public var label: String { "\(Self.names[month - 1]) \(year)" }
        static let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    }

    /// The partnership's name, as its certificates carry it.
    public var partnership: String
    public var from: LocalDate
    public var to: LocalDate
    public var totals = Figures()
    public var byArea: [(area: CourseArea, figures: Figures)] = []
    public var byFormat: [(format: DeliveryFormat, figures: Figures)] = []
    public var agencies: [AgencyTally]
    public var months: [Month]
    public var evaluation: EvaluationHeadline
    /// The KPI table as it stands on `kpiDate`: standing is measured now, not at the period's end.
    public var kpi: KPITable
    public var kpiDate: LocalDate

    public static let quoteLimit = 5

    /// Distinct learners who attended, wholly or in part. Each learner belongs to one
    /// agency, so the agencies' distinct counts add up without counting anyone twice.
    public var learners: Int { agencies.reduce(0) { $0 + $1.learners } }

    public init(from: LocalDate, to: LocalDate, database: AppDatabase, clock: MusterClock, actor: ActingUser) throws {
        guard from <= to else { throw YearReportError.emptyPeriod(from: from, to: to) }
        let figures = TrainingFigures(database: database, clock: clock, actor: actor)
        let sessions = try figures.sessions(from: from, to: to)
        self.from = from; self.to = to
        partnership = try Certificates(database: database, clock: clock, actor: actor).policy().partnership
        agencies = try figures.agencies(from: from, to: to)
        months = Self.months(from: from, to: to)
        var areas: [CourseArea: Figures] = [:], formats: [DeliveryFormat: Figures] = [:]
        for tally in sessions {
            totals.add(tally)
            areas[tally.area, default: Figures()].add(tally)
            formats[tally.format, default: Figures()].add(tally)
            if let index = months.firstIndex(where: { $0.year == tally.year && $0.month == tally.month }) {
                if tally.status == .completed { months[index].delivered += tally.sessions }
                if tally.status == .cancelled { months[index].cancelled += tally.sessions }
            }
        }
        byArea = CourseArea.allCases.map { ($0, areas[$0] ?? Figures()) }
        byFormat = DeliveryFormat.allCases.map { ($0, formats[$0] ?? Figures()) }
        evaluation = try Evaluations(database: database, clock: clock, actor: actor)
            .headline(EvaluationScope(.all, from: from, to: to, closedOnly: true), quotes: Self.quoteLimit)
        kpi = KPITable(try Compliance(database: database, clock: clock, actor: actor).kpiCounts())
        kpiDate = clock.local.date(of: clock.now)
    }

    /// The sentence an annual report opens its training section with.
    public var headline: String {
        let t = totals
        var text = "\(t.sessionsDelivered) training session\(t.sessionsDelivered == 1 ? "" : "s") took place, covering "
            + "\(t.topicsDelivered) different topic\(t.topicsDelivered == 1 ? "" : "s")."
        if t.cancelledTotal > 0 {
            let reasons = CancelReason.allCases.compactMap { reason in
                t.cancelled[reason].map { "\($0) \(Self.phrase(reason))" }
            }
            text += " A further \(t.cancelledTotal) \(t.cancelledTotal == 1 ? "was" : "were") cancelled: " + reasons.joined(separator: ", ") + "."
        }
        text += " \(t.attendees) delegate place\(t.attendees == 1 ? " was" : "s were") taken up by \(learners) practitioner\(learners == 1 ? "" : "s")."
        return text
    }

    public static func phrase(_ reason: CancelReason) -> String {
        switch reason {
        case .lowNumbers: "due to low numbers booked"
        case .trainerUnavailable: "because the trainer was unavailable"
        case .venue: "because of the venue"
        case .other: "for other reasons"
        }
    }

    /// Every month the period touches, in order, so a quiet month still shows as nought.
    static func months(from: LocalDate, to: LocalDate) -> [Month] {
        LocalDate.firstDaysOfMonths(from: from, to: to).map { Month(year: $0.year, month: $0.month) }
    }
}

public enum YearReportError: Error, Equatable, CustomStringConvertible, MusterError {
    case emptyPeriod(from: LocalDate, to: LocalDate)

    public var description: String {
        switch self {
        case .emptyPeriod(let from, let to): "--from \(from) is after --to \(to): give the first day of the period, then the last"
        }
    }
}
