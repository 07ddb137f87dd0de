import Foundation
import GRDB
import Testing
@testable import MusterCore

/// Every audit event carries the before and after of the fields its write changed.
@Suite struct FieldChangesTests {
    func latest(_ given: Given) throws -> AuditTrail.Entry {
        var filter = AuditTrail.Filter()
        filter.limit = 1
        return try #require(try AuditTrail(database: given.database, clock: given.clock, actor: .localOperator).entries(filter).first)
    }

    @Test func anEditRecordsOnlyTheFieldsItChangedWithTheirOldAndNewValues() throws {
        let given = try Given().seeded().learners(1)
        var details = People.Details()
        details.email = "new@council.example"; details.name = "Learner 1"
        _ = try given.people.edit("L1", details)

        let event = try latest(given)
        #expect(event.action == "learner.edit")
        #expect(event.changes == [RecordChange(table: "learner", key: "L1", op: .update,
                                               before: ["email": .text("l1@council.example")],
                                               after: ["email": .text("new@council.example")])])
    }

    @Test func anAdditionRecordsEveryFieldItSetAndABookingItsRowsAcrossTables() throws {
        let given = try Given().seeded().learners(1)
        #expect(try latest(given).changes.first?.after?["name"] == .text("Learner 1"))

        _ = try given.bookings().book("s101", for: "L1")

        let event = try latest(given)
        let booking = try #require(event.changes.first { $0.table == "booking" })
        #expect(booking.op == .insert && booking.after?["learner_id"] == .text("L1") && booking.after?["status"] == .text("confirmed"))
        #expect(event.recordID == booking.key)
        // The place's history and the letter are records of their own, not copied into the trail.
        #expect(!event.changes.contains { ["booking_event", "notification"].contains($0.table) })
    }

    @Test func aPasswordHashAndAPersonsOwnWordsAreNeverCopied() throws {
        let given = try Given().seeded().learners(1)
        var accounts = Accounts(database: given.database, clock: given.clock, actor: .localOperator)
        accounts.rounds = 1_000
        _ = try accounts.add("l1", role: .learner, name: nil, learner: "L1", password: "a long and silly password")
        let added = try latest(given)
        let hash = try #require(added.changes.first?.after?["password_hash"])
        #expect(hash.description.hasSuffix(" characters, not copied)"))
        let stored = try given.database.read { db in try String.fetchOne(db, sql: "SELECT changes FROM audit_event ORDER BY id DESC LIMIT 1")! }
        #expect(!stored.contains("pbkdf2"))

        var draft = CPDArea.Draft()
        draft.date = LocalDate(year: 2026, month: 11, day: 20); draft.title = "Supervision"; draft.hours = 1; draft.kind = .supervision
        draft.reflection = CPDEntry.Reflection(learnt: "Something private", practice: "Ask sooner", peerName: nil, peerDate: nil, peerOutcome: nil)
        _ = try CPDArea(database: given.database, clock: given.clock, actor: .localOperator).add(for: "L1", draft)
        let entry = try #require(try latest(given).changes.first { $0.table == "cpd_entry" })
        #expect(entry.after?["learnt"] == .text("(17 characters, not copied)"))
        #expect(entry.after?["hours"] == .real(1) || entry.after?["hours"] == .integer(1))
    }

    /// An addition shows the fields it set and a removal every field the row held, nulls
    /// included, each with its keys in order and a person's words withheld.
    @Test func aRemovalRecordsEveryFieldTheRowHeldWithWordsWithheldAndKeysInOrder() throws {
        let given = try Given().seeded().learners(1)
        var draft = CPDArea.Draft()
        draft.date = LocalDate(year: 2026, month: 11, day: 20); draft.title = "Supervision"; draft.hours = 1.5; draft.kind = .supervision
        draft.reflection = CPDEntry.Reflection(learnt: "Something private", practice: "Ask sooner", peerName: nil, peerDate: nil, peerOutcome: nil)
        _ = try CPDArea(database: given.database, clock: given.clock, actor: .localOperator).add(for: "L1", draft)
        let added = try #require(try latest(given).changes.first { $0.table == "cpd_entry" })
        #expect(added.after?["peer_name"] == nil && added.after?["learnt"] == .text("(17 characters, not copied)"))

        try given.behindTheServices("remove", on: "cpd_entry", "DELETE FROM cpd_entry")

        let removed = try #require(try latest(given).changes.first)
        #expect(removed.table == "cpd_entry" && removed.op == .delete && removed.after == nil && removed.key == added.key)
        let before = try #require(removed.before)
        #expect(before["peer_name"] == .null && before["booking_id"] == .null)
        #expect(before["learnt"] == .text("(17 characters, not copied)") && before["practice"] == .text("(10 characters, not copied)"))
        #expect(before["hours"] == .real(1.5) && before["learner_id"] == .text("L1") && before["title"] == .text("(11 characters, not copied)"))
        #expect(Set(before.keys) == Set(try #require(added.after).keys).union(["booking_id", "session_id", "peer_name", "peer_date", "peer_outcome"]))
        // Keys in order as stored, for both sides.
        let orders = try given.database.read { db in
            try ["after", "before"].map { side in
                try String.fetchAll(db, sql: """
                    SELECT j.key FROM (SELECT changes FROM audit_event WHERE changes LIKE '%cpd_entry%' ORDER BY id DESC LIMIT 2) e,
                      json_each(e.changes, '$.rows[0].\(side)') j
                    """)
            }
        }
        #expect(orders.allSatisfy { !$0.isEmpty && $0 == $0.sorted() }, "\(orders)")
    }

    @Test func aLargeWriteKeepsItsFirstRowsAndCountsTheRest() throws {
        let given = try Given().seeded()
        let folder = try TemporaryDirectory()
        let csv = try folder.write("learners.csv", "id,name,email,agency\n" + (1...250).map { "P\($0),Person \($0),p\($0)@police.example,Police" }.joined(separator: "\n"))
        _ = try given.people.importLearners(from: csv)

        let event = try latest(given)
        #expect(event.changes.count == FieldChanges.kept)
        let shown = event.changes.filter { $0.table == "learner" }.count
        #expect(event.changesOmitted["learner"] == 250 - shown)
    }

    @Test func aRefusedWriteLeavesNothingForTheNextEvent() throws {
        let given = try Given().seeded().learners(1)
        #expect(throws: (any Error).self) { try given.bookings().book("s999", for: "L1") }
        _ = try given.people.addAgency(id: "police", name: "Police")
        #expect(try latest(given).changes.map(\.table) == ["agency"])
    }

    /// A mark rewrites each booking's calendar revision after its status: that second update
    /// is bookkeeping, not noted, so the count beyond the rows kept is one per place marked.
    @Test func aLargeRegisterCountsEachPlaceOnceNotItsCalendarRevision() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(150)
        let session = try given.session("2027-02-01 09:30", capacity: 150)
        let learners = (1...150).map { "L\($0)" }
        for learner in learners { _ = try given.bookings().book(session, for: learner) }
        let after = try given.at("2027-02-01 18:00")
        try Register(database: after.database, clock: after.clock, actor: .localOperator).mark(session, learners: learners, as: .attended)

        let event = try latest(after)
        let shown = event.changes.filter { $0.table == "booking" }
        #expect(shown.allSatisfy { $0.op == .update && $0.after?["status"] == .text("attended") })
        #expect(event.changesOmitted["booking"] == 150 - shown.count)
    }

    /// Names are compared case-insensitively in the file, but a change of case is a change.
    @Test func aNameChangedOnlyInCaseIsRecorded() throws {
        let given = try Given().seeded()
        _ = try given.people.addAgency(id: "police", name: "Northshire police")
        try given.behindTheServices("rename", on: "agency", "UPDATE agency SET name = 'Northshire Police' WHERE id = 'police'")
        #expect(try latest(given).changes == [RecordChange(table: "agency", key: "police", op: .update,
                                                           before: ["name": .text("Northshire police")],
                                                           after: ["name": .text("Northshire Police")])])
    }

    @Test func anUpdateThatChangesNothingButBookkeepingRecordsNoRow() throws {
        let given = try Given().seeded().learners(1)
        var details = People.Details()
        details.name = "Learner 1"
        _ = try given.people.edit("L1", details)
        #expect(try latest(given).changes.isEmpty)
    }
}
