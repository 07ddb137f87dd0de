import Foundation
import MusterCore

/// `report charges`: each chargeable booking, and what each agency owes, as an invoicing
/// clerk would take them into a finance system.
public struct ChargesInvoice: Sendable {
    public struct Total: Sendable, Equatable {
        public var agencyID: String
        public var agency: String
        public var bookings: Int
        public var pence: Int
    }

    public var charges: [Charge]
    public let local: LocalTime

    public init(_ charges: [Charge], local: LocalTime) {
        self.charges = charges; self.local = local
    }

    public static let columns = ["agency", "agency_id", "learner_id", "name", "session_id", "course_title", "date", "reason", "amount"]
    public static let totalColumns = ["agency", "agency_id", "bookings", "amount"]

    /// Per agency, in the order the charges are listed (by agency name).
    public var totals: [Total] {
        var totals: [Total] = []
        for charge in charges {
            if totals.last?.agencyID == charge.agencyID {
                totals[totals.count - 1].bookings += 1
                totals[totals.count - 1].pence += charge.pence
            } else {
                totals.append(Total(agencyID: charge.agencyID, agency: charge.agency, bookings: 1, pence: charge.pence))
            }
        }
        return totals
    }

    public var totalPence: Int { charges.reduce(0) { $0 + $1.pence } }

    public func cells(_ charge: Charge) -> [String] {
        [charge.agency, charge.agencyID, charge.learnerID, charge.name, charge.sessionID, charge.courseTitle,
         local.date(of: charge.startsAt).description, charge.reason.rawValue, Pence.text(charge.pence)]
    }

    /// CSV of the rows, or with `totals` one row per agency; JSON of the whole invoice (rows,
    /// totals and the sum), or with `totals` the agencies' rows alone.
    public func write(_ format: ExportFormat, totals byAgency: Bool = false, to write: (String) throws -> Void) throws {
        if byAgency {
            var writer = RecordWriter(format, columns: Self.totalColumns)
            for total in totals {
                try writer.add(to: write, csv: [total.agency, total.agencyID, String(total.bookings), Pence.text(total.pence)],
                               json: [.string(total.agency), .string(total.agencyID), .int(total.bookings), .double(Double(total.pence) / 100)])
            }
            _ = try writer.finish(to: write)
            return
        }
        if format == .json { return try write(json.serialized() + "\n") }
        var writer = RecordWriter(format, columns: Self.columns)
        for charge in charges { try writer.add(to: write, csv: cells(charge), json: []) }
        _ = try writer.finish(to: write)
    }

    /// `--json` of the human form: the rows, the totals and the sum.
    public var json: JSONValue {
        .object([
            ("currency", .string("GBP")),
            ("charges", .array(charges.map { charge in
                .object(zip(Self.columns, cells(charge)).map { ($0, $0 == "amount" ? .double(Double(charge.pence) / 100) : .string($1)) })
            })),
            ("totals", .array(totals.map { total in
                .object([("agency", .string(total.agency)), ("agency_id", .string(total.agencyID)), ("bookings", .int(total.bookings)),
                         ("amount", .double(Double(total.pence) / 100))])
            })),
            ("total", .double(Double(totalPence) / 100)),
        ])
    }
}
