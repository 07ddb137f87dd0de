import Foundation
import MusterCore
import Testing
@testable import Evaluation

@Suite struct EligibilityTests {
    @Test func onlyDelegatesMarkedAttendedOrPartialMayAnswer() throws {
        let given = try Delegates.attended()
        #expect(try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers()) == false)
        #expect(try given.evaluations.submit("s101", for: "L4", answers: Delegates.answers()) == false)
        #expect(throws: EvaluationError.notAttended(session: "s101", learner: "L5", status: .absent)) {
            try given.evaluations.submit("s101", for: "L5", answers: Delegates.answers())
        }
        #expect(throws: EvaluationError.notAttended(session: "s101", learner: "L6", status: .excused)) {
            try given.evaluations.submit("s101", for: "L6", answers: Delegates.answers())
        }
        #expect(throws: EvaluationError.notAttended(session: "s101", learner: "L7", status: .cancelled)) {
            try given.evaluations.open("s101", for: "L7")
        }
        #expect(throws: EvaluationError.notBooked(session: "s101", learner: "L8")) { try given.evaluations.open("s101", for: "L8") }
    }

    @Test func aLearnerAnswersOnlyForThemselvesAndLearnsNothingAboutOthers() throws {
        let given = try Delegates.attended().acting(as: ActingUser(id: "l2", role: .learner, learnerID: "L2"))
        #expect(try given.evaluations.submit("s101", for: "L2", answers: Delegates.answers()) == false)
        #expect(throws: PeopleError.unknownLearner("L1", suggestions: [])) { try given.evaluations.open("s101", for: "L1") }
        #expect(throws: PeopleError.unknownLearner("L8", suggestions: [])) { try given.evaluations.open("s101", for: "L8") }
    }

    @Test func aTrainerNeitherAnswersNorReadsOneDelegatesFeedback() throws {
        let given = try Delegates.attended()
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["comment": "Slow start", "anonymous": "yes"]))
        let trainer = given.acting(as: ActingUser(id: "jsmith", role: .trainer))
        #expect(throws: EvaluationError.notTheirsToAnswer) { try trainer.evaluations.submit("s101", for: "L2", answers: Delegates.answers()) }
        #expect(throws: EvaluationError.notTheirsToAnswer) { try trainer.evaluations.response("s101", for: "L1") }
        // An admin reading L1's answers does not learn that L1 wrote the anonymous comment.
        #expect(try given.evaluations.response("s101", for: "L1").response.answers["comment"] != "Slow start")
        let own = given.acting(as: ActingUser(id: "l1", role: .learner, learnerID: "L1"))
        #expect(try own.evaluations.response("s101", for: "L1").response.answers["comment"] == "Slow start")
    }

    @Test func noFollowUpIsTakenWhenThePartnershipTurnedThemOff() throws {
        let given = try Delegates.attended()
        var policy = try Schedule(database: given.database, clock: given.clock, actor: .localOperator).policy()
        try policy.set(.followUpDays, to: 0)
        try Schedule(database: given.database, clock: given.clock, actor: .localOperator).setPolicy(policy)
        #expect(throws: EvaluationError.noFollowUps) {
            try given.at("2027-04-12 12:30").evaluations.submitFollowUp("s101", for: "L1", FollowUpAnswer(applied: .yes, example: nil, confidenceNow: 4))
        }
    }

    @Test func feedbackOpensAtTheEndAndCanBeAmendedUntilItCloses() throws {
        let given = try Delegates.attended()
        #expect(throws: EvaluationError.notYetOpen(session: "s101", opens: "2027-01-12 12:30")) {
            try given.at("2027-01-12 12:29").evaluations.open("s101", for: "L1")
        }
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers())
        let amended = try given.at("2027-02-11 12:29").evaluations
        #expect(try amended.submit("s101", for: "L1", answers: Delegates.answers(["course_rating": "2"])) == true)
        #expect(try amended.response("s101", for: "L1").response.answers["course_rating"] == "2")
        #expect(try given.count("feedback") == 1)
        #expect(throws: EvaluationError.closed(session: "s101", closedAt: "2027-02-11 12:30")) {
            try given.at("2027-02-11 12:30").evaluations.submit("s101", for: "L1", answers: Delegates.answers(["course_rating": "5"]))
        }
        #expect(try given.at("2027-03-01 09:00").evaluations.response("s101", for: "L1").response.answers["course_rating"] == "2")
    }

    @Test func aFormMissingAnAnswerOrWithAWrongOneIsRefusedWhole() throws {
        let given = try Delegates.attended()
        var missing = Delegates.answers()
        missing["action_plan"] = nil
        #expect(throws: EvaluationError.missingAnswer("action_plan", "What will you do differently in your practice?")) {
            try given.evaluations.submit("s101", for: "L1", answers: missing)
        }
        #expect(throws: EvaluationError.badAnswer("trainer_rating", "6", expected: "a whole number from 1 to 5")) {
            try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["trainer_rating": "6"]))
        }
        #expect(throws: EvaluationError.badAnswer("outcomes_met", "maybe", expected: "one of yes, partly, no")) {
            try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["outcomes_met": "maybe"]))
        }
        #expect(try given.count("feedback") == 0)
    }

    @Test func theFollowUpOpensAtTheDelayAndStandsBesideTheFeedback() throws {
        let given = try Delegates.attended()
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers())
        let answer = FollowUpAnswer(applied: .partly, example: "Used the DASH checklist", confidenceNow: 4)
        #expect(throws: EvaluationError.followUpNotYetOpen(session: "s101", opens: "2027-04-12 12:30")) {
            try given.at("2027-04-12 12:29").evaluations.submitFollowUp("s101", for: "L1", answer)
        }
        try given.at("2027-04-12 12:30").evaluations.submitFollowUp("s101", for: "L1", answer)
        let summary = try given.evaluations.summary(EvaluationScope(.session("s101")))
        #expect(summary.followUps == 1 && summary.applied["partly"] == 1 && summary.examples == ["Used the DASH checklist"])
        #expect(summary.responses == 1)
        #expect(throws: EvaluationError.notAttended(session: "s101", learner: "L5", status: .absent)) {
            try given.at("2027-04-12 12:30").evaluations.submitFollowUp("s101", for: "L5", answer)
        }
    }
}

extension Delegates {
    func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0 }
    }
}
