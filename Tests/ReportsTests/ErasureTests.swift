import Foundation
import GRDB
import Testing
import Evaluation
@testable import MusterCore
@testable import Reports

/// `learner erase` over a whole realistic year: who they were goes from every table, and
/// everything the partnership publishes stays exactly as it was.
@Suite struct ErasureTests {
    /// Learners who between them attended, came in part, were absent, cancelled late, handed a
    /// place to a colleague and gave named and anonymous feedback, none of it quoted by the
    /// report. Ids of two digits, so no one's id, name or email is part of anyone else's.
    static func picks(_ year: ReportingYear) throws -> [String] {
        let report = try YearReport(from: year.from, to: year.to, database: year.database, clock: year.reportClock, actor: .localOperator)
        let quoted = Set(report.evaluation.quotes.map(\.text))
        let quotedAuthors = Set(try year.database.read { db in
            try Row.fetchAll(db, sql: "SELECT b.learner_id, f.comment FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE f.comment IS NOT NULL")
                .filter { quoted.contains($0["comment"]) }.map { $0["learner_id"] as String }
        })
        let feedback = "SELECT b.learner_id FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE f.comment IS NOT NULL"
        let kinds = [
            "\(feedback) AND NOT f.anonymous ORDER BY b.id",
            "\(feedback) AND f.anonymous ORDER BY b.id",
            "SELECT learner_id FROM booking WHERE late_cancellation ORDER BY id",
            "SELECT learner_id FROM booking WHERE status = 'absent' ORDER BY id",
            "SELECT learner_id FROM booking WHERE status = 'partial' ORDER BY id",
            "SELECT b.learner_id FROM booking_event e JOIN booking b ON b.id = e.booking_id WHERE e.note LIKE 'transferred to %' ORDER BY e.id",
        ]
        var picks: [String] = []
        for sql in kinds {
            let found = try year.learners(sql).first { $0.count == 3 && !quotedAuthors.contains($0) && !picks.contains($0) }
            guard let found else { throw NoOneToErase(sql: sql) }
            picks.append(found)
        }
        return picks
    }

    struct NoOneToErase: Error { let sql: String }

    @Test func erasingLearnersLeavesEveryPublishedFigureAsItWas() throws {
        let year = try ReportingYear()
        try year.charging()
        let picks = try Self.picks(year)
        let before = try PublishedFigures(year)
        let words = try PublishedFigures.words(year)
        let theirs = try year.words(of: picks)
        #expect(!theirs.comments.isEmpty && !theirs.actions.isEmpty)

        try year.erase(picks)

        let after = try PublishedFigures(year)
        #expect(after.year == before.year)
        #expect(after.kpi == before.kpi)
        #expect(after.evaluation == before.evaluation)
        #expect(after.charges == before.charges)
        // Their words, and only theirs, are gone from what the evaluation lists.
        let left = try PublishedFigures.words(year)
        #expect(left.comments == removing(theirs.comments, from: words.comments))
        #expect(left.actions == removing(theirs.actions, from: words.actions))
        let pseudonyms = (1...picks.count).map { "erased-\($0)" }
        #expect(try year.words(of: pseudonyms).comments.isEmpty && year.words(of: pseudonyms).actions.isEmpty)
    }

    @Test func aQuotedLearnersWordsMakeWayForAnothersAndNothingElseChanges() throws {
        let year = try ReportingYear()
        let quotes = try YearReport(from: year.from, to: year.to, database: year.database, clock: year.reportClock,
                                    actor: .localOperator).evaluation.quotes
        let quoted = try #require(quotes.first).text
        let author = try #require(try year.learners("""
            SELECT b.learner_id FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE f.comment = '\(quoted.replacingOccurrences(of: "'", with: "''"))'
            """).first)
        let before = try PublishedFigures(year, leavingOut: ["quotes"])

        try year.erase([author])

        let after = try YearReport(from: year.from, to: year.to, database: year.database, clock: year.reportClock, actor: .localOperator)
        #expect(!after.evaluation.quotes.map(\.text).contains(quoted))
        #expect(after.evaluation.quotes.count == quotes.count)
        #expect(try PublishedFigures(year, leavingOut: ["quotes"]) == before)
    }

    @Test func afterErasureNoRowOfAnyTableHoldsTheirIdNameEmailOrLogin() throws {
        let year = try ReportingYear()
        let picks = try Self.picks(year)
        let clock = year.reportClock, local = clock.local
        // One of them also logs in, keeps a CPD area, has training elsewhere accepted, prints a
        // certificate, books next year's session and hands it to a colleague, who is told their name.
        let pat = try #require(try year.learners("""
            SELECT b.learner_id FROM booking b WHERE b.status = 'attended'
            AND b.learner_id NOT IN (SELECT learner_id FROM booking WHERE status = 'absent') ORDER BY b.id
            """).first { $0.count == 3 && !picks.contains($0) })
        let colleague = try #require(try year.learners("SELECT id FROM learner ORDER BY id").first { $0.count == 3 && $0 != pat && !picks.contains($0) })
        let (patName, patEmail) = try { let i = try year.identity(of: pat); return (i[1], i[2]) }()
        var accounts = Accounts(database: year.database, clock: clock, actor: .localOperator)
        accounts.rounds = 1_000
        try accounts.add("pat.quinn", role: .learner, name: nil, learner: pat, password: "a long and silly password")
        let login = try accounts.authenticate("pat.quinn", password: "a long and silly password")
        var draft = CPDArea.Draft()
        draft.date = try local.parseDate("2028-01-10"); draft.title = "Supervision with \(patName)"; draft.hours = 1
        draft.kind = .supervision
        draft.reflection = CPDEntry.Reflection(learnt: "What \(patName) learnt", practice: "Ask sooner", peerName: "Sam Peer",
                                               peerDate: try local.parseDate("2028-01-11"), peerOutcome: "Agreed")
        _ = try CPDArea(database: year.database, clock: clock, actor: login).add(for: pat, draft)
        try Requirements(database: year.database, clock: clock, actor: .localOperator)
            .recordEquivalent(learner: pat, course: "prevent", on: try local.parseDate("2028-01-05"),
                              evidence: "Certificate for \(patName), \(patEmail)")
        let attended = try #require(try year.database.read { db in
            try String.fetchOne(db, sql: "SELECT session_id FROM booking WHERE learner_id = ? AND status = 'attended'", arguments: [pat])
        })
        _ = try Certificates(database: year.database, clock: clock, actor: login).issue(attended, for: pat)
        let schedule = Schedule(database: year.database, clock: clock, actor: .localOperator)
        var new = Schedule.NewSession(courseID: "prevent", date: try local.parseDate("2028-03-01"), time: try local.parseTime("09:30"))
        new.onlineURL = "https://meet.example/prevent"
        let next = try schedule.add(new).id
        _ = try Bookings(database: year.database, clock: clock, actor: login).book(next, for: pat)
        _ = try Bookings(database: year.database, clock: clock, actor: .localOperator).transfer(next, from: pat, to: colleague)
        _ = try schedule.cancel(next, reason: .other, note: "\(patName) asked for another date")

        let erased = [pat] + picks
        var identities: [String] = ["pat.quinn"]
        for learner in erased { identities += try year.identity(of: learner) }
        // The scan sees them everywhere Muster put them.
        #expect(Set(try identities.flatMap { try year.placesHolding($0) }.map { $0.split(separator: ".")[0] }).isSuperset(of: [
            "learner", "user", "booking_event", "notification", "audit_event", "cpd_entry", "equivalent", "certificate",
            "session", "feedback",
        ]))

        try year.erase(erased)

        for identity in identities {
            #expect(try year.placesHolding(identity) == [], "\(identity)")
        }
        // What they did is all still there, under the pseudonym.
        #expect(try year.placesHolding(colleague).contains("booking.learner_id"))
        let patNow = try People(database: year.database, clock: clock, actor: .localOperator).learner("erased-1")
        #expect(patNow.learner.name == "Erased learner 1" && patNow.learner.email.isEmpty)
        let kept = try year.database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM booking WHERE learner_id = 'erased-1') AS bookings,
                       (SELECT COUNT(*) FROM cpd_entry WHERE learner_id = 'erased-1') AS cpd,
                       (SELECT COUNT(*) FROM certificate c JOIN booking b ON b.id = c.booking_id WHERE b.learner_id = 'erased-1') AS certificates,
                       (SELECT COUNT(*) FROM "user" WHERE learner_id = 'erased-1' AND disabled AND password_hash IS NULL) AS closed
                """)!
        }
        #expect(kept["bookings"] as Int > 1 && kept["cpd"] as Int > 1 && kept["certificates"] as Int == 1 && kept["closed"] as Int == 1)
        #expect(throws: AccountError.refused) { try accounts.authenticate("pat.quinn", password: "a long and silly password") }
    }

    @Test func theErasureIsAuditedWithoutWhoItWas() throws {
        let year = try ReportingYear()
        let learner = try Self.picks(year)[0]
        let identity = try year.identity(of: learner)
        let events = try year.database.auditEventCount()
        try year.erase([learner])
        #expect(try year.database.auditEventCount() == events + 1)
        let event = try year.database.read { db in
            try Row.fetchOne(db, sql: "SELECT action, record_type, record_id, detail, changes FROM audit_event ORDER BY id DESC LIMIT 1")!
        }
        // The rows it changed are counted, never copied: their values are who the learner was.
        let changes = try #require(event["changes"] as String?)
        #expect(changes.hasPrefix("{\"omitted\":{") && changes.contains("\"booking\":") && changes.hasSuffix("\"rows\":[]}"))
        #expect(event["action"] as String == "learner.erase" && event["record_id"] as String == "erased-1")
        let detail: String = event["detail"]
        #expect(detail.hasPrefix("erased-1: ") && detail.contains("kept"))
        for part in identity {
            #expect(!detail.lowercased().contains(part.lowercased()) && !changes.lowercased().contains(part.lowercased()))
        }
        #expect(throws: DataProtectionError.alreadyErased("erased-1")) {
            try Erasure(database: year.database, clock: year.reportClock, actor: .localOperator).erase("erased-1")
        }
        #expect(throws: PeopleError.self) {
            try Erasure(database: year.database, clock: year.reportClock, actor: .localOperator).erase(learner)
        }
    }

    @Test func answersToACoursesOwnQuestionsKeepTheirCountsAndLoseTheirWords() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-erasure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            title: Hate Crime
            area: community
            format: face-to-face
            duration: 3h
            cpd_hours: 3
            questions:
              - id: referral
                text: Do you know how to refer to the MASH?
                kind: yes-no
              - id: story
                text: Tell us about a case this would have helped with.
                kind: text
            """.write(to: folder.appendingPathComponent("hate-crime.yaml"), atomically: true, encoding: .utf8)
        let setUp = try MusterClock.fixed(local: "2027-01-04 09:00"), after = try MusterClock.fixed(local: "2027-01-12 13:00")
        let database = try AppDatabase.inMemory()
        _ = try Catalogue(database: database, clock: setUp, actor: .importer).importCourses(from: folder)
        let people = People(database: database, clock: setUp, actor: .localOperator)
        _ = try people.addAgency(id: "police", name: "Police")
        let local = setUp.local
        let session = try Schedule(database: database, clock: setUp, actor: .localOperator)
            .add(Schedule.NewSession(courseID: "hate-crime", date: try local.parseDate("2027-01-12"), time: try local.parseTime("09:30"))).id
        for (id, name) in [("P1", "Ann Lee"), ("P2", "Raj Patel")] {
            var details = People.Details()
            details.name = name; details.email = "\(id.lowercased())@police.example"; details.agency = "police"
            _ = try people.add(id, details)
            _ = try Bookings(database: database, clock: setUp, actor: .localOperator).book(session, for: id)
        }
        try Register(database: database, clock: after, actor: .localOperator).mark(session, learners: ["P1", "P2"], as: .attended)
        let evaluations = Evaluations(database: database, clock: after, actor: .localOperator)
        for (id, story) in [("P1", "The Lee family in Ashford"), ("P2", "A neighbour dispute")] {
            try evaluations.submit(session, for: id, answers: [
                "course_rating": "4", "trainer_rating": "5", "confidence_before": "2", "confidence_after": "4",
                "outcomes_met": "yes", "action_plan": "Refer sooner", "referral": "yes", "story": story])
        }
        let before = try evaluations.summary(EvaluationScope(.session(session)))
        #expect(before.ownAnswers["story"]?["The Lee family in Ashford"] == 1)

        _ = try Erasure(database: database, clock: after, actor: .localOperator).erase("P1")

        let now = try evaluations.summary(EvaluationScope(.session(session)))
        #expect(now.ownAnswers["referral"] == ["yes": 2])
        #expect(now.ownAnswers["story"] == ["A neighbour dispute": 1])
        #expect(now.responses == 2 && now.ratings == before.ratings && now.actions == ["Refer sooner"])
        #expect(try database.read { db in
            try String.fetchOne(db, sql: "SELECT answers FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE b.learner_id = 'erased-1'")
        } == #"{"referral":"yes"}"#)
    }
}
