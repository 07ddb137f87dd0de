import CSV
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import MusterCore
@testable import Reports

@Suite struct CPDRecordTests {
    /// A nurse with an attended session (verified) and a self-recorded entry whose text
    /// holds commas, quotes, a line break and a leading `=`.
    func given() throws -> (database: AppDatabase, clock: MusterClock) {
        let database = try AppDatabase.inMemory()
        let before = try MusterClock.fixed(local: "2027-01-01 10:00")
        try Catalogue(database: database, clock: before, actor: .localOperator).add(
            Course(id: "hate-crime", title: "Hate Crime <&> \"online\"", area: .community, format: .faceToFace,
                   durationMinutes: 180, cpdHours: 3, capacity: 5, minAttendees: 1))
        let local = before.local
        _ = try Schedule(database: database, clock: before, actor: .localOperator).add(
            Schedule.NewSession(courseID: "hate-crime", date: try local.parseDate("2027-01-12"), time: try local.parseTime("09:30")))
        let people = People(database: database, clock: before, actor: .localOperator)
        _ = try people.addAgency(id: "health", name: "Health")
        var details = People.Details()
        details.name = "Ann O'Neil <RN>"; details.email = "ann@health.example"; details.agency = "health"; details.cpdProfile = "nmc"
        _ = try people.add("N1", details)
        _ = try Bookings(database: database, clock: before, actor: .localOperator).book("s101", for: "N1")
        let after = try MusterClock.fixed(local: "2027-01-12 13:00")
        try Register(database: database, clock: after, actor: .localOperator).mark("s101", learners: ["N1"], as: .attended)
        var draft = CPDArea.Draft()
        draft.date = try local.parseDate("2026-12-01"); draft.title = "=SUM(A1) reading, \"Working Together\""
        draft.hours = 1.5; draft.kind = .reading
        draft.reflection = .init(learnt: "Thresholds,\nand escalation", practice: "Ask sooner")
        _ = try CPDArea(database: database, clock: after, actor: .localOperator).add(for: "N1", draft)
        return (database, after)
    }

    @Test func anNMCExportIsTheCPDLogInDateOrderAndReadsBackFieldByField() throws {
        let (database, clock) = try given()
        let record = try CPDArea(database: database, clock: clock, actor: .localOperator).record(of: "N1")
        let csv = CPDRecordExport.render(record, format: .csv)
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        #expect(reader.headerRow == ["date", "method", "topic", "description_and_relevance_to_practice", "hours",
                                     "participatory_hours", "evidence"])
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(rows.count == 2)
        #expect(rows[0] == ["2026-12-01", "reading", "'=SUM(A1) reading, \"Working Together\"", "Thresholds,\nand escalation Ask sooner",
                            "1.5", "0", "self-recorded"])
        #expect(rows[1] == ["2027-01-12", "course", "Hate Crime <&> \"online\"", "", "3", "3", "register of session s101"])
    }

    @Test func theJSONExportCarriesTheProfileAndItsEntries() throws {
        let (database, clock) = try given()
        let record = try CPDArea(database: database, clock: clock, actor: .localOperator).record(of: "N1")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(CPDRecordExport.render(record, format: .json).utf8)) as? [String: Any])
        #expect(json["profile"] as? String == "nmc" && json["total_hours"] as? Double == 4.5)
        let entries = try #require(json["entries"] as? [[String: Any]])
        #expect(entries.map { $0["date"] as? String } == ["2026-12-01", "2027-01-12"])
        #expect(entries.map { $0["participatory_hours"] as? Double } == [0, 3])
    }

    @Test func aCertificateIsWellFormedAndSaysWhoAttendedWhat() throws {
        let (database, clock) = try given()
        let certificates = Certificates(database: database, clock: clock, actor: .localOperator)
        let certificate = try certificates.issue("s101", for: "N1")
        #expect(try certificates.issue("s101", for: "N1").code == certificate.code)
        let page = CertificatePage.render(certificate, local: clock.local)
        let text = try XMLText.of(page)
        #expect(text.contains("Ann O'Neil <RN>"))
        #expect(text.contains("Hate Crime <&> \"online\""))
        #expect(text.contains("2027-01-12 09:30–12:30") && text.contains("3h"))
        #expect(text.contains(certificate.code))
        #expect(!page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/1999/xhtml\""))
        #expect(try certificates.verify(certificate.code.lowercased().replacingOccurrences(of: "-", with: "")).learnerID == "N1")
        #expect(throws: CertificateError.unknownCode("ABCD-EFGH-JKMN")) { try certificates.verify("ABCD-EFGH-JKMN") }
    }

    @Test func certificatesNeedFullAttendanceAndWhenTheRuleIsOnFeedback() throws {
        let (database, clock) = try given()
        let certificates = Certificates(database: database, clock: clock, actor: .localOperator)
        var policy = try certificates.policy()
        #expect(!policy.requiresFeedback)
        policy.requiresFeedback = true
        try certificates.setPolicy(policy)
        #expect(throws: CertificateError.feedbackFirst("s101")) { try certificates.issue("s101", for: "N1") }
        // The evaluation module writes feedback; here the row stands for it.
        try database.write(AuditEvent.Draft(actor: .localOperator, at: clock.now, action: "feedback.give", recordType: "feedback",
                                            recordID: nil, detail: nil)) { db in
            try db.execute(sql: "INSERT INTO feedback (booking_id, submitted_at, updated_at) VALUES (1, ?, ?)", arguments: [clock.now, clock.now])
        }
        _ = try certificates.issue("s101", for: "N1")
        try Register(database: database, clock: clock, actor: .localOperator).mark("s101", learners: ["N1"], as: .partial, minutes: 170)
        #expect(throws: CertificateError.partial("s101", learnerID: "N1", minutes: 170, of: 180)) { try certificates.issue("s101", for: "N1") }
    }
}

/// The text content of a document, read by Foundation's XML parser: a page that is not
/// well formed fails here.
final class XMLText: NSObject, XMLParserDelegate {
    private var text = ""
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func of(_ page: String) throws -> String {
        let body = page.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let delegate = XMLText()
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return delegate.text
    }
}
