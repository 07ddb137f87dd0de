import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The retention rule: a record is due for erasure once its learner has been inactive for
/// the policy's years, read against an injected clock; applying it erases through the same
/// path as `learner erase`, and a dry run leaves every row of every table as it was.
@Suite struct RetentionTests {
    /// Five learners created in 2025 and 2026; B books s101 (12 January 2027) and attends it.
    /// Read on 1 February 2032 with the six-year default, the cut-off is 1 February 2026.
    static func partnership() throws -> (given: Given, now: Given) {
        let start = try Given(now: "2025-01-20 10:00").seeded()
        try start.learners(2) // L1: inactive since 2025, seven years; L2: attends in 2027, five years ago
        var details = People.Details()
        details.name = "Learner 3"; details.email = "l3@council.example"; details.agency = "council"
        _ = try start.at("2026-01-31 18:00").people.add("L3", details)  // the day before the cut-off: due
        details.name = "Learner 4"; details.email = "l4@council.example"
        _ = try start.at("2026-02-01 08:00").people.add("L4", details)  // the cut-off's own day: not due
        _ = try start.at("2026-12-01 10:00").bookings().book("s101", for: "L2")
        try Register(database: start.database, clock: try MusterClock.fixed(local: "2027-01-12 13:00"), actor: .localOperator)
            .mark("s101", learners: ["L2"], as: .attended)
        return (start, try start.at("2032-02-01 09:00"))
    }

    func retention(_ given: Given, as actor: ActingUser = .localOperator) -> Retention {
        Retention(database: given.database, clock: given.clock, actor: actor)
    }

    @Test func aLearnerInactiveSevenYearsIsDueAndOneActiveFiveYearsAgoIsNot() throws {
        let (_, now) = try Self.partnership()
        let (policy, cutoff, due) = try retention(now).due()
        #expect(policy == .standard && policy.years == 6)
        #expect(now.clock.local.format(cutoff) == "2026-02-01 00:00")
        #expect(due.map(\.learnerID) == ["L1", "L3"])
        #expect(now.clock.local.format(due[0].lastActive) == "2025-01-20 10:00")
    }

    @Test func aLongerPolicyDefersTheSameLearner() throws {
        let (_, now) = try Self.partnership()
        try retention(now).setPolicy(try RetentionPolicy(years: 8))
        #expect(try retention(now).due().learners.isEmpty)
        try retention(now).setPolicy(try RetentionPolicy(years: 5))
        #expect(try retention(now).due().learners.map(\.learnerID) == ["L1", "L3", "L4", "L2"])
        #expect(throws: DataProtectionError.badRetentionYears(0)) { try RetentionPolicy(years: 0) }
    }

    @Test func aDryRunReportsTheErasuresAndChangesNoRowOfAnyTable() throws {
        let (_, now) = try Self.partnership()
        let before = try Self.everyRow(now.database)
        let run = try retention(now).apply(dryRun: true)
        #expect(run.outcome.erased.map(\.formerID) == ["L1", "L3"])
        #expect(run.outcome.erased.map(\.pseudonym) == ["erased-1", "erased-2"])
        #expect(try Self.everyRow(now.database) == before)
        // And the real run does what the dry run said.
        let real = try retention(now).apply(dryRun: false)
        #expect(real.outcome == run.outcome)
        #expect(try Self.everyRow(now.database) != before)
    }

    @Test func applyingErasesEveryoneDueInOneAuditedRunAndNoOneTwice() throws {
        let (_, now) = try Self.partnership()
        let events = try now.auditCount()
        let run = try retention(now).apply(dryRun: false)
        #expect(run.outcome.erased.map(\.formerID) == ["L1", "L3"])
        #expect(try now.auditCount() == events + 1)
        #expect(throws: PeopleError.self) { try now.people.learner("L1") }
        #expect(try now.people.learner("erased-1").learner.name == "Erased learner 1")
        #expect(try now.people.learner("L2").learner.name == "Learner 2")
        let event = try now.database.read { db in
            try Row.fetchOne(db, sql: "SELECT action, record_id, detail FROM audit_event ORDER BY id DESC LIMIT 1")!
        }
        #expect(event["action"] as String == "retention.apply")
        let detail: String = event["detail"]
        #expect(detail.contains("erased-1") && detail.contains("erased-2") && detail.contains("6-year"))
        #expect(!detail.contains("L1") && !detail.contains("L3") && !detail.contains("Learner"))
        // Erased records are never due again, and a second run has nothing to do or record.
        #expect(try retention(now).due().learners.isEmpty)
        #expect(try retention(now).apply(dryRun: false).outcome.erased.isEmpty)
        #expect(try now.auditCount() == events + 1)
    }

    @Test func onlyAnAdminAppliesOrListsRetention() throws {
        let (_, now) = try Self.partnership()
        for actor in [ActingUser(id: "ann", role: .learner, learnerID: "L1"), ActingUser(id: "jsmith", role: .trainer)] {
            #expect(throws: DataProtectionError.adminsOnly) { try retention(now, as: actor).apply(dryRun: true) }
            #expect(throws: DataProtectionError.adminsOnly) { try retention(now, as: actor).due() }
            #expect(throws: DataProtectionError.adminsOnly) {
                try Erasure(database: now.database, clock: now.clock, actor: actor).erase("L1")
            }
            #expect(throws: DataProtectionError.adminsOnly) {
                try SubjectAccess(database: now.database, clock: now.clock, actor: actor).export("L1")
            }
        }
    }

    /// Every row of every table, as text, in rowid order.
    static func everyRow(_ database: AppDatabase) throws -> [String: [String]] {
        try database.read { db in
            var rows: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                rows[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"" + (table == "sqlite_sequence" ? "" : " ORDER BY rowid"))
                    .map { $0.description }
            }
            return rows
        }
    }
}

/// Finding people in Muster's own words: whole ids and whole names only.
@Suite struct MentionsTests {
    static var mentions: Mentions {
        var mentions = Mentions()
        mentions.identifier("L1", becomes: "erased-1")
        mentions.identifier("ann.lee@council.example", becomes: "erased-1")
        mentions.name("Ann O'Lee", becomes: "Erased learner 1")
        return mentions
    }

    @Test func anIdIsReplacedWhereverItStandsAlone() {
        let m = Self.mentions
        #expect(m.scrub("s101 L1") == "s101 erased-1")
        #expect(m.scrub("s101 l1 -> L7") == "s101 erased-1 -> L7")
        #expect(m.scrub("attended: L7 L1, L9") == "attended: L7 erased-1, L9")
        #expect(m.scrub("transferred from L1.") == "transferred from erased-1.")
        #expect(m.scrub(#"{"learner":"L1"}"#) == #"{"learner":"erased-1"}"#)
        #expect(m.scrub("mail to <ann.lee@council.example> failed") == "mail to <erased-1> failed")
    }

    @Test func anIdInsideAnotherIsLeftAlone() {
        let m = Self.mentions
        #expect(m.scrub("s101 L10") == nil)
        #expect(m.scrub("s101 XL1") == nil)
        #expect(m.scrub("joann.lee@council.example") == nil)
        #expect(m.scrub("L1.5") == nil)
    }

    @Test func aNameIsReplacedAsItsWordsInOrder() {
        let m = Self.mentions
        #expect(m.scrub("Dear Ann O'Lee,\n\nYour place") == "Dear Erased learner 1,\n\nYour place")
        #expect(m.scrub("passed to ann  o'lee today") == "passed to Erased learner 1 today")
        #expect(m.scrub("Joann O'Lee") == nil)
        #expect(m.scrub("Ann O'Leary") == nil)
        #expect(m.scrub("Ann O Lee") == nil)
    }

    @Test func aOneWordNameIsNotSoughtButAQuotedEmailIs() {
        var m = Mentions()
        m.name("Ann", becomes: "Erased learner 2")
        m.identifier("sean.o'brien@police.example", becomes: "erased-2")
        #expect(m.scrub("Dear Ann Smith,") == nil)
        #expect(m.scrub("mail to 'sean.o'brien@police.example' bounced") == "mail to 'erased-2' bounced")
    }
}
