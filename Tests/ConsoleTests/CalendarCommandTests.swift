import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct CalendarCommandTests {
    /// Sean (P1002) has a place on s101; Ann (P2) has none.
    func harness(as actor: ActingUser = .localOperator) throws -> ConsoleHarness {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given(#"session add hate-crime 2027-01-12 09:30 --venue "Civic Centre, Room 1""#,
                          #"learner add P2 --name "Ann Lee" --email ann@police.example --agency police"#,
                          "book s101 P1002")
        harness.interpreter.context = CommandContext(database: harness.context.database, clock: harness.context.clock,
                                                     actor: actor)
        return harness
    }

    func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-calendar-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static let ann = ActingUser(id: "ann", role: .learner, learnerID: "P2")

    @Test func aLearnersCalendarIsWrittenWholeToTheFileNamed() throws {
        let harness = try harness()
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sean.ics").path
        let (outcome, output, _) = harness.run("export calendar P1002 --output \(path)")
        #expect(outcome == .succeeded)
        #expect(output == "Wrote 1 event of Training: Sean O'Brien to \(path)\n")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("SUMMARY:Hate Crime\r\n") && text.contains("LOCATION:Civic Centre\\, Room 1\r\n"))
        #expect(text.contains("DTSTART;TZID=Europe/London:20270112T093000\r\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["sean.ics"])
        // The session's own calendar, on the screen, names the event the same way.
        let uid = try #require(text.split(separator: "\r\n").first { $0.hasPrefix("UID:") })
        #expect(uid.hasPrefix("UID:session-s101@"))
        #expect(harness.run("export calendar S101").1.contains(uid + "\r\n"))
    }

    @Test func aLearnerUserHasTheirOwnCalendarAndAnySessionsButHearsNothingOfOtherLearners() throws {
        let harness = try harness(as: Self.ann)
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sean.ics").path
        // Sean exists and P1003 does not: Ann is told the same about both, and no file appears.
        #expect(harness.run("export calendar P1002 --output \(path)").2 == "error: no session or learner 'P1002'\n")
        #expect(harness.run("export calendar P1003").2 == "error: no session or learner 'P1003'\n")
        #expect(!FileManager.default.fileExists(atPath: path))
        let own = harness.run("export calendar")
        #expect(own.0 == .succeeded && own.1.contains("X-WR-CALNAME:Training: Ann Lee\r\n"))
        #expect(harness.run("export calendar p2").0 == .succeeded)
        let session = harness.run("export calendar s101")
        #expect(session.0 == .succeeded && session.1.contains("UID:session-s101@"))
    }

    @Test func staffMayExportAnyLearnersCalendar() throws {
        let trainer = try harness(as: ActingUser(id: "jsmith", role: .trainer))
        #expect(trainer.run("export calendar P1002").1.contains("UID:session-s101@"))
        #expect(trainer.run("export calendar").2.hasPrefix("error: missing LEARNER|SESSION\n"))
    }

    @Test func anIdThatNamesNoSessionOrLearnerSaysSoWithNearMatches() throws {
        let harness = try harness()
        #expect(harness.run("export calendar s10").2 == "error: no session or learner 's10'; did you mean s101?\n")
        #expect(harness.run("export calendar P1003").2 == "error: no session or learner 'P1003'; did you mean P1002?\n")
        #expect(harness.run("export calendar nobody").2 == "error: no session or learner 'nobody'\n")
    }
}
