import Foundation
import GRDB

/// The partnership's schedule: sessions of catalogue courses, who trains them, how full they are.
public struct Schedule: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Query: Sendable {
        public var courseID: String?
        public var from: LocalDate?
        public var to: LocalDate?
        public var status: SessionStatus?
        public var trainerID: String?
        /// Only sessions a learner could book a confirmed place on now.
        public var openOnly = false
        /// Past sessions too; otherwise a list starts today.
        public var includePast = false
        public init() {}
    }

    public func sessions(matching query: Query = Query()) throws -> [SessionSummary] {
        let local = clock.local
        let now = clock.now
        return try database.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let courseID = query.courseID {
                _ = try Catalogue.course(courseID, in: db)
                conditions.append("s.course_id = ?"); arguments += [courseID]
            }
            if let from = query.from {
                conditions.append("s.starts_at >= ?"); arguments += [local.startOfDay(from)]
            } else if !query.includePast {
                conditions.append("s.starts_at >= ?"); arguments += [local.startOfDay(local.date(of: now))]
            }
            if let to = query.to { conditions.append("s.starts_at < ?"); arguments += [local.endOfDay(to)] }
            if let status = query.status { conditions.append("s.status = ?"); arguments += [status.rawValue] }
            if let trainerID = query.trainerID {
                conditions.append("s.trainer_id = ?"); arguments += [try Self.trainer(trainerID, in: db)]
            }
            if query.openOnly { conditions.append("s.status = 'scheduled' AND s.starts_at > ?"); arguments += [now] }
            let sql = (try KeptFigures.areCurrent(db) ? SessionSummary.listing : SessionSummary.selection)
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY s.starts_at, s.id"
            // Read in place, not copied row by row: a year's listing is thousands of rows.
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            let policy = query.openOnly ? try SchedulingPolicy.load(db) : nil
            var summaries: [SessionSummary] = []
            while let row = try rows.next() {
                let summary = try SessionSummary(row: row)
                if let policy, summary.freePlaces == 0 || !policy.isOpen(summary.session, at: now, in: local) { continue }
                summaries.append(summary)
            }
            return summaries
        }
    }

    public func session(_ id: String) throws -> SessionDetail {
        try database.read { db in
            let summary = try Self.summary(id, in: db)
            let entries = try Row.fetchAll(cached: db, sql: """
                SELECT b.id, b.learner_id, l.name, a.name AS agency, b.status, b.booked_at, b.waitlisted_at
                FROM booking b JOIN learner l ON l.id = b.learner_id JOIN agency a ON a.id = l.agency_id
                WHERE b.session_id = ? AND b.status <> 'cancelled'
                ORDER BY COALESCE(b.waitlisted_at, b.booked_at), b.id
                """, arguments: [summary.session.id]).map {
                RosterEntry(bookingID: $0["id"], learnerID: $0["learner_id"], name: $0["name"],
                            agency: $0["agency"], status: $0["status"], bookedAt: $0["booked_at"])
            }
            var waiting = entries.filter { $0.status == "waitlisted" }
            for index in waiting.indices { waiting[index].position = index + 1 }
            // A learner sees the numbers and their own place, never who else is coming.
            let own = { (entry: RosterEntry) in
                actor.role != .learner || entry.learnerID.lowercased() == actor.learnerID?.lowercased()
            }
            return SessionDetail(summary: summary, roster: entries.filter { $0.status != "waitlisted" }.filter(own),
                                 waitingList: waiting.filter(own))
        }
    }

    /// Ids starting with what was typed, for Tab completion; newest first would bury the term ahead.
    public func sessionIDs(startingWith prefix: String, limit: Int = 200) throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM session WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
                                arguments: [LikePattern.escape(prefix) + "%", limit])
        }
    }

    public func trainerIDs() throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM user WHERE role IN ('trainer','admin') AND disabled = 0 ORDER BY id")
        }
    }

    public struct NewSession: Sendable {
        public var courseID: String
        public var date: LocalDate
        public var time: LocalTimeOfDay
        public var duration: Minutes?
        public var capacity: Int?
        public var minAttendees: Int?
        public var venue: String?
        public var onlineURL: String?
        public var trainerID: String?
        public var cutoffDays: Int?
        public init(courseID: String, date: LocalDate, time: LocalTimeOfDay) {
            self.courseID = courseID; self.date = date; self.time = time
        }
    }

    /// Schedules a session of a course; unset values come from the course. Returns it with its new id.
    public func add(_ new: NewSession) throws -> Session {
        let local = clock.local
        let now = clock.now
        let startsAt = try local.existingInstant(on: new.date, at: new.time)
        guard startsAt > now else { throw ScheduleError.inThePast("\(new.date) \(new.time)") }
        return try database.write(event("session.add", nil, "\(new.courseID) \(new.date) \(new.time)")) { db in
            let course = try Catalogue.course(new.courseID, in: db)
            if course.retired { throw ScheduleError.retiredCourse(course.id) }
            if let trainerID = new.trainerID { _ = try Self.trainer(trainerID, in: db) }
            let duration = new.duration?.value ?? course.durationMinutes
            let session = Session(
                id: try Self.nextID(in: db), courseID: course.id, startsAt: startsAt,
                endsAt: startsAt.addingTimeInterval(TimeInterval(duration * 60)),
                venue: new.venue, onlineURL: new.onlineURL, trainerID: new.trainerID,
                capacity: new.capacity ?? course.capacity,
                minAttendees: new.minAttendees ?? min(course.minAttendees, new.capacity ?? course.capacity),
                cutoffDays: new.cutoffDays, status: .scheduled, createdAt: now)
            let problems = session.problems()
            guard problems.isEmpty else { throw ScheduleError.invalid("for \(course.id)", problems: problems) }
            try session.insert(db)
            return session
        } identifying: { $0.id }
    }

    public struct Changes: Sendable {
        public var date: LocalDate?
        public var time: LocalTimeOfDay?
        public var duration: Minutes?
        public var capacity: Int?
        public var minAttendees: Int?
        public var venue: String?
        public var onlineURL: String?
        public var trainerID: String?
        public var cutoffDays: Int?
        /// Lower capacity below the confirmed places, moving the latest back to the waiting list.
        public var force = false
        public init() {}
    }

    public func edit(_ id: String, _ changes: Changes) throws -> Session {
        let local = clock.local
        return try database.write(event("session.edit", id)) { db in
            let summary = try Self.summary(id, in: db)
            var session = summary.session
            guard session.status == .scheduled else { throw ScheduleError.notScheduled(session.id, status: session.status) }
            let length = changes.duration.map { TimeInterval($0.value * 60) } ?? session.endsAt.timeIntervalSince(session.startsAt)
            if changes.date != nil || changes.time != nil {
                let date = changes.date ?? local.date(of: session.startsAt)
                let time = changes.time ?? local.timeOfDay(of: session.startsAt)
                session.startsAt = try local.existingInstant(on: date, at: time)
                guard session.startsAt > clock.now else { throw ScheduleError.inThePast("\(date) \(time)") }
            }
            session.endsAt = session.startsAt.addingTimeInterval(length)
            if let capacity = changes.capacity {
                if capacity < summary.confirmed && !changes.force {
                    throw ScheduleError.capacityBelowConfirmed(session.id, capacity: capacity, confirmed: summary.confirmed)
                }
                session.capacity = capacity
            }
            if let minimum = changes.minAttendees { session.minAttendees = minimum }
            if let venue = changes.venue { session.venue = venue; session.onlineURL = nil }
            if let url = changes.onlineURL { session.onlineURL = url; session.venue = nil }
            if let trainerID = changes.trainerID {
                session.trainerID = try Self.trainer(trainerID, in: db)
            }
            if let days = changes.cutoffDays { session.cutoffDays = days }
            if session.startsAt != summary.session.startsAt || session.cutoffDays != summary.session.cutoffDays {
                // A new date or cut-off is a new decision for the scheduler to take, and new reminders.
                session.cutoffDecision = nil
                session.decidedAt = nil
                try db.execute(sql: "DELETE FROM scheduler_action WHERE session_id = ? AND action IN ('go-ahead','report','reminder')",
                               arguments: [session.id])
            }
            let problems = session.problems()
            guard problems.isEmpty else { throw ScheduleError.invalid(session.id, problems: problems) }
            try session.update(db)
            if session.capacity != summary.session.capacity {
                var changed = summary
                changed.session = session
                let ledger = BookingLedger(db, actor: actor, clock: clock)
                try WaitingList.demote(on: changed, toCapacity: session.capacity, with: ledger)
                try WaitingList.promote(on: changed, with: ledger)
            }
            return session
        } identifying: { $0.id }
    }

    /// Cancels the session and every live booking on it with the session's reason; each
    /// learner is told, with the next dates of the same course that have places.
    public func cancel(_ id: String, reason: CancelReason, note: String?) throws -> Session {
        try database.write(event("session.cancel", id, reason.rawValue)) { db in
            try cancel(id, reason: reason, note: note, in: db)
        } identifying: { $0.id }
    }

    /// The same cancellation inside the caller's transaction.
    package func cancel(_ id: String, reason: CancelReason, note: String?, in db: Database) throws -> Session {
        do {
            let summary = try Self.summary(id, in: db)
            guard summary.session.status == .scheduled else {
                throw ScheduleError.notScheduled(summary.session.id, status: summary.session.status)
            }
            return try Self.cancel(summary, reason: reason, note: note, with: BookingLedger(db, actor: actor, clock: clock)).session
        }
    }

    /// Cancels a scheduled session inside the caller's transaction: every live booking is
    /// cancelled and its learner told, with the alternatives. Returns the session and the
    /// bookings that were cancelled, confirmed first, then the waiting list in order.
    package static func cancel(_ summary: SessionSummary, reason: CancelReason, note: String?,
                               with ledger: BookingLedger) throws -> (session: Session, cancelled: [Booking]) {
        let db = ledger.db
        var session = summary.session
        session.status = .cancelled
        session.cancelReason = reason
        session.cancelNote = note
        try session.update(db)
        let alternatives = try alternatives(to: session, in: db, now: ledger.now, local: ledger.local)
        var cancelled: [Booking] = []
        for var booking in try Booking.fetchAll(cached: db, sql: """
            SELECT * FROM booking WHERE session_id = ? AND status IN ('confirmed','waitlisted')
            ORDER BY status = 'waitlisted', COALESCE(waitlisted_at, booked_at), id
            """, arguments: [session.id]) {
            let heldPlace = booking.status == .confirmed
            try ledger.move(&booking, to: .cancelled, note: "session cancelled: \(reason.rawValue)")
            try ledger.send(ledger.letters.sessionCancelled(try ledger.learner(booking.learnerID), .init(summary),
                                                            reason: reason, note: note, alternatives: alternatives))
            if heldPlace { try WaitingList.offerPlaces(whereWaiting: booking.learnerID, releasedFrom: session, with: ledger) }
            cancelled.append(booking)
        }
        return (session, cancelled)
    }

    /// The partnership's cut-off, reminder and follow-up timings.
    public func policy() throws -> SchedulingPolicy {
        try database.read { db in try SchedulingPolicy.load(db) }
    }

    public func setPolicy(_ policy: SchedulingPolicy) throws {
        let detail = SchedulingPolicy.Field.allCases.map { "\($0.rawValue) \(policy[$0])" }.joined(separator: ", ")
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "scheduler.policy", recordType: "setting",
                                            detail: detail)) { db in try policy.save(db) }
    }

    /// The next sessions of the same course a learner could still book: what to offer
    /// someone whose session was cancelled.
    package static func alternatives(to session: Session, in db: Database, now: Date, local: LocalTime,
                                     limit: Int = 3) throws -> [SessionSummary] {
        try bookable(of: [session.courseID], excluding: session.id, limit: limit, in: db, now: now, local: local)
    }

    /// The first `limit` scheduled sessions of any of the courses, soonest first, with a free
    /// place and booking still open: what a learner could be offered instead, or to meet a
    /// requirement. `placesKept`: places read from the kept session counts, for what a
    /// person reads; the scheduler counts them, since a bulk load suspends the kept counts.
    ///
    /// Whether booking is still open is a count of working days, worked out here, so the
    /// soonest few are read first and the rest only when too many of those have closed:
    /// a year of a course's sessions was read to offer three.
    static func bookable(of courseIDs: [String], excluding sessionID: String? = nil, limit: Int, in db: Database,
                         now: Date, local: LocalTime, placesKept: Bool = false) throws -> [SessionSummary] {
        let policy = try SchedulingPolicy.load(db)
        let marks = courseIDs.map { _ in "?" }.joined(separator: ", ")
        let kept = try placesKept && KeptFigures.areCurrent(db)
        let statement = try db.cachedStatement(sql: (kept ? SessionSummary.listing : SessionSummary.selection) + """
             WHERE s.course_id IN (\(marks)) AND s.id <> ? AND s.status = 'scheduled' AND s.starts_at > ?
               AND confirmed < s.capacity
             ORDER BY s.starts_at, s.id LIMIT ?
            """)
        func firstOpen(reading read: Int) throws -> (found: [SessionSummary], readAll: Bool) {
            let rows = try Row.fetchCursor(statement, arguments: StatementArguments(courseIDs) + [sessionID ?? "", now, read])
            var found: [SessionSummary] = [], seen = 0
            while found.count < limit, let row = try rows.next() {
                seen += 1
                let summary = try SessionSummary(row: row)
                if policy.isOpen(summary.session, at: now, in: local) { found.append(summary) }
            }
            return (found, read < 0 || seen < read)
        }
        let soonest = try firstOpen(reading: 4 * limit)
        return soonest.found.count == limit || soonest.readAll ? soonest.found : try firstOpen(reading: -1).found   // -1: no limit
    }

    /// Closes the register once the session has started. Everyone confirmed must have a
    /// mark first, unless `absentRest` marks those left as absent.
    public func complete(_ id: String, absentRest: Bool = false) throws -> Session {
        try database.write(event("session.complete", id)) { db in
            try complete(id, absentRest: absentRest, in: db)
        } identifying: { $0.id }
    }

    /// The same closing inside the caller's transaction (see `Register.mark(_:learners:as:minutes:in:)`).
    package func complete(_ id: String, absentRest: Bool = false, in db: Database) throws -> Session {
        let local = clock.local
        let now = clock.now
        do {
            var session = try Self.summary(id, in: db).session
            guard session.status == .scheduled else { throw ScheduleError.notScheduled(session.id, status: session.status) }
            guard session.startsAt <= now else { throw ScheduleError.notStarted(session.id, startsAt: local.format(session.startsAt)) }
            let unmarked = try Booking.fetchAll(cached: db, sql: "SELECT * FROM booking WHERE session_id = ? AND status = 'confirmed' ORDER BY id",
                                                arguments: [session.id])
            if !unmarked.isEmpty && !absentRest {
                throw RegisterError.unmarked(session.id, learners: unmarked.map(\.learnerID))
            }
            let ledger = BookingLedger(db, actor: actor, clock: clock)
            for var booking in unmarked {
                try ledger.mark(&booking, .absent, minutes: 0, note: "not marked when the register closed")
            }
            // Those still waiting stay waitlisted: the record of demand the session could not meet.
            session.status = .completed
            try session.update(db)
            return session
        }
    }

    // MARK: - Lookups inside a transaction

    package static func summary(_ id: String, in db: Database) throws -> SessionSummary {
        if let summary = try Row.fetchOne(cached: db, sql: SessionSummary.selection + " WHERE s.id = ?", arguments: [id],
                                          as: SessionSummary.init(row:)) {
            return summary
        }
        let near = try String.fetchAll(db, sql: "SELECT id FROM session WHERE id LIKE ? ORDER BY id LIMIT 500",
                                       arguments: [String(id.prefix(2)) + "%"])
        throw ScheduleError.unknownSession(id, suggestions: NearMatch.suggestions(for: id, among: near))
    }

    /// The trainer's canonical id; trainers and admins may run sessions.
    static func trainer(_ id: String, in db: Database) throws -> String {
        if let found = try String.fetchOne(db, sql: "SELECT id FROM user WHERE id = ? AND role IN ('trainer','admin')", arguments: [id]) {
            return found
        }
        let ids = try String.fetchAll(db, sql: "SELECT id FROM user WHERE role IN ('trainer','admin')")
        throw ScheduleError.unknownTrainer(id, suggestions: NearMatch.suggestions(for: id, among: ids))
    }

    /// Short, typable ids: `s` and the next number.
    static func nextID(in db: Database) throws -> String {
        let highest = try Int.fetchOne(cached: db, sql: nextIDQuery) ?? 100
        return "s\(highest + 1)"
    }

    /// Answered from v21's index `session_number` alone, which is built on these very
    /// expressions: SQLite uses a partial index only for a query that names its condition as
    /// the index does. Reading every session's id instead took 88 ms on a decade's sessions.
    static let nextIDQuery = """
        SELECT MAX(CAST(substr(id, 2) AS INTEGER)) FROM session
        WHERE id GLOB 's[0-9]*' AND NOT substr(id, 2) GLOB '*[^0-9]*' AND length(id) <= 10
        """

    func event(_ action: String, _ id: String?, _ detail: String? = nil) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "session", recordID: id, detail: detail)
    }
}
