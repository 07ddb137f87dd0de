import Foundation
import MusterCore

/// The partnership's KPI table: per agency and KPI, relevant staff, staff meeting it, the
/// percentage, the target and a red/amber/green rating by the partnership's key.
public struct KPITable: Sendable {
    public enum Rating: String, Sendable, CaseIterable {
        case green, amber, red
        case notApplicable = "n/a"

        /// Amber is at most this many percentage points below the target.
        public static let amberBand = 15

        /// Whole-number arithmetic, so exactly 15 points below is amber however the
        /// fractions fall.
        public static func of(met: Int, relevant: Int, target: Int) -> Rating {
            guard relevant > 0 else { return .notApplicable }
            if met * 100 >= target * relevant { return .green }
            if met * 100 >= (target - amberBand) * relevant { return .amber }
            return .red
        }
    }

    public struct Row: Sendable, Equatable {
        public var agency: String
        public var agencyID: String
        public var kpi: String
        public var title: String
        public var target: Int
        public var relevant: Int
        public var met: Int
        public var percent: Double?
        /// `66.7%`, or empty when there is no one to count.
        public var percentText: String { percent.map { DecimalText.text($0) + "%" } ?? "" }
        public var rating: Rating
    }

    public var rows: [Row]

    public init(_ counts: [Compliance.KPICount]) {
        rows = counts.map { count in
            let target = count.requirement.targetPercent ?? 100
            return Row(agency: count.agencyName, agencyID: count.agencyID, kpi: count.requirement.kpi ?? "",
                       title: count.requirement.title, target: target, relevant: count.relevant, met: count.met,
                       percent: Percentage.of(count.met, count.relevant),
                       rating: .of(met: count.met, relevant: count.relevant, target: target))
        }
    }

    /// `report kpi --json`: rows of `{ agency, kpi, target, relevant, met, percent, rating }`.
    public var json: JSONValue {
        .array(rows.map { row in
            .object([("agency", .string(row.agency)), ("kpi", .string(row.kpi)), ("target", .int(row.target)),
                     ("relevant", .int(row.relevant)), ("met", .int(row.met)), ("percent", row.percent.map(JSONValue.double) ?? .null),
                     ("rating", .string(row.rating.rawValue)), ("agency_id", .string(row.agencyID)), ("title", .string(row.title))])
        })
    }
}
