import Foundation
import GRDB

/// Plays the demo plan back in time order through the services' own rules, each step with
/// the clock stopped at its moment: bookings through `Bookings`, places given up through
/// it too (so the waiting list is promoted), cancellations through `Schedule`, the
/// scheduler's decision at each cut-off, registers through `Register` (which writes each
/// verified CPD entry), feedback through the evaluation form. Whatever a rule refuses is
/// counted and left out, as it would be at the prompt.
struct DemoHistory {
    let plan: DemoPlan
    let courses: [Course]
    let database: AppDatabase
    let routines: DemoRoutines
    let zone: TimeZone
    private var random: SeededGenerator
    private(set) var refused = 0

    /// Who the generated rows say acted: plainly the generator, never a real person.
    static let actor = ActingUser(id: "demo", role: .admin)

    init(plan: DemoPlan, courses: [Course], database: AppDatabase, routines: DemoRoutines, zone: TimeZone) {
        self.plan = plan; self.courses = courses; self.database = database; self.routines = routines; self.zone = zone
        random = plan.playback
    }

    mutating func play(_ event: DemoEvent, in db: Database) throws {
        let clock = MusterClock.fixed(event.at, zone: zone)
        let first = Int(event.first), second = Int(event.second)
        switch event.kind {
        case .staffJoin:
            for learner in plan.learners[first ..< first + second] { try join(learner, at: event.at, in: db) }
        case .termPublished:
            for session in plan.sessions[first ..< first + second] { try publish(session, in: db) }
        case .schedulerRun:
            try routines.decideAtCutoff(db, clock)
        case .booking:
            do {
                _ = try Bookings(database: database, clock: clock, actor: Self.actor)
                    .book(plan.sessions[first].id, for: plan.learners[second].id, in: db)
            } catch is BookingError {
                refused += 1
            }
        case .givingUp:
            do {
                _ = try Bookings(database: database, clock: clock, actor: Self.actor)
                    .unbook(plan.sessions[first].id, for: plan.learners[second].id, in: db)
            } catch is BookingError {
                // Never booked (refused), or the session was cancelled first: nothing to give up.
            }
        case .trainerCancels:
            let reason: CancelReason = random.chance(60) ? .trainerUnavailable : random.chance(50) ? .venue : .other
            do {
                _ = try Schedule(database: database, clock: clock, actor: Self.actor)
                    .cancel(plan.sessions[first].id, reason: reason, note: Self.notes[reason], in: db)
            } catch ScheduleError.notScheduled {
                // Already cancelled by the scheduler for low numbers.
            }
        case .register:
            try takeRegister(plan.sessions[first], clock: clock, in: db)
        case .feedback:
            try giveFeedback(plan.sessions[first], clock: clock, in: db)
        case .ownLearning:
            try recordOwnLearning(plan.learners[first], at: event.at, clock: clock, in: db)
        }
    }

    static let notes: [CancelReason: String] = [
        .trainerUnavailable: "the trainer is ill", .venue: "the room is no longer available", .other: "severe weather warning",
    ]

    // MARK: - People and sessions

    /// The rules `learner add` and `import learners` keep, on each row of the extract.
    private func join(_ planned: DemoPlan.PlannedLearner, at moment: Date, in db: Database) throws {
        let learner = Learner(id: planned.id, name: planned.name, email: planned.email, agencyID: plan.agencies[planned.agency].id,
                              jobRole: planned.role, started: planned.started, createdAt: moment)
        let problems = learner.problems()
        guard problems.isEmpty else { throw PeopleError.invalidLearner(learner.id, problems: problems) }
        try learner.insert(db)
    }

    /// The rules `session add` keeps. Ids are taken in order from the plan instead of asking
    /// the table for its highest each time, which would read every session per session.
    private func publish(_ planned: DemoPlan.PlannedSession, in db: Database) throws {
        let session = Session(id: planned.id, courseID: courses[planned.course].id, startsAt: planned.startsAt,
                              endsAt: planned.endsAt, venue: planned.venue, onlineURL: planned.onlineURL,
                              trainerID: planned.trainerID, capacity: planned.capacity, minAttendees: planned.minAttendees,
                              cutoffDays: nil, status: .scheduled, createdAt: planned.publishedAt)
        let problems = session.problems()
        guard problems.isEmpty, planned.startsAt > planned.publishedAt else {
            throw ScheduleError.invalid("for \(session.courseID)", problems: problems)
        }
        try session.insert(db)
    }

    // MARK: - After the session

    /// Most come; a few leave early, some send apologies, some just do not turn up.
    private mutating func takeRegister(_ planned: DemoPlan.PlannedSession, clock: MusterClock, in db: Database) throws {
        guard try String.fetchOne(db, sql: "SELECT status FROM session WHERE id = ?", arguments: [planned.id]) == SessionStatus.scheduled.rawValue
        else { return }
        let delegates = try String.fetchAll(db, sql: "SELECT learner_id FROM booking WHERE session_id = ? AND status = 'confirmed' ORDER BY id",
                                            arguments: [planned.id])
        let register = Register(database: database, clock: clock, actor: Self.actor)
        let length = Int(planned.endsAt.timeIntervalSince(planned.startsAt) / 60)
        var attended: [String] = [], absent: [String] = [], excused: [String] = []
        for learner in delegates {
            switch random.below(100) {
            case 0..<80: attended.append(learner)
            case 80..<87:
                try register.mark(planned.id, learners: [learner], as: .partial, minutes: length * random.between(30, 85) / 100, in: db)
            case 87..<95: absent.append(learner)
            default: excused.append(learner)
            }
        }
        for (mark, learners) in [(Register.Mark.attended, attended), (.absent, absent), (.excused, excused)] where !learners.isEmpty {
            try register.mark(planned.id, learners: learners, as: mark, in: db)
        }
        _ = try Schedule(database: database, clock: clock, actor: Self.actor).complete(planned.id, in: db)
    }

    /// A little over half of those who came answer the form, the day after.
    private mutating func giveFeedback(_ planned: DemoPlan.PlannedSession, clock: MusterClock, in db: Database) throws {
        let attendees = try String.fetchAll(db, sql: """
            SELECT learner_id FROM booking WHERE session_id = ? AND status IN \(BookingStatus.cameSQL) ORDER BY id
            """, arguments: [planned.id])
        let title = courses[planned.course].title
        for learner in attendees where random.chance(55) {
            let before = random.between(1, 4)
            var answers = [
                "course_rating": String(random.pick([3, 4, 4, 5, 5, 5, 2])),
                "trainer_rating": String(random.pick([4, 5, 5, 5, 3])),
                "confidence_before": String(before),
                "confidence_after": String(min(5, before + random.pick([0, 1, 1, 2, 2]))),
                "outcomes_met": random.pick(["yes", "yes", "yes", "partly", "partly", "no"]),
                "action_plan": random.pick(Self.actions).replacingOccurrences(of: "COURSE", with: title),
            ]
            if random.chance(30) {
                answers["comment"] = random.pick(Self.comments)
                answers["anonymous"] = random.chance(20) ? "yes" : "no"
            }
            try routines.giveFeedback(db, clock, planned.id, learner, answers)
        }
    }

    static let actions = [
        "Share what I learnt on COURSE with my team at our next meeting",
        "Use the referral pathway from COURSE instead of waiting for a manager",
        "Ask more curious questions when something does not add up",
        "Record my concerns and decisions more clearly",
        "Check in with the family's other professionals before closing a case",
        "Book onto the next level of training",
        "Update our team's safeguarding procedure with the local contacts",
    ]

    static let comments = [
        "Really useful case studies.", "Too much to cover in the time.", "The trainer was excellent.",
        "Would have liked more on local procedures.", "Good mix of agencies in the room.",
        "The online room worked well.", "Slides were hard to read.", "Best training I have had this year.",
    ]

    // MARK: - Learning elsewhere

    private mutating func recordOwnLearning(_ learner: DemoPlan.PlannedLearner, at moment: Date, clock: MusterClock,
                                            in db: Database) throws {
        let (title, kind) = random.pick(Self.ownLearning)
        let today = clock.local.date(of: moment)
        let entry = CPDEntry(learnerID: learner.id, date: today, title: title, hours: Double(random.between(1, 12)) / 2,
                             kind: kind, participatory: kind == .supervision || kind == .conference, verified: false,
                             reflection: .init(learnt: random.chance(40) ? "Reflected on how this applies to my caseload" : nil),
                             createdAt: moment, updatedAt: moment)
        try CPDArea.check(entry, today: today)
        var inserted = entry
        try inserted.insert(db)
    }

    static let ownLearning: [(String, CPDEntry.Kind)] = [
        ("Read the updated local safeguarding procedures", .reading),
        ("Reflective supervision on a complex case", .supervision),
        ("Team learning from a safeguarding practice review", .other),
        ("Annual safeguarding conference", .conference),
        ("Read the latest serious case review summary", .reading),
        ("Agency e-learning refresher", .eLearning),
    ]
}
