import Foundation
import Evaluation
import MusterCore

/// `report year --html`: the annual report's training section as one self-contained page,
/// A4 and printable, its charts inline SVG drawn from the same figures as the JSON. It
/// fetches nothing, so it can be mailed, archived and opened offline.
public enum YearReportPage {
    static let delivered = SVGChart.Series(name: "Delivered", colour: "#1f5f8b")
    static let cancelled = SVGChart.Series(name: "Cancelled", colour: "#c0392b")
    static let attendees = SVGChart.Series(name: "Attended", colour: "#2e7d32")
    static let didNotAttend = SVGChart.Series(name: "Did not attend", colour: "#c0392b")
    static let before = SVGChart.Series(name: "Before", colour: "#8c8c8c")
    static let after = SVGChart.Series(name: "After", colour: "#2e7d32")
    /// Agencies drawn one by one; the rest share a bar, so the chart fits its page.
    static let agencyBars = 15

    public static func render(_ report: YearReport, generated: String) -> String {
        let t = report.totals
        let period = "\(longDate(report.from)) to \(longDate(report.to))"
        return """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <title>\(e(report.partnership)): training report, \(e(period))</title>
            <style>
            @page { size: A4; margin: 14mm 14mm 16mm; }
            * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; font-size: 10.5pt; line-height: 1.4; margin: 0; }
            main { max-width: 182mm; margin: 0 auto; }
            h1 { font-size: 20pt; margin: 0 0 1mm; color: #1f3f5f; }
            h2 { font-size: 13pt; margin: 7mm 0 2mm; color: #1f3f5f; border-bottom: 1px solid #c8d3de; padding-bottom: 1mm; }
            .partnership { text-transform: uppercase; letter-spacing: 0.08em; font-size: 9.5pt; color: #555; }
            .period { margin: 0 0 4mm; color: #333; }
            .headline { font-size: 11.5pt; }
            table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; }
            th, td { border: 1px solid #c8c8c8; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            thead th { background: #eef2f6; }
            .figures td.n { font-weight: bold; }
            figure { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
            figcaption { font-weight: bold; margin-bottom: 1mm; }
            svg { width: 100%; height: auto; display: block; }
            blockquote { margin: 2mm 0 2mm 4mm; padding-left: 3mm; border-left: 3px solid #1f5f8b; break-inside: avoid; }
            blockquote footer { font-size: 9pt; color: #555; }
            .rating-green { background: #c8e6c9; }
            .rating-amber { background: #ffe0a3; }
            .rating-red { background: #f5b7b1; }
            .rating-na { background: #eeeeee; }
            .key span { display: inline-block; padding: 0.5mm 2mm; margin-right: 2mm; border: 1px solid #c8c8c8; }
            section { break-inside: auto; }
            .generated { font-size: 8.5pt; color: #666; margin-top: 8mm; }
            @media screen { main { margin: 10mm auto; } }
            </style>
            </head>
            <body>
            <main>
            <div class="partnership">\(e(report.partnership))</div>
            <h1>Training report</h1>
            <p class="period">Sessions starting \(e(period))</p>
            <p class="headline" id="headline">\(e(report.headline))</p>

            <h2>Key figures</h2>
            \(keyFigures(report))

            <h2>Sessions</h2>
            <figure id="chart-months"><figcaption>Sessions per month: delivered and cancelled</figcaption>
            \(SVGChart.columns(title: "Sessions per month, delivered and cancelled", categories: report.months.map(\.label),
                               series: [delivered, cancelled], values: [report.months.map(\.delivered), report.months.map(\.cancelled)]))
            </figure>
            <figure id="chart-cancellations"><figcaption>Cancellations by reason (\(t.cancelledTotal) in all)</figcaption>
            \(SVGChart.bars(title: "Cancellations by reason", categories: CancelReason.allCases.map(reasonTitle),
                            series: [cancelled], values: [CancelReason.allCases.map { Double(t.cancelled[$0] ?? 0) }],
                            format: count))
            </figure>
            \(splits(report))

            <h2>Attendance by agency</h2>
            \(agencyChart(report))
            \(agencyTable(report))

            <h2>What delegates said</h2>
            \(evaluation(report))

            <h2>KPI compliance</h2>
            \(kpiTable(report))
            <p class="generated">Produced by Muster on \(e(generated)) from the partnership's booking records.</p>
            </main>
            </body>
            </html>

            """
    }

    static func keyFigures(_ report: YearReport) -> String {
        let t = report.totals
        let rows: [(String, String, String)] = [
            ("sessions-delivered", "Sessions delivered", String(t.sessionsDelivered)),
            ("topics-delivered", "Different topics delivered", String(t.topicsDelivered)),
            ("sessions-cancelled", "Sessions cancelled", String(t.cancelledTotal)),
            ("places-offered", "Places offered on sessions delivered", String(t.capacity)),
            ("places-booked", "Places booked when sessions started", String(t.placesBooked)),
            ("fill-rate", "Fill rate", Percentage.text(t.fillRate)),
            ("attendees", "Attendees (whole or part)", String(t.attendees)),
            ("learners", "Practitioners who attended", String(report.learners)),
            ("did-not-attend", "Did not attend, without apology", "\(t.absent) (\(Percentage.text(t.noShowRate)))"),
            ("apologies", "Did not attend, with apology", String(t.excused)),
            ("late-cancellations", "Late cancellations", String(t.lateCancellations)),
        ] + (t.notYetClosed > 0 ? [("not-yet-closed", "Sessions still to run or with the register open", String(t.notYetClosed))] : [])
        return "<table class=\"figures\"><tbody>\n"
            + rows.map { "<tr id=\"figure-\($0.0)\"><th scope=\"row\">\(e($0.1))</th><td class=\"n\">\(e($0.2))</td></tr>" }.joined(separator: "\n")
            + "\n</tbody></table>"
    }

    static func splits(_ report: YearReport) -> String {
        let header = "<thead><tr><th></th><th class=\"n\">Delivered</th><th class=\"n\">Topics</th><th class=\"n\">Cancelled</th>"
            + "<th class=\"n\">Places booked</th><th class=\"n\">Attendees</th><th class=\"n\">Fill rate</th><th class=\"n\">Did not attend</th></tr></thead>"
        func row(_ name: String, _ f: YearReport.Figures) -> String {
            "<tr><th scope=\"row\">\(e(name))</th>" + [String(f.sessionsDelivered), String(f.topicsDelivered), String(f.cancelledTotal),
                                                        String(f.placesBooked), String(f.attendees), Percentage.text(f.fillRate), Percentage.text(f.noShowRate)]
                .map { "<td class=\"n\">\(e($0))</td>" }.joined() + "</tr>"
        }
        return "<table id=\"by-area\"><caption>By area</caption>\(header)<tbody>\n"
            + report.byArea.map { row(areaTitle($0.area), $0.figures) }.joined(separator: "\n")
            + "\n</tbody></table>\n<table id=\"by-format\"><caption>By format</caption>\(header)<tbody>\n"
            + report.byFormat.map { row(formatTitle($0.format), $0.figures) }.joined(separator: "\n")
            + "\n</tbody></table>"
    }

    static func agencyChart(_ report: YearReport) -> String {
        let ranked = report.agencies.filter { $0.placesAtStart > 0 }.sorted { ($0.attendees, $1.name) > ($1.attendees, $0.name) }
        guard !ranked.isEmpty else { return "<p>No agency's staff attended a session in this period.</p>" }
        var shown = Array(ranked.prefix(agencyBars)).map { ($0.name, $0.attendees, $0.absent) }
        let rest = ranked.dropFirst(agencyBars)
        if !rest.isEmpty {
            shown.append(("\(rest.count) other agencies", rest.reduce(0) { $0 + $1.attendees }, rest.reduce(0) { $0 + $1.absent }))
        }
        return "<figure id=\"chart-agencies\"><figcaption>Attendance by agency</figcaption>\n"
            + SVGChart.bars(title: "Attendance by agency", categories: shown.map(\.0), series: [attendees, didNotAttend],
                            values: [shown.map { Double($0.1) }, shown.map { Double($0.2) }], format: count)
            + "\n</figure>"
    }

    static func agencyTable(_ report: YearReport) -> String {
        "<table id=\"by-agency\"><thead><tr><th>Agency</th><th class=\"n\">Places booked</th><th class=\"n\">Attendees</th>"
            + "<th class=\"n\">Practitioners</th><th class=\"n\">Did not attend</th><th class=\"n\">Apologies</th><th class=\"n\">Late cancellations</th></tr></thead><tbody>\n"
            + report.agencies.map { a in
                "<tr><th scope=\"row\">\(e(a.name))</th>" + [a.placesAtStart, a.attendees, a.learners, a.absent, a.excused, a.lateCancellations]
                    .map { "<td class=\"n\">\($0)</td>" }.joined() + "</tr>"
            }.joined(separator: "\n") + "\n</tbody></table>"
    }

    static func evaluation(_ report: YearReport) -> String {
        let s = report.evaluation.summary
        var html = "<table class=\"figures\" id=\"evaluation\"><tbody>\n"
            + [("responses", "Feedback responses", "\(s.responses) of \(s.attendees) attendees (\(Percentage.text(s.responseRate)))"),
               ("course-rating", "Mean course rating", rating(s.mean("course_rating"))),
               ("trainer-rating", "Mean trainer rating", rating(s.mean("trainer_rating"))),
               ("confidence-gain", "Confidence gained", s.confidenceGain.map { ($0 >= 0 ? "+" : "") + DecimalText.text($0) + " points of 5" } ?? "—")]
            .map { "<tr id=\"evaluation-\($0.0)\"><th scope=\"row\">\(e($0.1))</th><td class=\"n\">\(e($0.2))</td></tr>" }.joined(separator: "\n")
            + "\n</tbody></table>\n"
        if let before = s.mean("confidence_before"), let after = s.mean("confidence_after") {
            html += "<figure id=\"chart-confidence\"><figcaption>Confidence before and after the training (mean, 1 to 5)</figcaption>\n"
                + SVGChart.bars(title: "Confidence before and after the training", categories: ["All delegates who answered"],
                                series: [Self.before, Self.after], values: [[before], [after]], maximum: 5, format: { DecimalText.text($0) })
                + "\n</figure>\n"
        }
        let quotes = report.evaluation.quotes
        html += quotes.isEmpty ? "<p>No delegate left a comment that may be quoted.</p>"
            : quotes.map { quote in
                "<blockquote><p>“\(e(quote.text))”</p><footer>\(e(quote.attribution)), on \(e(quote.courseTitle))</footer></blockquote>"
            }.joined(separator: "\n")
        return html
    }

    static func kpiTable(_ report: YearReport) -> String {
        guard !report.kpi.rows.isEmpty else { return "<p>No requirement carries a KPI code and a target.</p>" }
        return "<p>Relevant staff holding the required training on \(e(longDate(report.kpiDate))).</p>\n"
            + "<table id=\"kpi\"><thead><tr><th>Agency</th><th>KPI</th><th>Requirement</th><th class=\"n\">Relevant</th>"
            + "<th class=\"n\">Met</th><th class=\"n\">Percent</th><th class=\"n\">Target</th><th>Rating</th></tr></thead><tbody>\n"
            + report.kpi.rows.map { row in
                let rating = row.rating == .notApplicable ? "na" : row.rating.rawValue
                return "<tr><th scope=\"row\">\(e(row.agency))</th><td>\(e(row.kpi))</td><td>\(e(row.title))</td>"
                    + "<td class=\"n\">\(row.relevant)</td><td class=\"n\">\(row.met)</td><td class=\"n rating-\(rating)\">\(e(row.percentText))</td>"
                    + "<td class=\"n\">\(row.target)%</td><td class=\"rating-\(rating)\">\(ratingTitle(row.rating))</td></tr>"
            }.joined(separator: "\n")
            + "\n</tbody></table>\n<p class=\"key\" id=\"kpi-key\">Key: <span class=\"rating-green\">Green: target met</span>"
            + "<span class=\"rating-amber\">Amber: up to \(KPITable.Rating.amberBand) points below</span>"
            + "<span class=\"rating-red\">Red: more than \(KPITable.Rating.amberBand) points below</span>"
            + "<span class=\"rating-na\">n/a: no relevant staff</span></p>"
    }

    static func ratingTitle(_ rating: KPITable.Rating) -> String {
        switch rating {
        case .green: "Green"
        case .amber: "Amber"
        case .red: "Red"
        case .notApplicable: "n/a"
        }
    }

    static func reasonTitle(_ reason: CancelReason) -> String {
        switch reason {
        case .lowNumbers: "Low numbers booked"
        case .trainerUnavailable: "Trainer unavailable"
        case .venue: "Venue"
        case .other: "Other"
        }
    }

    static func areaTitle(_ area: CourseArea) -> String {
        switch area {
        case .children: "Children"
        case .adults: "Adults"
        case .community: "Community safety"
        case .allAge: "All ages"
        }
    }

    static func formatTitle(_ format: DeliveryFormat) -> String {
        switch format {
        case .faceToFace: "Face to face"
        case .virtual: "Virtual classroom"
        case .eLearning: "E-learning"
        case .webinar: "Webinar"
        }
    }

    /// `1 April 2026`.
    static func longDate(_ date: LocalDate) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    static func rating(_ value: Double?) -> String { value.map { DecimalText.text($0) + " of 5" } ?? "—" }
    static func count(_ value: Double) -> String { String(Int(value)) }
    static func e(_ text: String) -> String { HTMLText.escape(text) }
}
