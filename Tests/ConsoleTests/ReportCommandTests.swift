import Foundation
import Testing
@testable import Console
import MusterCore

/// `report year`, `charges policy` and `report charges` at the prompt: a small term typed
/// as the training team would, then read back as an admin, a script and a learner.
@Suite struct ReportCommandTests {
    /// Two Hate Crime sessions in January 2027: s101 runs (P1002 attends, P2 absent, P3
    /// cancels late); s102 is cancelled for the venue.
    func harness() throws -> ConsoleHarness {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given(#"learner add P2 --name "Ann Lee" --email ann@police.example --agency police --job-role "PCSO""#,
                          #"learner add P3 --name "Raj Patel" --email raj@police.example --agency police"#,
                          "session add hate-crime 2027-01-12 09:30 --min 1", "session add hate-crime 2027-01-19 09:30 --min 1",
                          "book s101 P1002", "book s101 P2", "book s101 P3", "book s102 P2")
        let dayBefore = try harness.at("2027-01-11 10:00")
        try dayBefore.given("unbook s101 P3", "session cancel s102 --reason venue")
        let after = try harness.at("2027-01-12 13:00")
        try after.given("attend s101 P1002", "session complete s101 --absent-rest",
                        #"feedback s101 P1002 --course-rating 5 --trainer-rating 4 --before 2 --after 4 --outcomes yes --action "Report it" --comment "Clear and practical""#)
        return try harness.at("2027-02-01 09:00")
    }

    @Test func reportYearJSONCarriesTheContractKeysWithTheTermsFigures() throws {
        let harness = try harness()
        let (outcome, output, errors) = harness.run("report year --from 2027-01-01 --to 2027-01-31 --json")
        #expect(outcome == .succeeded, "\(errors)")
        let json = try #require(try parseJSON(output) as? [String: Any])
        #expect(json["sessions_delivered"] as? Int == 1 && json["topics_delivered"] as? Int == 1)
        #expect(json["attendees"] as? Int == 1 && json["places_booked"] as? Int == 2)
        #expect(json["fill_rate"] as? Double == 10 && json["no_show_rate"] as? Double == 50)
        #expect(json["cancelled"] as? [String: Int] == ["total": 1, "low_numbers": 0, "trainer_unavailable": 0, "venue": 1, "other": 0])
        #expect(json["late_cancellations"] as? Int == 1)
        let quotes = try #require(json["quotes"] as? [[String: String]])
        #expect(quotes == [["text": "Clear and practical", "course": "Hate Crime", "attribution": "Detective Constable, West Midlands Police"]])
    }

    @Test func reportYearReadsAsTheAnnualReportsSentenceAndWritesThePage() throws {
        let harness = try harness()
        let text = harness.run("report year --from 2027-01-01 --to 2027-01-31").1
        #expect(text.contains("1 training session took place, covering 1 different topic. A further 1 was cancelled: 1 because of the venue."))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("year.html").path
        #expect(harness.run("report year --from 2027-01-01 --to 2027-01-31 --html \(page)").1
                == "Wrote the report for 2027-01-01 to 2027-01-31 to \(page)\n")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<tr id=\"figure-sessions-delivered\"><th scope=\"row\">Sessions delivered</th><td class=\"n\">1</td></tr>"))
    }

    @Test func aPeriodBackwardsOrWithoutItsEndIsRefused() throws {
        let harness = try harness()
        #expect(harness.run("report year --from 2027-02-01 --to 2027-01-01").2
                == "error: --from 2027-02-01 is after --to 2027-01-01: give the first day of the period, then the last\n")
        #expect(harness.run("report year --from 2027-01-01").2.contains("--to"))
        #expect(harness.run("report year --from 2027-13-01 --to 2027-12-31").2.contains("2027-13-01"))
    }

    @Test func nothingIsChargedUntilThePartnershipSetsAmounts() throws {
        let harness = try harness()
        #expect(harness.run("report charges --from 2027-01-01 --to 2027-01-31").1
                == "Nothing is charged under the current policy; set amounts with charges policy --half-day AMOUNT --full-day AMOUNT\n")
        try harness.given("charges policy --half-day 50 --full-day 90")
        let table = harness.run("report charges --from 2027-01-01 --to 2027-01-31").1
        #expect(table.contains("P2") && table.contains("no-show") && table.contains("P3") && table.contains("late-cancellation"))
        #expect(table.hasSuffix("Total: £100.00\n"))
        let csv = harness.run("report charges --from 2027-01-01 --to 2027-01-31 --format csv --totals").1
        #expect(csv == "agency,agency_id,bookings,amount\r\nWest Midlands Police,police,2,100.00\r\n")
        try harness.given("charges policy --exempt \"West Midlands Police\"")
        #expect(harness.run("report charges --from 2027-01-01 --to 2027-01-31").1 == "No chargeable bookings on sessions starting 2027-01-01 to 2027-01-31.\n")
        #expect(harness.run("charges policy --half-day ten").2
                == "error: --half-day: 'ten' is not an amount in pounds up to 10000, e.g. 50 or 49.50\n")
    }

    @Test func aPlaceRefilledOrBookedAgainIsFreeAndNothingIsBilledBeforeTheRegisterCloses() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given(#"learner add P2 --name "Ann Lee" --email ann@police.example --agency police"#,
                          #"learner add P3 --name "Raj Patel" --email raj@police.example --agency police"#,
                          "session add hate-crime 2027-01-12 09:30 --min 1 --capacity 2",
                          "book s101 P1002", "book s101 P2", "book s101 P3", "charges policy --half-day 50 --full-day 90")
        // Both cancel late: Ann's place goes to Raj from the waiting list; Sean books again.
        try harness.at("2027-01-11 10:00").given("unbook s101 P2", "unbook s101 P1002", "book s101 P1002 --force")
        let after = try harness.at("2027-01-12 13:00")
        try after.given("attend s101 P3", "attend s101 P1002 --status absent")
        #expect(after.run("report charges --from 2027-01-01 --to 2027-01-31").1
                == "No chargeable bookings on sessions starting 2027-01-01 to 2027-01-31.\n")   // the register is open
        try after.given("session complete s101")
        let csv = after.run("report charges --from 2027-01-01 --to 2027-01-31 --format csv").1
        #expect(csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
                == ["West Midlands Police,police,P1002,Sean O'Brien,s101,Hate Crime,2027-01-12,no-show,50.00"])
    }

    @Test func onlyAdminsReadTheYearAndTheCharges() throws {
        let harness = try harness()
        let shared = harness.interpreter.context
        for actor in [ActingUser(id: "ann", role: .learner, learnerID: "P2"), ActingUser(id: "jsmith", role: .trainer)] {
            harness.interpreter.context = CommandContext(database: shared.database, clock: shared.clock, actor: actor)
            #expect(harness.run("report year --from 2027-01-01 --to 2027-01-31").2 == "error: report: not permitted\n")
            #expect(harness.run("charges policy").2 == "error: charges: not permitted\n")
        }
    }
}
