import Foundation
import GRDB
import Testing
@testable import MusterCore

/// What erasure rewrites in Muster's own words, and what it leaves to others.
@Suite struct ErasureRulesTests {
    /// Two learners called Ann Smith, both booked on s101; the first hands her place to Raj.
    static func namesakes() throws -> Given {
        let given = try Given(now: "2026-11-23 10:00").seeded()
        _ = try given.people.addAgency(id: "council", name: "Council")
        for (id, name) in [("C1", "Ann Smith"), ("C2", "Ann Smith"), ("C3", "Raj Patel")] {
            var details = People.Details()
            details.name = name; details.email = "\(id.lowercased())@council.example"; details.agency = "council"
            _ = try given.people.add(id, details)
        }
        _ = try given.bookings().book("s101", for: "C1")
        _ = try given.bookings().book("s101", for: "C2")
        _ = try given.bookings().transfer("s101", from: "C1", to: "C3")
        return given
    }

    func letters(_ given: Given, to learner: String) throws -> [String] {
        try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM notification WHERE learner_id = ? ORDER BY id", arguments: [learner])
        }
    }

    @Test func anotherLearnerOfTheSameNameKeepsTheirLettersWhileLettersNamingTheErasedAreRewritten() throws {
        let given = try Self.namesakes()
        let hers = try letters(given, to: "C2")
        #expect(hers.allSatisfy { $0.hasPrefix("Dear Ann Smith,") })
        #expect(try letters(given, to: "C3").contains { $0.contains("Ann Smith has passed you their place") })

        _ = try Erasure(database: given.database, clock: given.clock, actor: .localOperator).erase("C1")

        #expect(try letters(given, to: "C2") == hers)
        #expect(try letters(given, to: "C3").contains { $0.contains("Erased learner 1 has passed you their place") })
        #expect(try letters(given, to: "erased-1").allSatisfy(\.isEmpty))
        let notes = try given.database.read { db in try String.fetchAll(db, sql: "SELECT note FROM booking_event WHERE note LIKE 'transferred%'") }
        #expect(Set(notes) == ["transferred to C3", "transferred from erased-1"])
    }

    @Test func anErasedRecordTakesNoNewBookingEditCPDOrLoginAndNothingChanges() throws {
        let given = try Self.namesakes()
        _ = try given.bookings().unbook("s101", for: "C2")
        _ = try Erasure(database: given.database, clock: given.clock, actor: .localOperator).erase("C2")
        let events = try given.auditCount()
        let refusal = PeopleError.erased("erased-1")

        #expect(throws: refusal) { try given.bookings().book("s102", for: "erased-1") }
        #expect(throws: refusal) { try given.bookings().transfer("s101", from: "C3", to: "erased-1") }
        var details = People.Details()
        details.name = "Ann Smith"
        #expect(throws: refusal) { try given.people.edit("erased-1", details) }
        var draft = CPDArea.Draft()
        draft.date = LocalDate(year: 2026, month: 11, day: 20); draft.title = "Reading"; draft.hours = 1
        #expect(throws: refusal) { try CPDArea(database: given.database, clock: given.clock, actor: .localOperator).add(for: "erased-1", draft) }
        var accounts = Accounts(database: given.database, clock: given.clock, actor: .localOperator)
        accounts.rounds = 1_000
        #expect(throws: refusal) { try accounts.add("ann", role: .learner, name: nil, learner: "erased-1", password: "a long and silly password") }

        #expect(try given.auditCount() == events)
        #expect(refusal.description.contains("keeps its counts"))
    }

    @Test func anErasedRecordKeepsWhatKPIsCountAndLosesWhoTheyWere() throws {
        let given = try Given(now: "2026-11-23 10:00").seeded()
        _ = try given.people.addAgency(id: "council", name: "Council")
        var details = People.Details()
        details.name = "Ann Lee"; details.email = "ann@council.example"; details.agency = "council"; details.jobRole = "Social Worker"
        details.started = LocalDate(year: 2025, month: 4, day: 1); details.cpdProfile = "swe"
        details.revalidation = LocalDate(year: 2027, month: 11, day: 30)
        _ = try given.people.add("ann@council.example", details)

        let outcome = try Erasure(database: given.database, clock: given.clock, actor: .localOperator).erase("ann@council.example")

        #expect(outcome.erased.map(\.pseudonym) == ["erased-1"])
        let erased = try given.people.learner("erased-1").learner
        #expect(erased.name == "Erased learner 1" && erased.email == "")
        #expect(erased.agencyID == "council" && erased.jobRole == "Social Worker" && erased.started == details.started)
        #expect(erased.cpdProfile == nil && erased.revalidation == nil)
        #expect(throws: PeopleError.self) { try given.people.learner("ann@council.example") }
        // Foreign keys still hold everywhere after the re-keying, and are enforced again.
        #expect(try given.database.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try given.database.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
    }

    @Test func aRefusedErasureChangesNothingAndLeavesForeignKeysEnforced() throws {
        let given = try Given(now: "2026-11-23 10:00").seeded().learners(2)
        _ = try given.bookings().book("s101", for: "L1")
        let erasure = Erasure(database: given.database, clock: given.clock, actor: .localOperator)
        let events = try given.auditCount()
        #expect(throws: DataProtectionError.placesHeld("L1", sessions: ["s101"])) { try erasure.erase("L1") }
        #expect(try given.people.learner("L1").learner.name == "Learner 1")
        #expect(try given.auditCount() == events)
        #expect(try given.database.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        // Enforced, the same re-keying outside `writeRekeying` is refused rather than leave a booking behind.
        #expect(throws: (any Error).self) {
            try given.database.write(AuditEvent.Draft(actor: .localOperator, at: given.clock.now, action: "test", recordType: "learner")) { db in
                try db.execute(sql: "UPDATE learner SET id = 'moved' WHERE id = 'L1'")
            }
        }
    }
}
