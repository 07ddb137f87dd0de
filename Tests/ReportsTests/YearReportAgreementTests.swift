import CSV
import Foundation
import GRDB
import Testing
@testable import MusterCore
@testable import Reports

/// `report year` over a year built through the services, checked figure by figure against
/// counts taken another way: the attendance export read back with a CSV parser, and SQL
/// written here against the tables.
@Suite struct YearReportAgreementTests {
    static let built = Result { try ReportingYear() }

    let year: ReportingYear
    let report: YearReport
    let exported: [[String: String]]
    let markedOnOpenRegister: Int

    init() throws {
        year = try Self.built.get()
        report = try YearReport(from: year.from, to: year.to, database: year.database, clock: year.reportClock, actor: .localOperator)
        var filter = AttendanceFilter()
        filter.from = year.from; filter.to = year.to
        var text = ""
        try AttendanceExport.write(.csv, from: year.database, matching: filter, clock: year.reportClock) { text += $0 }
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(reader.headerRow!, row))) }
        // A register still open counts for nothing yet: the report says so apart.
        let open = year.openSessions
        markedOnOpenRegister = rows.filter { open.contains($0["session_id"]!) && $0["status"] == "attended" }.count
        exported = rows.filter { !open.contains($0["session_id"]!) }
    }

    /// 2027 in London: GMT at both ends, so the year is these two UTC instants.
    static let start = "2027-01-01 00:00:00.000", end = "2028-01-01 00:00:00.000"

    func count(_ sql: String) throws -> Int {
        try year.database.read { db in try Int.fetchOne(db, sql: sql, arguments: [Self.start, Self.end]) ?? 0 }
    }

    func exportedCount(_ statuses: Set<String>, where keep: ([String: String]) -> Bool = { _ in true }) -> Int {
        exported.filter { statuses.contains($0["status"]!) && keep($0) }.count
    }

    static let places: Set<String> = ["attended", "partial", "absent", "excused"]
    static let came: Set<String> = ["attended", "partial"]

    @Test func theYearHasSomethingOfEveryKindToCount() {
        let t = report.totals
        #expect(CancelReason.allCases.allSatisfy { (t.cancelled[$0] ?? 0) > 0 })
        #expect(t.partial > 0 && t.absent > 0 && t.excused > 0 && t.lateCancellations > 0)
        #expect(t.notYetClosed == 1 && year.openSessions.count == 1 && markedOnOpenRegister == 1)
        #expect(report.evaluation.summary.responses > 0 && !year.anonymousComments.isEmpty)
    }

    @Test func sessionsTopicsAndCancellationsAgreeWithTheSessionTable() throws {
        let inYear = "FROM session WHERE starts_at >= ? AND starts_at < ?"
        #expect(report.totals.sessionsDelivered == (try count("SELECT COUNT(*) \(inYear) AND status = 'completed'")))
        #expect(report.totals.topicsDelivered == (try count("SELECT COUNT(DISTINCT course_id) \(inYear) AND status = 'completed'")))
        #expect(report.totals.cancelledTotal == (try count("SELECT COUNT(*) \(inYear) AND status = 'cancelled'")))
        for reason in CancelReason.allCases {
            #expect(report.totals.cancelled[reason] ?? 0
                    == (try count("SELECT COUNT(*) \(inYear) AND cancel_reason = '\(reason.rawValue)'")), "\(reason)")
        }
        #expect(report.totals.capacity == (try count("SELECT IFNULL(SUM(capacity), 0) \(inYear) AND status = 'completed'")))
        #expect(report.totals.notYetClosed == (try count("SELECT COUNT(*) \(inYear) AND status = 'scheduled'")))
        #expect(report.totals.lateCancellations == (try count("""
            SELECT COUNT(*) FROM booking b JOIN session s ON s.id = b.session_id
            WHERE s.starts_at >= ? AND s.starts_at < ? AND b.late_cancellation
            """)))
        // The scheduler's cancellations are all for low numbers, and made by it.
        #expect(report.totals.cancelled[.lowNumbers] == (try count("""
            SELECT COUNT(*) FROM session s JOIN scheduler_action a ON a.session_id = s.id AND a.action = 'cancel'
            WHERE s.starts_at >= ? AND s.starts_at < ?
            """)))
    }

    @Test func placesAttendanceAndLearnersAgreeWithTheAttendanceExport() throws {
        let t = report.totals
        #expect(t.placesBooked == exportedCount(Self.places))
        #expect(t.attendees == exportedCount(Self.came))
        #expect(t.attended == exportedCount(["attended"]) && t.partial == exportedCount(["partial"]))
        #expect(t.absent == exportedCount(["absent"]) && t.excused == exportedCount(["excused"]))
        #expect(report.learners == Set(exported.filter { Self.came.contains($0["status"]!) }.map { $0["learner_id"]! }).count)
        #expect(t.fillRate == (Double(exportedCount(Self.places)) * 1000 / Double(t.capacity)).rounded() / 10)
        #expect(t.noShowRate == (Double(exportedCount(["absent"])) * 1000 / Double(exportedCount(Self.places))).rounded() / 10)
    }

    @Test func eachAgencysFiguresAgreeWithItsRowsOfTheExport() {
        #expect(report.agencies.map(\.name).sorted() == ReportingYear.agencies.map(\.1).sorted())
        for agency in report.agencies {
            let mine = { (row: [String: String]) in row["agency"] == agency.name }
            #expect(agency.placesAtStart == exportedCount(Self.places, where: mine), "\(agency.name)")
            #expect(agency.attendees == exportedCount(Self.came, where: mine), "\(agency.name)")
            #expect(agency.absent == exportedCount(["absent"], where: mine), "\(agency.name)")
            #expect(agency.learners == Set(exported.filter { mine($0) && Self.came.contains($0["status"]!) }.map { $0["learner_id"]! }).count)
        }
        #expect(report.agencies.reduce(0) { $0 + $1.attendees } == report.totals.attendees)
    }

    @Test func theSplitsByAreaAndFormatAddUpAndAgreeWithTheExport() throws {
        let areas = try year.database.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, area, format FROM course").map {
                ($0["id"] as String, ($0["area"] as String, $0["format"] as String))
            })
        }
        for (area, figures) in report.byArea {
            #expect(figures.attendees == exportedCount(Self.came) { areas[$0["course_id"]!]!.0 == area.rawValue }, "\(area)")
            #expect(figures.sessionsDelivered == (try count("""
                SELECT COUNT(*) FROM session s JOIN course c ON c.id = s.course_id
                WHERE s.starts_at >= ? AND s.starts_at < ? AND s.status = 'completed' AND c.area = '\(area.rawValue)'
                """)))
        }
        for (format, figures) in report.byFormat {
            #expect(figures.placesBooked == exportedCount(Self.places) { areas[$0["course_id"]!]!.1 == format.rawValue }, "\(format)")
        }
        #expect(report.byArea.reduce(0) { $0 + $1.figures.sessionsDelivered } == report.totals.sessionsDelivered)
        #expect(report.byFormat.reduce(0) { $0 + $1.figures.cancelledTotal } == report.totals.cancelledTotal)
        #expect(report.months.count == 12)
        #expect(report.months.reduce(0) { $0 + $1.delivered } == report.totals.sessionsDelivered)
        #expect(report.months.reduce(0) { $0 + $1.cancelled } == report.totals.cancelledTotal)
    }

    @Test func theEvaluationHeadlineAgreesWithTheFeedbackTable() throws {
        let s = report.evaluation.summary
        let feedback = """
            FROM feedback f JOIN booking b ON b.id = f.booking_id JOIN session s ON s.id = b.session_id
            WHERE s.starts_at >= ? AND s.starts_at < ? AND s.status = 'completed'
            """
        #expect(s.responses == (try count("SELECT COUNT(*) \(feedback)")))
        let means = try year.database.read { db in
            try Row.fetchOne(db, sql: "SELECT AVG(course_rating) AS c, AVG(confidence_after - confidence_before) AS g \(feedback)",
                             arguments: [Self.start, Self.end])!
        }
        #expect(s.mean("course_rating") == ((means["c"] as Double) * 100).rounded() / 100)
        #expect(s.confidenceGain == ((means["g"] as Double) * 100).rounded() / 100)
        #expect(s.attendees == report.totals.attendees)
    }

    @Test func fiveQuotesAreChosenAndNoneWasGivenAnonymously() {
        let quotes = report.evaluation.quotes
        #expect(quotes.count == YearReport.quoteLimit)
        #expect(quotes.allSatisfy { $0.text.hasPrefix("Openly") && $0.text != "Openly: not yet counted" })
        #expect(Set(quotes.map(\.text)).isDisjoint(with: year.anonymousComments))
        #expect(Set(quotes.map(\.courseTitle)).count == YearReport.quoteLimit)   // one per course before any repeats
        #expect(quotes.allSatisfy { !$0.attribution.contains("Learner") })       // attributed to a role, not a person
    }

    @Test func theJSONCarriesTheKeysOfTheCommandLanguageWithTheSameFigures() throws {
        let json = try JSONSerialization.jsonObject(with: Data(report.json.serialized().utf8)) as! [String: Any]
        #expect(json["sessions_delivered"] as? Int == report.totals.sessionsDelivered)
        #expect(json["topics_delivered"] as? Int == report.totals.topicsDelivered)
        #expect(json["attendees"] as? Int == exportedCount(Self.came))
        #expect(json["places_booked"] as? Int == exportedCount(Self.places))
        #expect(json["fill_rate"] as? Double == report.totals.fillRate)
        #expect(json["no_show_rate"] as? Double == report.totals.noShowRate)
        let cancelled = try #require(json["cancelled"] as? [String: Int])
        #expect(Set(cancelled.keys) == ["total", "low_numbers", "trainer_unavailable", "venue", "other"])
        #expect(cancelled["total"] == (try count("SELECT COUNT(*) FROM session WHERE starts_at >= ? AND starts_at < ? AND status = 'cancelled'")))
        #expect(cancelled["low_numbers"] == report.totals.cancelled[.lowNumbers])
    }
}
