import Evaluation
import MusterCore

/// `report year --json`: the keys of COMMANDS.md first, then the splits, the months the
/// chart draws, the evaluation headline, the quotes and the KPI table.
extension YearReport {
    public var json: JSONValue {
        Self.json(totals).adding([
            ("from", .string(from.description)), ("to", .string(to.description)),
            ("learners", .int(learners)), ("headline", .string(headline)),
            ("by_area", .array(byArea.map { Self.json($0.figures).adding([("area", .string($0.area.rawValue))]) })),
            ("by_format", .array(byFormat.map { Self.json($0.figures).adding([("format", .string($0.format.rawValue))]) })),
            ("by_agency", .array(agencies.map(Self.json))),
            ("months", .array(months.map { .object([("month", .string($0.key)), ("delivered", .int($0.delivered)),
                                                    ("cancelled", .int($0.cancelled))]) })),
            ("evaluation", evaluationJSON),
            ("quotes", .array(evaluation.quotes.map { .object([("text", .string($0.text)), ("course", .string($0.courseTitle)),
                                                                ("attribution", .string($0.attribution))]) })),
            ("kpi", .object([("as_at", .string(kpiDate.description)), ("rows", kpi.json)])),
        ])
    }

    static func json(_ f: Figures) -> JSONValue {
        .object([
            ("sessions_delivered", .int(f.sessionsDelivered)), ("topics_delivered", .int(f.topicsDelivered)),
            ("attendees", .int(f.attendees)), ("places_booked", .int(f.placesBooked)),
            ("fill_rate", number(f.fillRate)), ("no_show_rate", number(f.noShowRate)),
            ("cancelled", .object([("total", .int(f.cancelledTotal))] + CancelReason.allCases.map { reason in
                (reason.rawValue.replacingOccurrences(of: "-", with: "_"), .int(f.cancelled[reason] ?? 0))
            })),
            ("attended", .int(f.attended)), ("partial", .int(f.partial)), ("did_not_attend", .int(f.absent)),
            ("apologies", .int(f.excused)), ("late_cancellations", .int(f.lateCancellations)),
            ("capacity", .int(f.capacity)), ("not_yet_closed", .int(f.notYetClosed)),
        ])
    }

    static func json(_ agency: AgencyTally) -> JSONValue {
        .object([
            ("agency", .string(agency.name)), ("agency_id", .string(agency.agencyID)),
            ("places_booked", .int(agency.placesAtStart)), ("attendees", .int(agency.attendees)),
            ("learners", .int(agency.learners)), ("did_not_attend", .int(agency.absent)), ("apologies", .int(agency.excused)),
            ("no_show_rate", number(Percentage.of(agency.absent, agency.placesAtStart))),
            ("late_cancellations", .int(agency.lateCancellations)),
        ])
    }

    var evaluationJSON: JSONValue {
        let s = evaluation.summary
        return .object([
            ("attendees", .int(s.attendees)), ("responses", .int(s.responses)), ("response_rate", Self.number(s.responseRate)),
            ("course_rating", Self.number(s.mean("course_rating"))), ("trainer_rating", Self.number(s.mean("trainer_rating"))),
            ("confidence_before", Self.number(s.mean("confidence_before"))),
            ("confidence_after", Self.number(s.mean("confidence_after"))),
            ("confidence_gain", Self.number(s.confidenceGain)),
        ])
    }

    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
}
