import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct AuditCommandTests {
    @Test func theTrailListsWhoDidWhatNewestFirstAndFiltersByActorRecordAndAction() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("session add hate-crime 2027-01-12 09:30", "book s101 P1002")
        let later = try harness.at("2026-11-24 09:00")
        try later.given("unbook s101 P1002")
        let all = try #require(try parseJSON(later.run("audit --json").1) as? [[String: Any]])
        #expect(all.first?["action"] as? String == "booking.unbook" && all.first?["role"] as? String == "admin")
        #expect(all.first?["actor"] as? String == "local")
        #expect(Set(all.first.map { Array($0.keys) } ?? []) == ["id", "at", "actor", "role", "action", "record_type", "record_id", "detail",
                                                                     "changes", "changes_omitted"])
        let bookings = try #require(try parseJSON(later.run("audit --action booking --json").1) as? [[String: Any]])
        #expect(bookings.map { $0["action"] as? String } == ["booking.unbook", "booking.book"])
        let session = try #require(try parseJSON(later.run("audit --record session:S101 --json").1) as? [[String: Any]])
        #expect(session.map { $0["action"] as? String } == ["session.add"])
        #expect(session.allSatisfy { $0["record_id"] as? String == "s101" })
        #expect(try #require(try parseJSON(later.run("audit --from 2026-11-24 --json").1) as? [Any]).count == 1)
        #expect(try #require(try parseJSON(later.run("audit --limit 2 --json").1) as? [Any]).count == 2)
        #expect(later.run("audit --actor nobody").1 == "(no events)\n")
    }

    @Test func anEventShowsEachFieldItChangedBeforeAndAfter() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("session add hate-crime 2027-01-12 09:30 --capacity 12", "session edit s101 --capacity 9")
        let events = try #require(try parseJSON(harness.run("audit --action session.edit --json").1) as? [[String: Any]])
        let changes = try #require(events.first?["changes"] as? [[String: Any]])
        #expect(changes.count == 1 && changes[0]["table"] as? String == "session" && changes[0]["op"] as? String == "update")
        #expect(changes[0]["before"] as? [String: Int] == ["capacity": 12] && changes[0]["after"] as? [String: Int] == ["capacity": 9])
        let id = try #require(events.first?["id"] as? Int)

        let (status, shown, _) = harness.run("audit show \(id)")

        #expect(status == .succeeded)
        #expect(shown.contains("session.edit session:s101") && shown.contains("changed session s101"))
        #expect(shown.contains("capacity  12 → 9"))
        #expect(harness.run("audit").1.contains("session s101: capacity"))
        #expect(harness.run("audit show 99999").2 == "error: no audit event 99999: audit lists them with their numbers (audit --json, or the # column)\n")
    }

    @Test func onlyAdminsReadTheTrail() throws {
        let harness = try ConsoleHarness()
        harness.interpreter.context = CommandContext(database: harness.context.database, clock: harness.context.clock,
                                                     actor: ActingUser(id: "jsmith", role: .trainer))
        #expect(harness.run("audit").2 == "error: audit: not permitted\n")
    }
}
