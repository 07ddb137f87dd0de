import Evaluation
import MusterCore
import Reports

/// `report year` for people: the headline sentence, the figures, the splits by area, format
/// and agency, the evaluation headline and the quotes.
enum YearReportText {
    static func render(_ report: YearReport) -> String {
        let t = report.totals
        var blocks = ["Sessions starting \(report.from) to \(report.to)", report.headline]
        blocks.append(Fields([
            ("sessions delivered", String(t.sessionsDelivered)),
            ("topics delivered", String(t.topicsDelivered)),
            ("cancelled", "\(t.cancelledTotal)" + (t.cancelledTotal == 0 ? "" : " (" + CancelReason.allCases.map {
                "\($0.rawValue) \(t.cancelled[$0] ?? 0)"
            }.joined(separator: ", ") + ")")),
            ("places offered", String(t.capacity)),
            ("places booked", String(t.placesBooked)),
            ("fill rate", Percentage.text(t.fillRate)),
            ("attendees", "\(t.attendees) (\(t.attended) whole, \(t.partial) part)"),
            ("practitioners", String(report.learners)),
            ("did not attend", "\(t.absent) (\(Percentage.text(t.noShowRate))); \(t.excused) sent apologies"),
            ("late cancellations", String(t.lateCancellations)),
            ("not yet closed", t.notYetClosed == 0 ? nil : "\(t.notYetClosed) (still to run, or the register is open)"),
        ]).render())
        blocks.append(split("area", report.byArea.map { ($0.area.rawValue, $0.figures) }))
        blocks.append(split("format", report.byFormat.map { ($0.format.rawValue, $0.figures) }))
        blocks.append(Table([.init("agency", flexible: true), .init("booked", alignRight: true), .init("attendees", alignRight: true),
                             .init("learners", alignRight: true), .init("dna", alignRight: true), .init("apologies", alignRight: true),
                             .init("late", alignRight: true)],
                            rows: report.agencies.map { a in
            [a.name, String(a.placesAtStart), String(a.attendees), String(a.learners), String(a.absent), String(a.excused),
             String(a.lateCancellations)]
        }, noun: ("agency", "agencies")).render(width: nil))
        let s = report.evaluation.summary
        var evaluation = "Feedback: \(s.responses) of \(s.attendees) attendees (\(Percentage.text(s.responseRate)))"
        if let course = s.mean("course_rating") { evaluation += "; course \(DecimalText.text(course)) of 5" }
        if let trainer = s.mean("trainer_rating") { evaluation += ", trainer \(DecimalText.text(trainer)) of 5" }
        if let gain = s.confidenceGain { evaluation += "; confidence \(gain >= 0 ? "+" : "")\(DecimalText.text(gain))" }
        blocks.append(([evaluation] + report.evaluation.quotes.map { "  “\($0.text)” — \($0.attribution), \($0.courseTitle)" })
            .joined(separator: "\n"))
        return blocks.joined(separator: "\n\n")
    }

    static func split(_ name: String, _ rows: [(String, YearReport.Figures)]) -> String {
        Table([.init(name), .init("delivered", alignRight: true), .init("topics", alignRight: true), .init("cancelled", alignRight: true),
               .init("booked", alignRight: true), .init("attendees", alignRight: true), .init("fill", alignRight: true),
               .init("dna", alignRight: true)],
              rows: rows.map { key, f in
            [key, String(f.sessionsDelivered), String(f.topicsDelivered), String(f.cancelledTotal), String(f.placesBooked),
             String(f.attendees), Percentage.text(f.fillRate), Percentage.text(f.noShowRate)]
        }, noun: (name, name + "s")).render(width: nil)
    }
}
