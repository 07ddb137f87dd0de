import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct EvaluationCommandTests {
    /// Hate Crime on Tue 12 Jan 2027 09:30–12:30: Sean (P1002) and Ann (P2) attended; seen at 13:00.
    func harness() throws -> ConsoleHarness {
        let setup = try ConsoleHarness().withCatalogue()
        try setup.given("session add hate-crime 2027-01-12 09:30 --min 1",
                        #"learner add P2 --name "Ann Lee" --email ann@police.example --agency police"#,
                        "book s101 P1002", "book s101 P2")
        let after = try setup.at("2027-01-12 13:00")
        try after.given("attend s101 P1002 P2")
        return after
    }

    @Test func theFormAsksOneQuestionAtATimeAndAsksAgainWithWhatIsExpected() throws {
        let harness = try harness()
        let questions = harness.answering(["5", "nine", "4", "2", "4", "mostly", "p", "Use the third-party reporting form", "", "", "y"])
        let (outcome, output, errors) = harness.run("feedback s101 P1002")
        #expect(outcome == .succeeded, "\(errors)")
        #expect(output == "Thank you: feedback on s101 saved; it can be changed until 2027-02-11 12:30.\n")
        #expect(questions.asked[0] == "(1/8) Overall, how would you rate the course? (1 poor – 5 excellent) ")
        #expect(questions.asked[2] == "  (expected a whole number from 1 to 5) (2/8) How would you rate the trainer? (1 poor – 5 excellent) ")
        #expect(questions.asked[6].hasPrefix("  (expected yes, partly, no) (5/8)"))
        // No comment was given, so anonymity was not asked; the form ended there.
        #expect(questions.asked.count == 9)
        let shown = harness.run("feedback s101 P1002 --show").1.split(separator: "\n")
        #expect(shown.contains { $0.hasPrefix("How would you rate the trainer?") && $0.hasSuffix(" 4") })
        #expect(shown.contains { $0.hasPrefix("Were the stated learning outcomes met?") && $0.hasSuffix(" partly") })
    }

    @Test func leavingTheFormWithCtrlCSavesNothing() throws {
        let harness = try harness()
        _ = harness.answering(["5", "4", "2", nil])
        #expect(harness.run("feedback s101 P1002").1 == "Feedback left; nothing was saved.\n")
        #expect(harness.run("feedback s101 P1002 --show").2 == "error: P1002 has not given feedback on s101 yet: feedback s101\n")
    }

    @Test func evaluationJSONCarriesTheContractKeysAndAnAnonymousCommentNoName() throws {
        let harness = try harness()
        try harness.given(#"feedback s101 P1002 --course-rating 5 --trainer-rating 4 --before 2 --after 4 --outcomes yes --action "Use the form" --comment "Brilliant trainer" --anonymous"#,
                          #"feedback s101 P2 --course-rating 3 --trainer-rating 3 --before 3 --after 4 --outcomes partly --action "Brief my team" --comment "Too long""#)
        let json = try #require(try parseJSON(harness.run("evaluation s101 --json").1) as? [String: Any])
        for key in ["responses", "attendees", "response_rate", "course_rating", "trainer_rating", "confidence_before",
                    "confidence_after", "confidence_gain", "comments", "actions"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["responses"] as? Int == 2 && json["course_rating"] as? Double == 4 && json["confidence_gain"] as? Double == 1.5)
        #expect(json["comments"] as? [String] == ["Brilliant trainer", "Too long"])
        let table = harness.run("evaluation hate-crime").1
        #expect(table.contains("  - Brilliant trainer (anonymous)\n"))
        #expect(table.contains("  - Too long (Ann Lee)"))
        #expect(!table.contains("Sean"))
        #expect(table.contains("course: mean 4 of 5\n  5 ██████████████████████████████ 1\n"))
    }

    @Test func amendingAnAnonymousCommentKeepsItAnonymous() throws {
        let harness = try harness()
        try harness.given(#"feedback s101 P2 --course-rating 3 --trainer-rating 3 --before 3 --after 4 --outcomes partly --action "Brief my team" --comment "Too long" --anonymous"#,
                          #"feedback s101 P2 --comment "Too long by an hour""#)
        let table = harness.run("evaluation s101").1
        #expect(table.contains("  - Too long by an hour (anonymous)"))
        #expect(!table.contains("Ann Lee"))
        try harness.given(#"feedback s101 P2 --named"#)
        #expect(harness.run("evaluation s101").1.contains("  - Too long by an hour (Ann Lee)"))
    }

    @Test func learnersGiveTheirOwnFeedbackButReadNoEvaluations() throws {
        let harness = try harness()
        let shared = harness.interpreter.context
        harness.interpreter.context = CommandContext(database: shared.database, clock: shared.clock,
                                                     actor: ActingUser(id: "ann", role: .learner, learnerID: "P2"))
        #expect(harness.run("feedback s101 --course-rating 4 --trainer-rating 4 --before 1 --after 3 --outcomes yes --action Plan").0 == .succeeded)
        #expect(harness.run("feedback s101 P1002 --course-rating 4").2 == "error: no learner 'P1002'\n")
        #expect(harness.run("evaluation s101").2 == "error: evaluation: not permitted\n")
        #expect(harness.run("export feedback").2 == "error: export: not permitted\n")
    }

    @Test func answersToACoursesOwnQuestionsMustBeIDEqualsValue() throws {
        let harness = try harness()
        #expect(harness.run("feedback s101 P1002 --answer referral").2
                == "error: --answer: 'referral' is not ID=VALUE, separated by ;\n")
        #expect(harness.run("feedback s101 P1002 --show").2.contains("has not given feedback"))
    }

    @Test func offATerminalTheFormAsksForItsAnswersAsOptions() throws {
        let harness = try harness()
        #expect(harness.run("feedback s101 P1002").2.hasPrefix("error: feedback asks at the prompt; in a script give the answers"))
    }
}
