import Foundation
import Testing
@testable import Console
import MusterCore

/// `learner export`, `learner erase` and `retention` at the prompt and in scripts.
@Suite struct DataProtectionCommandTests {
    /// January 2027's Hate Crime: P1002 attends and comments, P2 is absent, P3 cancels late;
    /// then read at `now`.
    func harness(at now: String = "2027-02-01 09:00") throws -> ConsoleHarness {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given(#"learner add P2 --name "Ann Lee" --email ann@police.example --agency police --job-role "PCSO""#,
                          #"learner add P3 --name "Raj Patel" --email raj@police.example --agency police"#,
                          #"requirement add hate-crime --roles "Detective Constable,PCSO" --target 80 --kpi 3.1"#,
                          "session add hate-crime 2027-01-12 09:30 --min 1", "book s101 P1002", "book s101 P2", "book s101 P3")
        try harness.at("2027-01-11 10:00").given("unbook s101 P3")
        try harness.at("2027-01-12 13:00").given(
            "attend s101 P1002", "session complete s101 --absent-rest",
            #"feedback s101 P1002 --course-rating 5 --trainer-rating 4 --before 2 --after 4 --outcomes yes --action "Report it" --comment "Sean found it clear" --anonymous"#)
        return try harness.at(now)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-dp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func learnerExportWritesOneWholeJSONFileThatOnlyItsWriterCanRead() throws {
        let harness = try harness()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("p1002.json").path
        let database = harness.interpreter.context.database
        let events = try database.auditEventCount()
        let (outcome, output, errors) = harness.run("learner export P1002 --output \(path)")
        #expect(outcome == .succeeded, "\(errors)")
        #expect(try database.auditEventCount() == events + 1)
        #expect(output.hasPrefix("Wrote everything held about P1002 to \(path): "))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["p1002.json"])
        let json = try #require(try parseJSON(try String(contentsOfFile: path, encoding: .utf8)) as? [String: Any])
        #expect((json["profile"] as? [String: Any])?["name"] as? String == "Sean O'Brien")
        let feedback = try #require(json["feedback"] as? [[String: Any]])
        #expect(feedback.count == 1 && feedback[0]["anonymous"] as? Bool == true && feedback[0]["comment"] as? String == "Sean found it clear")
        let bookings = try #require(json["bookings"] as? [[String: Any]])
        #expect(bookings.count == 1 && (bookings[0]["history"] as? [Any])?.count == 2)
        #expect(harness.run("learner export P1002 --output \(folder.path)/missing/p.json").2.contains("cannot write"))
        #expect(try database.auditEventCount() == events + 1)
        #expect(harness.run("learner export P1002").2.contains("--output"))
    }

    @Test func learnerEraseIsConfirmedByTypingTheIdAndRefusedUnconfirmedInAScript() throws {
        let harness = try harness()
        #expect(harness.run("learner erase P1002").2
                == "error: erasure cannot be undone, so it is confirmed: at a terminal type what you are asked; in a script use: learner erase P1002 --yes\n")
        let declined = harness.answering(["yes"])
        #expect(harness.run("learner erase P1002").1 == "Nothing was erased.\n")
        #expect(declined.asked.first?.contains("Erase P1002 (Sean O'Brien, West Midlands Police) for good?") == true)
        #expect(harness.run("learner show P1002").0 == .succeeded)

        _ = harness.answering(["p1002"])
        let (outcome, output, errors) = harness.run("learner erase P1002")
        #expect(outcome == .succeeded, "\(errors)")
        #expect(output.hasPrefix("Erased P1002: the record is now erased-1 (Erased learner 1).\nKept 1 booking "))
        #expect(harness.run("learner show P1002").2.hasPrefix("error: no learner 'P1002'"))
        #expect(harness.run("learner erase erased-1 --yes").2 == "error: learner 'erased-1' has already been erased: nothing identifies them any more\n")
    }

    @Test func aLearnerStillHoldingAPlaceIsErasedOnlyOnceItIsGivenUp() throws {
        let harness = try harness()
        try harness.given("session add hate-crime 2027-03-30 09:30", "book s102 P2")
        #expect(harness.run("learner erase P2 --yes").2
                == "error: learner 'P2' still holds a place on s102: give it up first (unbook s102 P2) so the waiting list moves on; nothing was erased\n")
        #expect(harness.run("learner show P2").0 == .succeeded)
        try harness.given("unbook s102 P2", "learner erase P2 --yes")
    }

    @Test func erasingKeepsTheYearTheKPIsAndTheEvaluationAsTheyWere() throws {
        let harness = try harness()
        let commands = ["report year --from 2027-01-01 --to 2027-12-31 --json", "report kpi --json", "evaluation hate-crime --json"]
        let before = commands.map { harness.run($0).1 }
        try harness.given("learner erase P1002 --yes", "learner erase P3 --yes", "learner erase P2 --yes")
        let after = commands.map { harness.run($0).1 }
        #expect(after[0] == before[0] && after[1] == before[1])
        // The evaluation's figures stay; only the anonymous comment and action plan went with their writer.
        let was = try #require(try parseJSON(before[2]) as? [String: Any]), now = try #require(try parseJSON(after[2]) as? [String: Any])
        for key in ["responses", "attendees", "response_rate", "course_rating", "trainer_rating", "confidence_before", "confidence_after", "confidence_gain"] {
            #expect("\(was[key] ?? "none")" == "\(now[key] ?? "none")", "\(key)")
        }
        #expect(was["comments"] as? [String] == ["Sean found it clear"] && now["comments"] as? [String] == [])
        #expect(harness.run("learners").1.contains("Erased learner 3"))
    }

    @Test func retentionListsRehearsesAndErasesWhoIsPastThePeriod() throws {
        let later = try harness(at: "2033-03-01 09:00")
        #expect(later.run("retention policy").1.contains("Records are kept 6 years"))
        let due = try #require(try parseJSON(later.run("retention due --json").1) as? [[String: Any]])
        #expect(due.map { $0["learner_id"] as? String } == ["P3", "P2", "P1002"])
        let rehearsal = later.run("retention apply --dry-run")
        #expect(rehearsal.1.hasPrefix("Dry run: retention apply now would erase 3 learners last active before 2027-03-01; nothing was changed."))
        #expect(later.run("learner show P2").0 == .succeeded)
        #expect(later.run("retention apply").2.contains("in a script use: retention apply --yes"))
        #expect(later.run("learner show P2").0 == .succeeded)

        try later.given("retention policy --years 7")
        #expect(later.run("retention due").1.hasPrefix("No one is due: nobody was last active before 2026-03-01 (7-year retention)."))
        #expect(later.run("retention policy --years 0").2.contains("give whole years from 1 to 100"))
        try later.given("retention policy --years 6")
        let (outcome, output, errors) = later.run("retention apply --yes --json")
        #expect(outcome == .succeeded, "\(errors)")
        let erased = try #require(try parseJSON(output) as? [[String: Any]])
        #expect(erased.map { $0["erased_as"] as? String } == ["erased-1", "erased-2", "erased-3"])
        #expect(later.run("learner show P2").2.hasPrefix("error: no learner 'P2'"))
        #expect(later.run("retention due").1.hasPrefix("No one is due"))
    }

    @Test func learnersAndTrainersAreNotPermittedAnyOfIt() throws {
        let harness = try harness()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("muster-dp-\(UUID().uuidString).json").path
        let database = harness.interpreter.context.database
        for actor in [ActingUser(id: "sean", role: .learner, learnerID: "P1002"), ActingUser(id: "jsmith", role: .trainer)] {
            harness.interpreter.context = CommandContext(database: database, clock: harness.context.clock, actor: actor)
            for line in ["learner export P1002 --output \(path)", "learner erase P1002 --yes", "retention due",
                         "retention apply --dry-run", "retention policy --years 1"] {
                let (outcome, _, errors) = harness.run(line)
                #expect(outcome == .failed && errors.contains("not permitted"), "\(actor.role) \(line): \(errors)")
            }
        }
        harness.interpreter.context = CommandContext(database: database, clock: harness.context.clock, actor: .localOperator)
        #expect(harness.run("learner show P1002").0 == .succeeded)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
