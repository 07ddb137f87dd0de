import Foundation
import GRDB
import Testing
@testable import MusterCore
@testable import Reports

/// `learner export`: a subject access request answered in one document, checked against the
/// tables themselves, so a row the export forgets, or a table it has never heard of, fails.
@Suite struct SubjectAccessTests {
    static let built = Result { try ReportingYear() }

    let year: ReportingYear
    /// A learner who gave an anonymous comment and cancelled a place late.
    let learner: String
    let record: SubjectAccessRecord

    init() throws {
        year = try Self.built.get()
        let anonymous = Set(try year.learners("""
            SELECT b.learner_id FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE f.anonymous AND f.comment IS NOT NULL
            """))
        learner = try #require(try year.learners("SELECT learner_id FROM booking WHERE late_cancellation ORDER BY id")
            .first { anonymous.contains($0) } ?? anonymous.sorted().first)
        record = try SubjectAccess(database: year.database, clock: year.reportClock, actor: .localOperator).export(learner)
    }

    func count(_ sql: String) throws -> Int {
        try year.database.read { db in try Int.fetchOne(db, sql: sql, arguments: [learner]) ?? 0 }
    }

    @Test func theirAnonymousFeedbackIsTheirsToSee() throws {
        let anonymous = try year.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT f.comment FROM feedback f JOIN booking b ON b.id = f.booking_id
                WHERE b.learner_id = ? AND f.anonymous AND f.comment IS NOT NULL
                """, arguments: [learner])
        }
        #expect(!anonymous.isEmpty)
        let exported = record.section("feedback").filter { $0["anonymous"] == .flag(true) }.compactMap { row -> String? in
            if case .text(let comment)? = row["comment"] { return comment } else { return nil }
        }
        #expect(exported == anonymous)
        #expect(record.section("feedback").count == (try count("SELECT COUNT(*) FROM feedback WHERE booking_id IN (SELECT id FROM booking WHERE learner_id = ?)")))
    }

    @Test func everyBookingComesWithItsSessionAndItsWholeHistory() throws {
        let bookings = record.section("bookings")
        #expect(bookings.count == (try count("SELECT COUNT(*) FROM booking WHERE learner_id = ?")))
        #expect(bookings.contains { $0["late_cancellation"] == .flag(true) })
        for booking in bookings {
            guard case .integer(let id)? = booking["id"] else { Issue.record("a booking without an id"); continue }
            let history = try year.database.read { db in
                try String.fetchAll(db, sql: "SELECT to_status FROM booking_event WHERE booking_id = ? ORDER BY id", arguments: [id])
            }
            let exported = booking.nested.first { $0.name == "history" }?.records.map { $0["to_status"] } ?? []
            #expect(exported == history.map { .text($0) })
            #expect(booking["course_title"] != nil && booking["session_starts_at"] != nil)
            if case .text(let status)? = booking["status"] { #expect(booking["status"] == history.last.map { .text($0) }, "\(status)") }
        }
        #expect(record.section("attendance").count
                == (try count("SELECT COUNT(*) FROM booking WHERE learner_id = ? AND status IN ('attended','partial','absent','excused')")))
    }

    /// The schema is asked, not a list: any table with a `learner_id` or `booking_id` column
    /// must be in the export with every one of this learner's rows.
    @Test func everyTableThatRefersToThemIsInTheExportWithAllTheirRows() throws {
        let tables = try year.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { table -> (String, String)? in
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
                if columns.contains("learner_id") { return (table, "\"\(table)\".learner_id = ?") }
                if columns.contains("booking_id") { return (table, "\"\(table)\".booking_id IN (SELECT id FROM booking WHERE learner_id = ?)") }
                return nil
            }
        }
        #expect(tables.count >= 9)
        let sources = Dictionary(uniqueKeysWithValues: record.sources.map { ($0.table, $0.rows) })
        for (table, condition) in tables {
            #expect(sources[table] == (try count("SELECT COUNT(*) FROM \"\(table)\" WHERE \(condition)")), "\(table)")
            #expect(PersonalData.table(table) != nil, "\(table) refers to learners: say in PersonalData what export and erasure do with it")
        }
        #expect(record.otherRecords.isEmpty)
        #expect(Set(try year.database.read { try PersonalData.schemaTables(in: $0) }.map(\.name)) == Set(PersonalData.tables.map(\.name)))
    }

    @Test func theAuditEventsAboutThemAreEveryOneThatNamesThem() throws {
        // Exports are audited too; other tests' exports of the same year come and go meanwhile.
        let expected = try year.database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, record_type, record_id, detail FROM audit_event WHERE action <> 'learner.export' ORDER BY id").filter { row in
                let words = ((row["detail"] as String?) ?? "").split(whereSeparator: { " :,".contains($0) }).map(String.init)
                return words.contains(learner) || (row["record_type"] == "learner" && row["record_id"] == learner)
            }.map { $0["id"] as Int64 }
        }
        #expect(expected.count > 2)
        #expect(record.section("audit_events").filter { $0["action"] != .text("learner.export") }.map { $0["id"] } == expected.map { .integer($0) })
    }

    @Test func theDocumentHasTheSameSnakeCaseKeysForEveryone() throws {
        let text = SubjectAccessJSON.json(record, local: year.reportClock.local).serialized()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["learner_id", "exported_at", "exported_by", "profile", "accounts", "bookings", "attendance",
                                       "cpd_entries", "certificates", "feedback", "follow_ups", "equivalents", "notifications",
                                       "scheduler_actions", "audit_events", "sources", "other_records"])
        let profile = try #require(document["profile"] as? [String: Any])
        #expect(profile["id"] as? String == learner && profile["agency"] is String && profile["job_role"] is String)
        func keys(_ value: Any) -> [String] {
            if let object = value as? [String: Any] { return object.keys + object.values.flatMap(keys) }
            if let array = value as? [Any] { return array.flatMap(keys) }
            return []
        }
        let sources = Set((document["sources"] as? [String: Any] ?? [:]).keys)
        for key in keys(document) where !sources.contains(key) {
            #expect(key.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(key)")
        }
        // Times are instants with their offset, as every other export writes them.
        #expect((profile["created_at"] as? String)?.hasSuffix("+00:00") == true)
    }
}
