import Foundation
import MusterCore
import Testing
@testable import Evaluation

@Suite struct FormVersionTests {
    /// The fixtures' catalogue, with hate-crime asking its own `questions`.
    func courses(_ questions: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-form-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Delegates.fixture("Courses"), to: folder)
        let file = folder.appendingPathComponent("hate-crime.yaml")
        try (try String(contentsOf: file, encoding: .utf8) + "questions:\n" + questions).write(to: file, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func changingACoursesQuestionsNeverChangesAnswersAlreadyGiven() throws {
        let first = try courses("  - id: referral\n    text: Do you know how to refer to the MASH?\n    kind: yes-no\n")
        defer { try? FileManager.default.removeItem(at: first) }
        let given = try Delegates.attended(courses: first)
        #expect(try given.evaluations.open("s101", for: "L1").form.questions.last?.key == "referral")
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["referral": "y"]))

        let second = try courses("  - id: format\n    text: Which format suits you?\n    kind: choice\n    choices: [face-to-face, online]\n")
        defer { try? FileManager.default.removeItem(at: second) }
        let catalogue = Catalogue(database: given.database, clock: given.clock, actor: .importer)
        #expect(try catalogue.importCourses(from: second).updated == ["hate-crime"])
        #expect(try catalogue.importCourses(from: second).updated.isEmpty)

        #expect(try given.evaluations.open("s101", for: "L2").form.questions.last?.key == "format")
        #expect(throws: EvaluationError.unknownQuestion("referral", known: FeedbackForm.defaultQuestions.map(\.key) + ["format"])) {
            try given.evaluations.submit("s101", for: "L2", answers: Delegates.answers(["referral": "yes"]))
        }
        try given.evaluations.submit("s101", for: "L2", answers: Delegates.answers(["format": "onl"]))

        // L1 amends against the questions they were asked.
        #expect(try given.evaluations.open("s101", for: "L1").form.questions.last?.key == "referral")
        #expect(try given.evaluations.response("s101", for: "L1").response.answers["referral"] == "yes")
        let summary = try given.evaluations.summary(EvaluationScope(.session("s101")))
        #expect(summary.ownAnswers == ["referral": ["yes": 1], "format": ["online": 1]])
    }

    @Test func aCourseQuestionCannotTakeTheNameOfOneOfTheFormsOwn() throws {
        let clash = try courses("  - id: comment\n    text: Anything else?\n    kind: text\n")
        defer { try? FileManager.default.removeItem(at: clash) }
        do {
            _ = try Delegates.attended(courses: clash)
            Issue.record("the import should have been refused")
        } catch {
            #expect("\(error)".contains("'comment' cannot be a question id"))
        }
    }

    @Test func aMalformedQuestionStopsTheImportAndSaysWhere() throws {
        let broken = try courses("  - id: format\n    text: Which format?\n    kind: choice\n")
        defer { try? FileManager.default.removeItem(at: broken) }
        #expect(throws: CatalogueError.self) { try Delegates.attended(courses: broken) }
        do { _ = try Delegates.attended(courses: broken) } catch {
            #expect("\(error)".contains("question 1: a choice question needs at least two choices"))
        }
    }
}
