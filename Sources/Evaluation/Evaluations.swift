import Foundation
import GRDB
import MusterCore

/// Feedback tied to attendance: only a delegate marked attended or partial answers, once per
/// booking, and may amend until the evaluation closes; months later they answer the impact
/// follow-up. Staff read the summaries; a trainer only of their own sessions.
public struct Evaluations: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// The form a delegate is about to fill in, with their earlier answers when amending.
    public struct Opening: Sendable, Equatable {
        public var sessionID: String
        public var learnerID: String
        public var courseTitle: String
        public var form: FeedbackForm
        public var earlier: FeedbackResponse?
        public var closes: Date
    }

    public func open(_ sessionID: String, for learnerID: String) throws -> Opening {
        try database.read { db in try opening(sessionID, learnerID, in: db) }
    }

    /// Saves the answers whole (or replaces earlier ones). Returns whether it was an amendment.
    @discardableResult
    public func submit(_ sessionID: String, for learnerID: String, answers: [String: String]) throws -> Bool {
        try database.write(event("feedback.submit", "\(sessionID) \(learnerID)")) { db in
            try submit(sessionID, for: learnerID, answers: answers, in: db)
        }
    }

    /// The same answers inside the caller's transaction, for a path that writes many at once
    /// (the demo partnership) and must keep exactly these rules.
    @discardableResult
    package func submit(_ sessionID: String, for learnerID: String, answers: [String: String], in db: Database) throws -> Bool {
        let opening = try opening(sessionID, learnerID, in: db)
        let checked = try opening.form.check(answers)
        let booking = try attended(sessionID, learnerID, in: db).1
        try FeedbackResponse.save(checked, bookingID: booking.id!, formID: opening.form.courseFormID, in: db, now: clock.now)
        return opening.earlier != nil
    }

    /// A delegate's own answers, for them to read.
    public func response(_ sessionID: String, for learnerID: String) throws -> (form: FeedbackForm, response: FeedbackResponse) {
        try database.read { db in
            let opening = try opening(sessionID, learnerID, in: db, checkingWindow: false)
            guard var earlier = opening.earlier else { throw EvaluationError.noFeedback(session: opening.sessionID, learner: opening.learnerID) }
            // Staff reading one delegate's answers must not learn who wrote an anonymous comment.
            if actor.role != .learner && earlier.answers["anonymous"] == "yes" {
                earlier.answers["comment"] = "(an anonymous comment, shown only without a name in the evaluation)"
            }
            return (opening.form, earlier)
        }
    }

    // MARK: - The impact follow-up

    public func openFollowUp(_ sessionID: String, for learnerID: String) throws -> (closes: Date, earlier: FollowUpAnswer?) {
        try database.read { db in
            let (_, booking, closes) = try followUpWindow(sessionID, learnerID, in: db)
            return (closes, try Row.fetchOne(db, sql: "SELECT * FROM follow_up WHERE booking_id = ?", arguments: [booking.id]).map {
                FollowUpAnswer(applied: FollowUpAnswer.Applied(rawValue: $0["applied"]) ?? .no, example: $0["example"],
                               confidenceNow: $0["confidence_now"])
            })
        }
    }

    public func submitFollowUp(_ sessionID: String, for learnerID: String, _ answer: FollowUpAnswer) throws {
        try database.write(event("feedback.follow-up", "\(sessionID) \(learnerID)")) { db in
            let (_, booking, _) = try followUpWindow(sessionID, learnerID, in: db)
            try db.execute(sql: """
                INSERT INTO follow_up(booking_id, applied, example, confidence_now, submitted_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(booking_id) DO UPDATE SET applied = excluded.applied, example = excluded.example,
                  confidence_now = excluded.confidence_now, updated_at = excluded.updated_at
                """, arguments: [booking.id, answer.applied.rawValue, answer.example, answer.confidenceNow, clock.now, clock.now])
        }
    }

    // MARK: - Rules

    private func opening(_ sessionID: String, _ learnerID: String, in db: Database, checkingWindow: Bool = true) throws -> Opening {
        let (summary, booking) = try attended(sessionID, learnerID, in: db)
        let policy = try SchedulingPolicy.load(db)
        let local = clock.local, now = clock.now
        let session = summary.session
        let closes = local.adding(days: policy.evaluationDays, to: session.endsAt)
        if checkingWindow {
            if now < session.endsAt { throw EvaluationError.notYetOpen(session: session.id, opens: local.format(session.endsAt)) }
            if now >= closes { throw EvaluationError.closed(session: session.id, closedAt: local.format(closes)) }
        }
        let row = try Row.fetchOne(cached: db, sql: "SELECT * FROM feedback WHERE booking_id = ?", arguments: [booking.id])
        let earlier = try row.map(FeedbackResponse.init(row:))
        // Amending keeps the questions first answered; a first answer takes the course's latest.
        let formID: Int64? = row != nil ? row!["form_id"] : try FeedbackForms.current(for: session.courseID, in: db)?.id
        let questions = try formID.map { try FeedbackForms.version($0, in: db) } ?? []
        return Opening(sessionID: session.id, learnerID: booking.learnerID, courseTitle: summary.courseTitle,
                       form: FeedbackForm(courseQuestions: questions, courseFormID: formID), earlier: earlier, closes: closes)
    }

    private func followUpWindow(_ sessionID: String, _ learnerID: String, in db: Database) throws -> (SessionSummary, Booking, Date) {
        let (summary, booking) = try attended(sessionID, learnerID, in: db)
        let policy = try SchedulingPolicy.load(db)
        guard policy.followUpDays > 0 else { throw EvaluationError.noFollowUps }
        let local = clock.local, now = clock.now
        let opens = local.adding(days: policy.followUpDays, to: summary.session.endsAt)
        let closes = local.adding(days: policy.evaluationDays, to: opens)
        if now < opens { throw EvaluationError.followUpNotYetOpen(session: summary.session.id, opens: local.format(opens)) }
        if now >= closes { throw EvaluationError.followUpClosed(session: summary.session.id, closedAt: local.format(closes)) }
        return (summary, booking, closes)
    }

    /// The delegate's attended or partial booking on the session; anyone else is refused.
    private func attended(_ sessionID: String, _ learnerID: String, in db: Database) throws -> (SessionSummary, Booking) {
        // A trainer must not write, amend or read one delegate's answers about their own session.
        if actor.role == .trainer { throw EvaluationError.notTheirsToAnswer }
        let summary = try Schedule.summary(sessionID, in: db)
        let learner = try actor.learner(learnerID, in: db).learner
        guard let booking = try Booking.fetchOne(cached: db, sql: """
            SELECT * FROM booking WHERE session_id = ? AND learner_id = ?
            ORDER BY status IN \(BookingStatus.cameSQL) DESC, id DESC LIMIT 1
            """, arguments: [summary.session.id, learner.id]) else {
            throw EvaluationError.notBooked(session: summary.session.id, learner: learner.id)
        }
        guard [.attended, .partial].contains(booking.status) else {
            throw EvaluationError.notAttended(session: summary.session.id, learner: learner.id, status: booking.status)
        }
        return (summary, booking)
    }

    func event(_ action: String, _ detail: String) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "feedback", detail: detail)
    }
}
