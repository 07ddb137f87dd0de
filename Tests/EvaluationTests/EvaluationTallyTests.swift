import Foundation
import GRDB
import MusterCore
import Testing
@testable import Evaluation

/// Evaluations are summed from each session's stored tally, so the tally must follow every
/// change to who attended and what they answered, by whatever path it comes.
@Suite struct EvaluationTallyTests {
    func drift(_ given: Delegates) throws -> [String] {
        try given.database.read { db in try EvaluationTally.drift(db) }
    }

    /// SQL run behind the services' backs, as a test's own audited write.
    func behindTheServices(_ given: Delegates, _ body: (Database) throws -> Void) throws {
        try given.database.write(AuditEvent.Draft(actor: .localOperator, at: given.clock.now, action: "test", recordType: "feedback", detail: ""), body)
    }

    func summary(_ given: Delegates) throws -> EvaluationSummary {
        try given.evaluations.summary(EvaluationScope(.session("s101")))
    }

    @Test func theTallyFollowsAnswersGivenAmendedAndFollowedUp() throws {
        // Given four attendees, none of whom has answered
        let given = try Delegates.attended()
        #expect(try summary(given).attendees == 4 && summary(given).responses == 0)
        // When two answer, one amends and one follows up months later
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["course_rating": "2", "comment": "Slow"]))
        try given.evaluations.submit("s101", for: "L2", answers: Delegates.answers(["course_rating": "5"]))
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["course_rating": "3", "comment": "Slow start"]))
        try given.at("2027-04-12 12:30").evaluations.submitFollowUp(
            "s101", for: "L2", FollowUpAnswer(applied: .yes, example: "Used the checklist", confidenceNow: 5))
        // Then the figures are those of the answers as they stand, and a recount agrees
        let s = try summary(given)
        #expect(s.responses == 2 && s.ratings["course_rating"] == [0, 0, 1, 0, 1] && s.allComments == ["Slow start"])
        #expect(s.followUps == 1 && s.applied["yes"] == 1 && s.followUpConfidence == [0, 0, 0, 0, 1] && s.examples == ["Used the checklist"])
        #expect(try drift(given).isEmpty)
    }

    @Test func aRegisterCorrectedAfterFeedbackTakesTheAnswersOutOfTheFigures() throws {
        // Given L1's feedback counted
        let given = try Delegates.attended()
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers(["comment": "Good"]))
        #expect(try summary(given).responses == 1)
        // When the register is corrected: L1 was not there after all, and L5 was
        let register = Register(database: given.database, clock: given.clock, actor: .localOperator)
        try register.mark("s101", learners: ["L1"], as: .absent)
        try register.mark("s101", learners: ["L5"], as: .attended)
        // Then L1's answers no longer count, L5 is an attendee, and a recount agrees
        let s = try summary(given)
        #expect(s.attendees == 4 && s.responses == 0 && s.commentsGiven == 0)
        #expect(try drift(given).isEmpty)
    }

    @Test func aCoursesOwnQuestionsAreTalliedAndFollowAnErasure() throws {
        // Given answers to a course's own question
        let given = try Delegates.attended()
        try behindTheServices(given) { db in
            try db.execute(sql: "INSERT INTO feedback(booking_id, submitted_at, updated_at, answers) SELECT id, ?, ?, ? FROM booking WHERE learner_id IN ('L1', 'L2') AND session_id = 's101'",
                           arguments: [given.clock.now, given.clock.now, #"{"referral":"yes"}"#])
        }
        #expect(try summary(given).ownAnswers == ["referral": ["yes": 2]])
        // When one of them is erased
        _ = try Erasure(database: given.database, clock: given.clock, actor: .localOperator).erase("L1")
        // Then their answer, to a question no form counts, goes as free text does; their
        // response still counts, and the figures agree with a recount
        #expect(try summary(given).ownAnswers == ["referral": ["yes": 1]] && summary(given).responses == 2)
        #expect(try drift(given).isEmpty)
    }

    @Test func aTallyLeftBehindByAChangeIsFound() throws {
        // Given a sound tally
        let given = try Delegates.attended()
        #expect(try drift(given).isEmpty)
        // When an answer arrives with the triggers that keep the tally gone
        try behindTheServices(given) { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'evaluation_tally_%'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
        }
        try given.evaluations.submit("s101", for: "L3", answers: Delegates.answers())
        // Then the session is named as drifted, and its figures are stale
        #expect(try drift(given) == ["s101"])
        #expect(try summary(given).responses == 0)
    }

    @Test func aScreenListsTheLatestWordsAndSaysHowManyThereAre() throws {
        // Given three action plans, given in booking order
        let given = try Delegates.attended()
        for (learner, action) in [("L1", "First"), ("L2", "Second"), ("L3", "Third")] {
            try given.evaluations.submit("s101", for: learner, answers: Delegates.answers(["action_plan": action, "comment": action]))
        }
        // When read for a screen that lists two
        let shown = try given.evaluations.summary(EvaluationScope(.course("hate-crime")), listing: 2)
        // Then the latest two are listed, oldest first, and all three are counted
        #expect(shown.actions == ["Second", "Third"] && shown.actionsGiven == 3)
        #expect(shown.namedComments.map(\.text) == ["Second", "Third"] && shown.commentsGiven == 3 && !shown.listsEverything)
        let every = try given.evaluations.summary(EvaluationScope(.course("hate-crime")))
        #expect(every.actions == ["First", "Second", "Third"] && every.listsEverything)
    }
}
