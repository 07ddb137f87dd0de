import Foundation
import Testing
@testable import Evaluation
@testable import MusterCore
@testable import Reports

/// The printable report, opened in a real browser and printed to PDF: what a partnership
/// board reads on paper must carry the same figures as `report year --json`.
@Suite struct YearReportPageTests {
    let report: YearReport
    let html: String

    init() throws {
        let year = try YearReportAgreementTests.built.get()
        report = try YearReport(from: year.from, to: year.to, database: year.database, clock: year.reportClock, actor: .localOperator)
        html = YearReportPage.render(report, generated: "2028-01-20 10:00")
    }

    /// Whitespace as pdftotext lays it out is not the page's concern: compare words.
    func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test(.enabled(if: Browser.available))
    func printedOnA4ThePageShowsTheFiguresOfTheJSON() throws {
        let printed = try Browser.print(html)
        #expect(abs(printed.size.width - 595) < 2 && abs(printed.size.height - 842) < 2)
        #expect((2...6).contains(printed.pages))
        let text = words(printed.text)
        #expect(text.contains(words(report.headline)))
        let t = report.totals
        for (label, value) in [("Sessions delivered", "\(t.sessionsDelivered)"), ("Different topics delivered", "\(t.topicsDelivered)"),
                               ("Sessions cancelled", "\(t.cancelledTotal)"), ("Places booked when sessions started", "\(t.placesBooked)"),
                               ("Fill rate", DecimalText.text(t.fillRate!) + "%"), ("Attendees (whole or part)", "\(t.attendees)"),
                               ("Practitioners who attended", "\(report.learners)"),
                               ("Did not attend, without apology", "\(t.absent) (\(DecimalText.text(t.noShowRate!))%)"),
                               ("Late cancellations", "\(t.lateCancellations)")] {
            #expect(text.contains("\(label) \(value)"), "\(label) \(value)")
        }
        for caption in ["Sessions per month: delivered and cancelled", "Cancellations by reason (\(t.cancelledTotal) in all)",
                        "Attendance by agency", "Confidence before and after the training"] {
            #expect(text.contains(caption), "\(caption)")
        }
        let s = report.evaluation.summary
        #expect(text.contains("Feedback responses \(s.responses) of \(s.attendees) attendees"))
        for quote in report.evaluation.quotes { #expect(text.contains(words(quote.text))) }
        for row in report.kpi.rows {
            #expect(text.contains("\(row.relevant) \(row.met) \(row.percentText) \(row.target)%"), "\(row.agency) \(row.kpi)")
        }
        #expect(text.contains("Key: Green: target met Amber: up to 15 points below Red: more than 15 points below"))
    }

    @Test func theChartsAreDrawnFromTheSameNumbersAsTheJSON() {
        for month in report.months {
            #expect(html.contains("<title>\(month.label) Delivered: \(month.delivered)</title>"))
            #expect(html.contains("<title>\(month.label) Cancelled: \(month.cancelled)</title>"))
        }
        for reason in CancelReason.allCases {
            #expect(html.contains("<title>\(YearReportPage.reasonTitle(reason)) Cancelled: \(report.totals.cancelled[reason] ?? 0)</title>"))
        }
        for agency in report.agencies where agency.placesAtStart > 0 {
            #expect(html.contains("<title>\(HTMLText.escape(agency.name)) Attended: \(agency.attendees)</title>"))
        }
        let s = report.evaluation.summary
        #expect(html.contains("Before: \(DecimalText.text(s.mean("confidence_before")!))</title>"))
        #expect(html.contains("After: \(DecimalText.text(s.mean("confidence_after")!))</title>"))
        for row in report.kpi.rows { #expect(html.contains("rating-\(row.rating == .notApplicable ? "na" : row.rating.rawValue)\">")) }
    }

    @Test func thePageFetchesNothing() {
        for fetch in ["<script", "<link", "<img", "<iframe", "@import", "url(", "src=", "href="] {
            #expect(!html.contains(fetch), "\(fetch)")
        }
        #expect(html.contains("@page { size: A4;"))
    }

    @Test func namesAreEscapedSoADelegateCannotWriteIntoThePage() {
        var quoted = report
        quoted.evaluation.quotes = [DelegateQuote(text: "<script>alert(1)</script> & more", courseTitle: "A < B", jobRole: nil,
                                                  agency: "\"Q\"", courseRating: 5, startsAt: Date(), courseID: "x")]
        let page = YearReportPage.render(quoted, generated: "now")
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        // A quote or bracket with a combining mark is one Swift character, but a browser still reads the quote.
        #expect(HTMLText.escape("\"\u{301}x<\u{338}") == "&quot;\u{301}x&lt;\u{338}")
    }
}
