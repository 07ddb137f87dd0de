import CSV
import Foundation
import MusterCore
import Reports
import Testing
@testable import Evaluation

/// Three of the four attendees answer (L4, partial, does not):
///   L1: course 5, trainer 4, confidence 2 → 4, outcomes yes, "Great day" (anonymous)
///   L2: course 4, trainer 4, confidence 3 → 3, outcomes partly, "Needed more case studies"
///   L3: course 3, trainer 5, confidence 1 → 4, outcomes yes
@Suite struct SummaryTests {
    func given() throws -> Delegates {
        let given = try Delegates.attended()
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers([
            "course_rating": "5", "trainer_rating": "4", "confidence_before": "2", "confidence_after": "4",
            "action_plan": "Record hate incidents on the form", "comment": "Great day", "anonymous": "yes"]))
        try given.evaluations.submit("s101", for: "L2", answers: Delegates.answers([
            "course_rating": "4", "trainer_rating": "4", "confidence_before": "3", "confidence_after": "3", "outcomes_met": "partly",
            "action_plan": "Share the guidance with my team", "comment": "Needed more case studies", "anonymous": "no"]))
        try given.evaluations.submit("s101", for: "L3", answers: Delegates.answers([
            "course_rating": "3", "trainer_rating": "5", "confidence_before": "1", "confidence_after": "4",
            "action_plan": "Ask about hate crime at every visit"]))
        return given
    }

    @Test func everyFigureMatchesTheHandCount() throws {
        let summary = try given().evaluations.summary(EvaluationScope(.course("hate-crime")))
        #expect(summary.attendees == 4 && summary.responses == 3 && summary.responseRate == 75)
        #expect(summary.mean("course_rating") == 4 && summary.ratings["course_rating"] == [0, 0, 1, 1, 1])
        #expect(summary.mean("trainer_rating") == 4.33 && summary.ratings["trainer_rating"] == [0, 0, 0, 2, 1])
        #expect(summary.mean("confidence_before") == 2 && summary.mean("confidence_after") == 3.67)
        #expect(summary.confidenceGain == 1.67 && summary.confidenceRosePercent == 66.7)
        #expect(summary.outcomes == ["yes": 2, "partly": 1, "no": 0])
        #expect(summary.actions == ["Record hate incidents on the form", "Share the guidance with my team",
                                    "Ask about hate crime at every visit"])
        #expect(summary.allComments == ["Great day", "Needed more case studies"])
    }

    @Test func aDateRangeOutsideTheSessionCountsNothing() throws {
        let given = try given()
        let local = given.clock.local
        let summary = try given.evaluations.summary(EvaluationScope(.course("hate-crime"), from: try local.parseDate("2027-02-01")))
        #expect(summary.attendees == 0 && summary.responses == 0 && summary.responseRate == nil)
    }

    @Test func aTrainerReadsOnlyTheirOwnSessions() throws {
        let given = try given()
        let jsmith = given.acting(as: ActingUser(id: "jsmith", role: .trainer))
        #expect(try jsmith.evaluations.summary(EvaluationScope(.session("s101"))).responses == 3)
        let okhan = given.acting(as: ActingUser(id: "okhan", role: .trainer))
        #expect(throws: EvaluationError.notYourSession("s101")) { try okhan.evaluations.summary(EvaluationScope(.session("s101"))) }
        #expect(try okhan.evaluations.summary(EvaluationScope(.course("hate-crime"))).attendees == 0)
    }

    @Test func anAnonymousCommentIsNeverExportedBesideItsAuthor() throws {
        let given = try given()
        var csv = ""
        try FeedbackExport.write(.csv, given.evaluations, EvaluationScope(.course("hate-crime")), given.clock.local) { csv += $0 }
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(reader.headerRow!, row))) }
        #expect(rows.count == 5) // four attendees and the one anonymous comment
        let author = try #require(rows.first { $0["learner_id"] == "L1" })
        #expect(author["comment"] == "" && author["course_rating"] == "5")
        let anonymous = try #require(rows.first { $0["comment"] == "Great day" })
        #expect(anonymous.filter { !$0.value.isEmpty }.keys.sorted() == ["comment", "course_id"])
        #expect(rows.first { $0["learner_id"] == "L2" }?["comment"] == "Needed more case studies")
        #expect(rows.last?["comment"] == "Great day")

        var json = ""
        try FeedbackExport.write(.json, given.evaluations, EvaluationScope(.course("hate-crime")), given.clock.local) { json += $0 }
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let withComment = objects.filter { $0["comment"] as? String == "Great day" }
        #expect(withComment.count == 1 && withComment[0]["learner_id"] is NSNull && withComment[0]["session_id"] is NSNull)
    }
}
