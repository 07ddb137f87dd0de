import Foundation
import GRDB

/// Booking, giving up and passing on places. Each method is one transaction: the capacity
/// check and the write that takes the place happen together, so two terminals can never
/// overbook a session.
public struct Bookings: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Outcome: Sendable, Equatable {
        public var booking: Booking
        /// Where the learner stands on the waiting list, when that is where they are.
        public var position: Int?
    }

    public func book(_ sessionID: String, for learnerID: String, force: Bool = false) throws -> Outcome {
        if force && actor.role != .admin { throw BookingError.forceNeedsAdmin }
        return try database.write(event("booking.book", "\(sessionID) \(learnerID)")) { db in
            try book(sessionID, for: learnerID, force: force, in: db)
        } identifying: { $0.booking.id.map(String.init) }
    }

    /// The same booking inside the caller's transaction, for a path that writes many at once
    /// (the demo partnership) and must keep exactly these rules.
    package func book(_ sessionID: String, for learnerID: String, force: Bool = false, in db: Database) throws -> Outcome {
        if force && actor.role != .admin { throw BookingError.forceNeedsAdmin }
        let local = clock.local
        do {
            let summary = try Schedule.summary(sessionID, in: db)
            let session = summary.session
            let learner = try actingOn(learnerID, in: db).refusingErased()
            let ledger = BookingLedger(db, actor: actor, clock: clock)
            guard session.status == .scheduled else { throw BookingError.sessionNotOpen(session.id, status: session.status) }
            guard session.startsAt > ledger.now else { throw BookingError.sessionStarted(session.id) }
            if try Bool.fetchOne(cached: db, sql: "SELECT retired FROM course WHERE id = ?", arguments: [session.courseID]) == true { throw BookingError.retiredCourse(session.courseID) }
            let cutoff = try SchedulingPolicy.load(db).cutoff(of: session, in: local)
            if ledger.now >= cutoff && !force { throw BookingError.bookingClosed(session.id, closedAt: local.format(cutoff)) }
            if let live = try Booking.fetchOne(cached: db, sql: """
                SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status IN ('confirmed','waitlisted')
                """, arguments: [session.id, learner.id]) {
                throw BookingError.alreadyBooked(session.id, learnerID: learner.id, status: live.status,
                                                 position: live.status == .waitlisted ? try WaitingList.position(of: live, in: db) : nil)
            }
            try refuseOverlap(learner.id, with: session, in: db)
            try refuseRepeatedAbsence(learner.id, in: db)

            // The summary was read in this transaction, before any change: its count is current.
            let full = summary.confirmed >= session.capacity
            var booking = Booking(sessionID: session.id, learnerID: learner.id, status: full ? .waitlisted : .confirmed,
                                  bookedAt: ledger.now, waitlistedAt: full ? ledger.now : nil,
                                  confirmedAt: full ? nil : ledger.now, updatedAt: ledger.now)
            try ledger.insert(&booking, note: force && ledger.now >= cutoff ? "booked after the cut-off" : nil)
            if full {
                let position = try WaitingList.position(of: booking, in: db)
                try ledger.send(ledger.letters.waitlisted(learner, .init(summary), position: position))
                return Outcome(booking: booking, position: position)
            }
            try ledger.send(ledger.letters.confirmed(learner, .init(summary)))
            return Outcome(booking: booking, position: nil)
        }
    }

    public struct Release: Sendable, Equatable {
        public var booking: Booking
        /// Learners who took the freed place, in order.
        public var promoted: [String]
    }

    /// Gives up a place or a place in the queue; a freed place goes to the head of the list
    /// in the same transaction.
    public func unbook(_ sessionID: String, for learnerID: String) throws -> Release {
        try database.write(event("booking.unbook", "\(sessionID) \(learnerID)")) { db in
            try unbook(sessionID, for: learnerID, in: db)
        } identifying: { $0.booking.id.map(String.init) }
    }

    /// The same release inside the caller's transaction (see `book(_:for:force:in:)`).
    package func unbook(_ sessionID: String, for learnerID: String, in db: Database) throws -> Release {
        let local = clock.local
        do {
            let summary = try Schedule.summary(sessionID, in: db)
            let learner = try actingOn(learnerID, in: db)
            let ledger = BookingLedger(db, actor: actor, clock: clock)
            guard var booking = try Booking.fetchOne(cached: db, sql: """
                SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status IN ('confirmed','waitlisted')
                """, arguments: [summary.session.id, learner.id])
            else { throw BookingError.noLiveBooking(summary.session.id, learnerID: learner.id) }
            guard summary.session.startsAt > ledger.now else { throw BookingError.sessionStarted(summary.session.id) }
            let wasConfirmed = booking.status == .confirmed
            let policy = try BookingPolicy.load(db)
            booking.lateCancellation = wasConfirmed && ledger.now >= policy.lateFrom(summary.session.startsAt, local: local)
            try ledger.move(&booking, to: .cancelled, note: booking.lateCancellation ? "late cancellation" : "cancelled by \(actor.id)")
            try ledger.send(ledger.letters.cancelledBooking(learner, .init(summary), late: booking.lateCancellation))
            let promoted = wasConfirmed ? try WaitingList.promote(on: summary, with: ledger) : []
            if wasConfirmed { try WaitingList.offerPlaces(whereWaiting: learner.id, releasedFrom: summary.session, with: ledger) }
            return Release(booking: booking, promoted: promoted.map(\.learnerID))
        }
    }

    /// A colleague takes a confirmed place: the same place, no late cancellation, both told.
    public func transfer(_ sessionID: String, from fromID: String, to toID: String) throws -> Booking {
        try database.write(event("booking.transfer", "\(sessionID) \(fromID) -> \(toID)")) { db in
            let summary = try Schedule.summary(sessionID, in: db)
            let from = try actingOn(fromID, in: db)
            let to = try People.learner(toID, in: db).learner.refusingErased()
            if from.id.lowercased() == to.id.lowercased() { throw BookingError.sameLearner(from.id) }
            let ledger = BookingLedger(db, actor: actor, clock: clock)
            guard summary.session.status == .scheduled else {
                throw BookingError.sessionNotOpen(summary.session.id, status: summary.session.status)
            }
            guard summary.session.startsAt > ledger.now else { throw BookingError.sessionStarted(summary.session.id) }
            guard var held = try Booking.fetchOne(cached: db, sql: """
                SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status = 'confirmed'
                """, arguments: [summary.session.id, from.id])
            else { throw BookingError.notConfirmed(summary.session.id, learnerID: from.id) }
            if let live = try Booking.fetchOne(cached: db, sql: """
                SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status IN ('confirmed','waitlisted')
                """, arguments: [summary.session.id, to.id]) {
                throw BookingError.alreadyBooked(summary.session.id, learnerID: to.id, status: live.status,
                                                 position: live.status == .waitlisted ? try WaitingList.position(of: live, in: db) : nil)
            }
            try refuseOverlap(to.id, with: summary.session, in: db)
            try ledger.move(&held, to: .cancelled, note: "transferred to \(to.id)")
            var taken = Booking(sessionID: summary.session.id, learnerID: to.id, status: .confirmed, bookedAt: ledger.now,
                                confirmedAt: held.confirmedAt ?? held.bookedAt, updatedAt: ledger.now)
            try ledger.insert(&taken, note: "transferred from \(from.id)")
            for letter in ledger.letters.transferred(from: from, to: to, .init(summary)) { try ledger.send(letter) }
            try WaitingList.offerPlaces(whereWaiting: from.id, releasedFrom: summary.session, with: ledger)
            return taken
        } identifying: { $0.id.map(String.init) }
    }

    public func policy() throws -> BookingPolicy {
        try database.read { db in try BookingPolicy.load(db) }
    }

    public func setPolicy(_ policy: BookingPolicy) throws {
        try database.write(event("booking.policy", "late \(policy.lateWindowWorkingDays), no-show \(policy.noShowLimit)")) { db in
            try policy.save(db)
        }
    }

    // MARK: - Rules

    /// A learner user acts only on their own record, and is told nothing about anyone else's.
    func actingOn(_ learnerID: String, in db: Database) throws -> Learner {
        try actor.learner(learnerID, in: db).learner
    }

    func refuseOverlap(_ learnerID: String, with session: Session, in db: Database) throws {
        if let clash = try Booking.overlappingPlace(of: learnerID, with: session, in: db) {
            throw BookingError.overlapping(learnerID: learnerID, sessionID: clash.sessionID, course: clash.courseTitle,
                                           when: clock.local.format(clash.startsAt))
        }
    }

    func refuseRepeatedAbsence(_ learnerID: String, in db: Database) throws {
        guard actor.role == .learner else { return }
        let policy = try BookingPolicy.load(db)
        guard policy.noShowLimit > 0 else { return }
        let yearAgo = clock.local.adding(days: -365, to: clock.now)
        let absences = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM booking b JOIN session s ON s.id = b.session_id
            WHERE b.learner_id = ? AND b.status = 'absent' AND s.starts_at >= ?
            """, arguments: [learnerID, yearAgo]) ?? 0
        if absences >= policy.noShowLimit { throw BookingError.tooManyAbsences(learnerID: learnerID, absences: absences) }
    }

    func event(_ action: String, _ detail: String) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "booking", recordID: nil, detail: detail)
    }
}
