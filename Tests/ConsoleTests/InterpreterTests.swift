import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct InterpreterTests {
    @Test func quotedTitlesReachTheCatalogueWhole() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given(#"course edit hate-crime --title 'Hate Crime: "what" to report' --description "Third-party   reporting""#)
        let course = try harness.context.catalogue.course("hate-crime")
        #expect(course.title == #"Hate Crime: "what" to report"#)
        #expect(course.description == "Third-party   reporting")
        let (outcome, output, _) = harness.run(#"courses "third-party   reporting""#)
        #expect(outcome == .succeeded)
        #expect(output.hasSuffix("(1 course)\n"))
    }

    /// Names come from HR files and forms; whoever lists them must not have their terminal
    /// cleared or retitled by an escape sequence one of them holds. Scripts asking for JSON
    /// get the name as it is stored, escaped by JSON.
    @Test func escapeSequencesInRecordsAreSpelledOutAtThePromptAndKeptInJSON() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let name = "Evil\u{1B}[2J\u{1B}]0;pwned\u{07}Co"
        let (outcome, added, _) = harness.run("agency add evil --name \"\(name)\"")
        #expect(outcome == .succeeded)
        _ = try harness.context.people.addAgency(id: "lines", name: "Two\nLines")
        let (_, listed, _) = harness.run("agencies")
        for output in [added, listed] {
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(output)")
            #expect(output.contains(#"Evil\x1B[2J\x1B]0;pwned\x07Co"#), "\(output)")
        }
        #expect(listed.contains(#"Two\x0ALines"#), "a line break in a cell is spelled out too")
        let (_, json, _) = harness.run("agencies --json")
        let agencies = try #require(try parseJSON(json) as? [[String: Any]])
        #expect(agencies.contains { $0["name"] as? String == name })
    }

    @Test func aFailedEditChangesNothing() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let before = try auditCount(harness)
        let (outcome, _, errors) = harness.run("course edit hate-crime --title Changed --area bogus")
        #expect(outcome == .failed)
        #expect(errors.contains("'bogus' is not an area"))
        #expect(try harness.context.catalogue.course("hate-crime").title == "Hate Crime")
        #expect(try auditCount(harness) == before)
    }

    @Test func courseJSONCarriesTheContractKeys() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let (_, output, _) = harness.run("courses --json --area community")
        let courses = try #require(try parseJSON(output) as? [[String: Any]])
        #expect(courses.count == 1)
        for key in ["id", "title", "area", "level", "format", "duration_minutes", "cpd_hours", "capacity",
                    "min_attendees", "renew_months", "retired"] {
            #expect(courses[0].keys.contains(key), "missing \(key)")
        }
        #expect(courses[0]["duration_minutes"] as? Int == 180)
        #expect(courses[0]["renew_months"] is NSNull)
    }

    @Test func sessionAddPrintsTheNewIdAndSessionJSONHasTheContractKeys() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let (_, id, _) = harness.run("session add domestic-abuse 2027-03-30 09:30 --online https://meet.example/da")
        #expect(id == "s101\n")
        let (_, output, _) = harness.run("session show s101 --json")
        let session = try #require(try parseJSON(output) as? [String: Any])
        for key in ["id", "course_id", "course_title", "starts_at", "ends_at", "venue", "trainer", "capacity",
                    "min_attendees", "confirmed", "waitlisted", "status", "cancel_reason"] {
            #expect(session.keys.contains(key), "missing \(key)")
        }
        #expect(session["starts_at"] as? String == "2027-03-30T09:30:00+01:00")
        #expect(session["capacity"] as? Int == 30)
    }

    @Test func learnerJSONCarriesTheContractKeys() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let (_, output, _) = harness.run("learners sean --json")
        let learners = try #require(try parseJSON(output) as? [[String: Any]])
        #expect(Set(["id", "name", "email", "agency", "job_role", "started"]).isSubset(of: learners[0].keys))
        #expect(learners[0]["agency"] as? String == "West Midlands Police")
    }

    @Test(arguments: [
        ("session add hate-crime 2027-5-4 09:30", "expected YYYY-MM-DD"),
        ("session add hate-crime 2027-05-04 9.30", "expected HH:MM"),
        ("session add hate-crime 2027-05-04 09:30 --duration 3hours", "expected hours and minutes like 3h"),
        ("session add hate-crime 2027-05-04 09:30 --capacity 0", "capacity must be at least 1"),
        ("session add hate-crime 2027-05-04 09:30 --capacity 5 --min 6", "minimum numbers (6) cannot be above capacity (5)"),
        ("session add hate-crime 2027-05-04 09:30 --capacity many", "--capacity: 'many' is not a whole number"),
        ("session add hate-crim 2027-05-04 09:30", "no course 'hate-crim'; did you mean hate-crime?"),
        ("session add hate-crime 2027-05-04 09:30 --venue x --online https://y", "cannot be used together"),
        ("course add hate-crime --title Again --area community --format virtual --hours 1", "already exists"),
        ("course add fgm --title FGM --area everywhere --format virtual --hours 1", "'everywhere' is not an area"),
        ("learner show P1", "no learner 'P1'"),
        ("course add x --title \"Unclosed", "unterminated quote"),
        ("course add big --title Big --area adults --format virtual --hours 1e300", "a number of hours from 0 to 1000"),
        ("session add hate-crime 2027-+3-+1 +9:+5", "expected YYYY-MM-DD"),
        ("session add hate-crime 2027-03-28 01:30", "the clocks go forward that night"),
        ("session shw s101", "did you mean session show?"),
    ])
    func badInputGetsAClearErrorAndChangesNothing(line: String, message: String) throws {
        let harness = try ConsoleHarness().withCatalogue()
        let before = try auditCount(harness)
        let (outcome, output, errors) = harness.run(line)
        #expect(outcome == .failed)
        #expect(output.isEmpty)
        #expect(errors.hasPrefix("error: "))
        #expect(errors.contains(message), "got: \(errors)")
        #expect(try auditCount(harness) == before)
    }

    @Test func aSessionForARetiredCourseIsRefused() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("course retire hate-crime")
        let (outcome, _, errors) = harness.run("session add hate-crime 2027-05-04 09:30")
        #expect(outcome == .failed)
        #expect(errors.contains("retired"))
    }

    @Test func tablesFitTheTerminalByShorteningTitles() throws {
        let harness = try ConsoleHarness(width: 80).withCatalogue()
        try harness.given(#"course add long --title "Understanding, Recognition and Response to Child Sexual Abuse in Families" --area children --format face-to-face --hours 6"#)
        let (_, output, _) = harness.run("courses")
        for line in output.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(output.contains("Understanding, Rec…  children"))
        #expect(output.contains("…"))
    }

    @Test func quitEndsTheLoop() throws {
        let harness = try ConsoleHarness()
        #expect(harness.run("quit").0 == .quit)
    }

    func auditCount(_ harness: ConsoleHarness) throws -> Int {
        try harness.context.database.auditEventCount()
    }
}

@Suite struct BookingCommandTests {
    @Test func bookPrintsWhereTheLearnerStandsAndItsJSONHasTheContractKeys() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("session add hate-crime 2027-05-04 09:30 --capacity 1 --min 1",
                          #"learner add P2 --name "Ann Lee" --email ann@police.example --agency police"#)
        #expect(harness.run("book s101 P1002").1 == "Confirmed: P1002 has a place on s101\n")
        let (_, output, _) = harness.run("book s101 P2 --json")
        let booking = try #require(try parseJSON(output) as? [String: Any])
        for key in ["id", "session_id", "learner_id", "status", "waitlist_position", "booked_at"] {
            #expect(booking.keys.contains(key), "missing \(key)")
        }
        #expect(booking["status"] as? String == "waitlisted")
        #expect(booking["waitlist_position"] as? Int == 1)
        #expect(harness.run("unbook s101 P1002").1 == "Cancelled: P1002 on s101\nPromoted from the waiting list: P2\n")
        let (_, list, _) = harness.run("bookings P2 --json")
        #expect((try parseJSON(list) as? [[String: Any]])?.first?["status"] as? String == "confirmed")
    }

    @Test func staffMustNameTheLearner() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let (outcome, _, errors) = harness.run("book s101")
        #expect(outcome == .failed)
        #expect(errors.hasPrefix("error: missing LEARNER"))
    }
}

@Suite struct RollCallTests {
    /// Three delegates on a session that started at 09:30 today.
    func harness() throws -> ConsoleHarness {
        let harness = try ConsoleHarness(now: "2026-11-23 08:00").withCatalogue()
        try harness.given("session add hate-crime 2026-11-23 09:30 --capacity 5 --min 1 --cutoff-days 0",
                          #"learner add P2 --name "Ann Lee" --email ann@police.example --agency police"#,
                          #"learner add P3 --name "Cy Day" --email cy@police.example --agency police"#,
                          "book s101 P1002", "book s101 P2", "book s101 P3")
        let later = try ConsoleHarness(now: "2026-11-23 12:00")
        later.interpreter.context = CommandContext(database: harness.context.database, clock: later.context.clock,
                                                   actor: .localOperator)
        return later
    }

    @Test func theRollCallAsksEachDelegateReAsksOnNonsenseAndSavesAsItGoes() throws {
        let harness = try harness()
        let questions = harness.answering(["a", "maybe", "p", "500", "95", "x"])
        let (outcome, output, _) = harness.run("register s101")
        #expect(outcome == .succeeded)
        #expect(questions.asked == [
            "P1002 Sean O'Brien [unmarked] a/p/x/e, Enter keeps: ",
            "P2 Ann Lee [unmarked] a/p/x/e, Enter keeps: ", "P2 Ann Lee [unmarked] a/p/x/e, Enter keeps: ",
            "  minutes attended (1-180): ", "  minutes attended (1-180): ",
            "P3 Cy Day [unmarked] a/p/x/e, Enter keeps: ",
        ])
        #expect(output == "Register of s101: 1 attended, 1 partial, 1 absent, 0 excused, 0 unmarked. Close it with: session complete s101\n")
    }

    @Test func leavingTheRollCallKeepsWhatWasMarkedAndEnterKeepsAMark() throws {
        let harness = try harness()
        _ = harness.answering(["e", nil])
        #expect(harness.run("register s101").1 == "Register left after 1 marks; resume with: register s101\n")
        let questions = harness.answering(["", "a", "a"])
        #expect(harness.run("register s101").1.hasPrefix("Register of s101: 2 attended, 0 partial, 0 absent, 1 excused"))
        #expect(questions.asked.first == "P1002 Sean O'Brien [excused] a/p/x/e, Enter keeps: ")
    }

    @Test func offATerminalTheRegisterPointsToAttend() throws {
        let harness = try harness()
        let (outcome, _, errors) = harness.run("register s101")
        #expect(outcome == .failed)
        #expect(errors.contains("attend SESSION LEARNER..."))
    }
}
