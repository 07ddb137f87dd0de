import Foundation
import GRDB
import MusterCore

/// One run of the scheduler inside one transaction: every step looks at the clock's `now`
/// and at what earlier runs recorded in `scheduler_action`, so a step is taken once, late
/// if runs were missed, and never twice.
struct SchedulerPass {
    let db: Database
    let ledger: BookingLedger
    let policy: SchedulingPolicy
    private(set) var actions: [SchedulerAction] = []
    /// What each action changed, taken as it was recorded.
    private var changes: [String?] = []

    /// One audit event per action, with the scheduler as actor: each is a decision about one
    /// session, made on its own grounds, and is found under that session.
    var audit: [AuditEvent.Draft] {
        zip(actions, changes).map { action, changes in
            var event = AuditEvent.Draft(actor: .scheduler, at: now, action: "scheduler.\(action.kind.rawValue)",
                                         recordType: "session", recordID: action.sessionID,
                                         detail: "\(action.reason): \(action.detail)")
            event.changes = changes
            return event
        }
    }

    var now: Date { ledger.now }
    var local: LocalTime { ledger.local }
    var letters: Letters { ledger.letters }

    init(_ db: Database, clock: MusterClock) throws {
        self.db = db
        ledger = BookingLedger(db, actor: .scheduler, clock: clock)
        policy = try SchedulingPolicy.load(db)
    }

    mutating func run() throws {
        try decideAtCutoff()
        try remind()
        try askForFeedback()
        try remindOfOpenRegisters()
        try followUp()
    }

    // MARK: - 1. The cut-off

    /// Sessions whose cut-off has passed and that no run has decided yet.
    mutating func decideAtCutoff() throws {
        // No cut-off of n working days lies more than 2n + 14 calendar days before its start.
        let longest = max(policy.cutoffWorkingDays, try Int.fetchOne(cached: db, sql: """
            SELECT MAX(cutoff_days) FROM session WHERE status = 'scheduled' AND cutoff_decision IS NULL
            """) ?? 0)
        let horizon = local.adding(days: 2 * longest + 14, to: now)
        let undecided = try Row.fetchAll(cached: db, sql: SessionSummary.selection + """
             WHERE s.status = 'scheduled' AND s.cutoff_decision IS NULL AND s.starts_at <= ?
             ORDER BY s.starts_at, s.id
            """, arguments: [horizon], as: SessionSummary.init(row:))
        for summary in undecided where now >= policy.cutoff(of: summary.session, in: local) {
            let session = summary.session
            let below = summary.confirmed < session.minAttendees
            let numbers = "\(summary.confirmed) confirmed of minimum \(session.minAttendees)"
            if session.startsAt <= now {
                // However late the run, a session that has begun is not the scheduler's to cancel.
                try decide(summary, below ? .startedBelowMinimum : .goingAhead)
                try record(below ? .report : .goAhead, summary, reason: below ? "started-below-minimum" : "minimum-met",
                           learners: try learners(on: session.id, statuses: ["confirmed"]),
                           detail: "started \(local.format(session.startsAt)) before a run decided: \(numbers)"
                               + (below ? "; not cancelled" : ""))
            } else if below {
                try cancel(summary)
            } else {
                try decide(summary, .goingAhead)
                if let trainer = try trainer(of: session) {
                    try ledger.send(letters.goingAhead(trainer: trainer, .init(summary), confirmed: summary.confirmed,
                                                       capacity: session.capacity, minimum: session.minAttendees,
                                                       waiting: summary.waitlisted))
                }
                try record(.goAhead, summary, reason: "minimum-met",
                           learners: try learners(on: session.id, statuses: ["confirmed"]),
                           detail: "\(numbers), \(summary.freePlaces) places free" + (session.trainerID == nil ? "; no trainer to tell" : ""))
            }
        }
    }

    private mutating func cancel(_ summary: SessionSummary) throws {
        let session = summary.session
        let alternatives = try Schedule.alternatives(to: session, in: db, now: now, local: local)
        let (_, cancelled) = try Schedule.cancel(summary, reason: .lowNumbers, note: nil, with: ledger)
        if let trainer = try trainer(of: session) {
            try ledger.send(letters.cancelledForLowNumbers(trainer: trainer, .init(summary), confirmed: summary.confirmed,
                                                           minimum: session.minAttendees, told: cancelled.count,
                                                           alternatives: alternatives))
        }
        try record(.cancel, summary, reason: CancelReason.lowNumbers.rawValue, learners: cancelled.map(\.learnerID),
                   detail: "\(summary.confirmed) confirmed of minimum \(session.minAttendees) at the cut-off; "
                       + (cancelled.isEmpty ? "nobody was booked"
                          : "\(cancelled.count) told" + (alternatives.isEmpty ? ", no other dates to offer"
                                                         : ", offered " + alternatives.map(\.session.id).joined(separator: ", "))))
    }

    private func decide(_ summary: SessionSummary, _ decision: CutoffDecision) throws {
        try db.execute(cached: "UPDATE session SET cutoff_decision = ?, decided_at = ? WHERE id = ?",
                       arguments: [decision.rawValue, now, summary.session.id])
    }

    // MARK: - 2. Timed notices

    /// Confirmed learners, once, at the lead time before the start. Someone who booked after
    /// that moment has just had the details in their confirmation.
    private mutating func remind() throws {
        let days = policy.reminderDays
        guard days > 0 else { return }
        let due = try pending(.reminder, statuses: ["confirmed"], sessionStatuses: ["scheduled"],
                              startsFrom: now, startsUntil: local.adding(days: days + 1, to: now)) { session, booking in
            let at = local.adding(days: -days, to: session.startsAt)
            return now >= at && now < session.startsAt && (booking.confirmedAt ?? booking.bookedAt) < at
        }
        let letters = letters
        for (summary, bookings) in due {
            try notify(.reminder, summary, bookings, reason: "starts-soon",
                       detail: "starts \(local.format(summary.session.startsAt))") { letters.reminder($0, .init(summary)) }
        }
    }

    /// Each attendee once, after the session, while feedback is open.
    private mutating func askForFeedback() throws {
        let delay = TimeInterval(policy.feedbackDelayHours * 3600)
        let due = try pending(.feedbackRequest, statuses: ["attended", "partial"], sessionStatuses: ["scheduled", "completed"],
                              startsFrom: local.adding(days: -(policy.evaluationDays + 7), to: now), startsUntil: now,
                              unanswered: true) { session, _ in
            now >= session.endsAt.addingTimeInterval(delay) && now < closes(session)
        }
        let letters = letters
        for (summary, bookings) in due {
            let closes = closes(summary.session)
            try notify(.feedbackRequest, summary, bookings, reason: "session-ended",
                       detail: "feedback open until \(local.format(closes))") {
                letters.feedbackRequest($0, .init(summary), closes: closes)
            }
        }
    }

    /// The trainer of a session that ended with its register still open, once.
    private mutating func remindOfOpenRegisters() throws {
        let delay = TimeInterval(policy.feedbackDelayHours * 3600)
        let open = try Row.fetchAll(cached: db, sql: SessionSummary.selection + """
             WHERE s.status = 'scheduled' AND s.starts_at <= ? AND s.starts_at >= ?
               AND NOT EXISTS (SELECT 1 FROM scheduler_action a WHERE a.action = ? AND a.session_id = s.id
                               AND IFNULL(a.booking_id, 0) = 0)
             ORDER BY s.starts_at, s.id
            """, arguments: [now, local.adding(days: -(policy.evaluationDays + 7), to: now),
                             SchedulerAction.Kind.registerReminder.rawValue], as: SessionSummary.init(row:))
        for summary in open where now >= summary.session.endsAt.addingTimeInterval(delay) && now < closes(summary.session) {
            let unmarked = try learners(on: summary.session.id, statuses: ["confirmed"])
            let trainer = try trainer(of: summary.session)
            if let trainer {
                try ledger.send(letters.registerReminder(trainer: trainer, .init(summary), unmarked: unmarked.count))
            }
            try record(.registerReminder, summary, reason: "register-open", learners: unmarked,
                       detail: "\(unmarked.count) not marked" + (trainer == nil ? "; no trainer to tell" : ", trainer told"))
        }
    }

    /// Attendees, once, at the follow-up delay after the session, while it is still worth asking.
    private mutating func followUp() throws {
        let days = policy.followUpDays
        guard days > 0 else { return }
        let due = try pending(.followUp, statuses: ["attended", "partial"], sessionStatuses: ["scheduled", "completed"],
                              startsFrom: local.adding(days: -(days + policy.evaluationDays + 7), to: now),
                              startsUntil: local.adding(days: -days + 1, to: now)) { session, _ in
            let at = local.adding(days: days, to: session.endsAt)
            return now >= at && now < local.adding(days: policy.evaluationDays, to: at)
        }
        let letters = letters
        for (summary, bookings) in due {
            let closes = local.adding(days: policy.evaluationDays, to: local.adding(days: days, to: summary.session.endsAt))
            try notify(.followUp, summary, bookings, reason: "follow-up-due", detail: "open until \(local.format(closes))") {
                letters.followUp($0, .init(summary), closes: closes)
            }
        }
    }

    private func closes(_ session: Session) -> Date {
        local.adding(days: policy.evaluationDays, to: session.endsAt)
    }

    /// Bookings in one of `statuses` on sessions starting in the window that have not had
    /// this action yet and for which `isDue` holds, grouped by session in start order.
    private func pending(_ kind: SchedulerAction.Kind, statuses: [String], sessionStatuses: [String],
                         startsFrom: Date, startsUntil: Date, unanswered: Bool = false,
                         isDue: (Session, Booking) -> Bool) throws -> [(SessionSummary, [Booking])] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT b.* FROM session s JOIN booking b ON b.session_id = s.id
            WHERE s.starts_at >= ? AND s.starts_at <= ? AND s.status IN \(list(sessionStatuses))
              AND b.status IN \(list(statuses))
              AND NOT EXISTS (SELECT 1 FROM scheduler_action a WHERE a.action = ? AND a.session_id = b.session_id
                              AND IFNULL(a.booking_id, 0) = b.id)
              \(unanswered ? "AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.booking_id = b.id)" : "")
            ORDER BY s.starts_at, s.id, b.id
            """, arguments: [startsFrom, startsUntil, kind.rawValue])
        var grouped: [(SessionSummary, [Booking])] = []
        for booking in try rows.map(Booking.init(row:)) {
            if grouped.last?.0.session.id != booking.sessionID {
                grouped.append((try Schedule.summary(booking.sessionID, in: db), []))
            }
            if isDue(grouped[grouped.count - 1].0.session, booking) { grouped[grouped.count - 1].1.append(booking) }
        }
        return grouped.filter { !$0.1.isEmpty }
    }

    private mutating func notify(_ kind: SchedulerAction.Kind, _ summary: SessionSummary, _ bookings: [Booking],
                                 reason: String, detail: String, letter: (Learner) -> Notice) throws {
        for booking in bookings { try ledger.send(letter(try ledger.learner(booking.learnerID))) }
        try record(kind, summary, reason: reason, learners: bookings.map(\.learnerID), bookings: bookings.compactMap(\.id),
                   detail: "\(bookings.count) told; " + detail)
    }

    // MARK: - Records

    /// Writes what was done, once per booking (or once for the session), so no run repeats it.
    private mutating func record(_ kind: SchedulerAction.Kind, _ summary: SessionSummary, reason: String,
                                 learners: [String], bookings: [Int64] = [], detail: String) throws {
        let session = summary.session.id
        for booking in bookings.isEmpty ? [nil] : bookings.map(Optional.some) {
            try db.execute(cached: "INSERT INTO scheduler_action(action, session_id, booking_id, reason, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [kind.rawValue, session, booking, reason, now])
        }
        actions.append(SchedulerAction(kind: kind, sessionID: session, reason: reason, learners: learners, detail: detail))
        changes.append(try FieldChanges.take(db))
    }

    private func learners(on session: String, statuses: [String]) throws -> [String] {
        try String.fetchAll(cached: db, sql: "SELECT learner_id FROM booking WHERE session_id = ? AND status IN \(list(statuses)) ORDER BY id",
                            arguments: [session])
    }

    private func trainer(of session: Session) throws -> Letters.Trainer? {
        guard let id = session.trainerID,
              let row = try Row.fetchOne(cached: db, sql: "SELECT id, name, email FROM user WHERE id = ?", arguments: [id])
        else { return nil }
        return (row["id"], row["name"], row["email"])
    }

    private func list(_ words: [String]) -> String {
        "(" + words.map { "'\($0)'" }.joined(separator: ", ") + ")"
    }
}
