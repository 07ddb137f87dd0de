import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct SchedulerCommandTests {
    /// Hate Crime on Tue 12 Jan 2027 09:30 (minimum 6, cut-off Tue 5 Jan 09:30) with one booking.
    func harness() throws -> ConsoleHarness {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("session add hate-crime 2027-01-12 09:30 --min 6", "book s101 P1002")
        return harness
    }

    @Test func schedulerRunJSONListsEachActionWithTheContractKeysAndASecondRunNone() throws {
        let atCutoff = try harness().at("2027-01-05 09:30")
        let (outcome, output, errors) = atCutoff.run("scheduler run --json")
        #expect(outcome == .succeeded, "\(errors)")
        let actions = try #require(try parseJSON(output) as? [[String: Any]])
        #expect(actions.count == 1)
        #expect(actions[0]["action"] as? String == "cancel" && actions[0]["session_id"] as? String == "s101")
        #expect(actions[0]["reason"] as? String == "low-numbers" && actions[0]["learners"] as? [String] == ["P1002"])
        #expect(try parseJSON(atCutoff.run("scheduler run --json").1) as? [Any] != nil)
        #expect(atCutoff.run("scheduler run --json").1 == "[]\n")
        #expect(atCutoff.run("scheduler run").1 == "Nothing to do at 2027-01-05 09:30.\n")
    }

    @Test func aDryRunPrintsWhatARunWouldDoAndLeavesTheSessionAlone() throws {
        let atCutoff = try harness().at("2027-01-05 09:30")
        let (_, output, _) = atCutoff.run("scheduler run --dry-run")
        #expect(output.hasPrefix("Dry run at 2027-01-05 09:30: a run now would do this; nothing was changed.\n"))
        #expect(output.contains("cancel  s101     low-numbers"))
        #expect(atCutoff.run("session show s101").1.contains("status:         scheduled\n"))
        #expect(atCutoff.run("scheduler run").1.contains("cancel  s101     low-numbers"))
        #expect(atCutoff.run("session show s101").1.contains("status:         cancelled (low-numbers)\n"))
    }

    @Test func schedulerPolicyShowsAndSetsTheTimingsAndRefusesNonsense() throws {
        let harness = try harness()
        #expect(harness.run("scheduler policy --cutoff-days 99").2
                == "error: --cutoff-days 99 is out of range: expected a whole number from 0 to 60\n")
        #expect(harness.run("scheduler policy --reminder-days soon").2.contains("'soon' is not a whole number"))
        let json = try #require(try parseJSON(harness.run("scheduler policy --cutoff-days 3 --followup-days 60 --json").1) as? [String: Any])
        #expect(json["cutoff_working_days"] as? Int == 3 && json["followup_days"] as? Int == 60 && json["min_attendees"] as? Int == 6)
        #expect(harness.run("scheduler policy").1.contains("cut-off:           3 working days before the start"))
        // Booking now closes three working days before: Thu 7 Jan 09:30.
        #expect(harness.run("session show s101").1.contains("booking closes: 2027-01-07 09:30\n"))
    }

    @Test func sessionsAtRiskShowHowShortEachIsAndTheDaysLeft() throws {
        let harness = try harness()
        let (_, output, _) = harness.run("sessions --at-risk --json")
        let sessions = try #require(try parseJSON(output) as? [[String: Any]])
        #expect(sessions.map { $0["id"] as? String } == ["s101"])
        #expect(sessions[0]["short"] as? Int == 5 && sessions[0]["days_left"] as? Int == 43)
        #expect(sessions[0]["cutoff_at"] as? String == "2027-01-05T09:30:00+00:00")
        #expect(try harness.at("2027-01-05 09:30").run("sessions --at-risk").1 == "(no sessions at risk)\n")
    }

    @Test func outboxSendHandsEachMessageToTheConfiguredCommand() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("sendmail")
        try "#!/bin/sh\ncat > \"$1/message-$$.eml\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)

        let harness = try harness()
        #expect(harness.run("outbox send").2.contains("no sender address is set"))
        try harness.given(#"outbox config --command "\#(script.path) \#(folder.path)" --from training@partnership.example"#)
        #expect(harness.run("outbox send").1 == "Sent 1 notification.\n")
        #expect(harness.run("outbox --unsent --json").1 == "[]\n")
        #expect(harness.run("outbox send").1 == "Nothing to send.\n")
        let messages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
        #expect(messages.count == 1)
        let text = try String(contentsOf: folder.appendingPathComponent(messages[0]), encoding: .utf8)
        #expect(text.contains("To: \"Sean O'Brien\" <sean@police.example>\n"))
    }
}
