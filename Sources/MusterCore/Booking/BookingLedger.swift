import Foundation
import GRDB

/// Changes bookings inside a caller's transaction, and for each change writes the status
/// history and the learner's notification, so no path can forget either.
package struct BookingLedger {
    package let db: Database
    let actor: ActingUser
    package let now: Date
    package let letters: Letters
    package let local: LocalTime

    package init(_ db: Database, actor: ActingUser, clock: MusterClock) {
        self.db = db; self.actor = actor; now = clock.now; local = clock.local
        letters = Letters(local: clock.local, now: clock.now)
    }

    func insert(_ booking: inout Booking, note: String? = nil) throws {
        booking.id = try booking.insert(prepared: db)
        try BookingEvent(bookingID: booking.id!, at: now, actor: actor.id, fromStatus: nil, toStatus: booking.status,
                         note: note).insert(prepared: db)
    }

    package func move(_ booking: inout Booking, to status: BookingStatus, note: String? = nil) throws {
        let from = booking.status
        booking.status = status
        booking.updatedAt = now
        if status == .confirmed { booking.confirmedAt = now }
        try booking.update(db)
        try BookingEvent(bookingID: booking.id!, at: now, actor: actor.id, fromStatus: from, toStatus: status,
                         note: note).insert(prepared: db)
    }

    /// A register mark. The learner's verified CPD entry follows it in the same transaction.
    func mark(_ booking: inout Booking, _ status: BookingStatus, minutes: Int?, note: String?) throws {
        booking.minutesAttended = minutes
        if booking.status == status {
            booking.updatedAt = now
            try booking.update(db)
        } else {
            try move(&booking, to: status, note: note)
        }
        try VerifiedCPD.record(bookingID: booking.id!, in: db, local: local, now: now)
    }

    package func send(_ notification: Notice) throws { try notification.insert(prepared: db) }

    package func learner(_ id: String) throws -> Learner {
        guard let learner = try Learner.fetchOne(cached: db, sql: "SELECT * FROM learner WHERE id = ?", arguments: [id]) else {
            throw PeopleError.unknownLearner(id, suggestions: [])
        }
        return learner
    }
}
