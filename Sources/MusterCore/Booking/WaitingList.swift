import Foundation
import GRDB

/// The queue for a full session: first come, first served, by the time each learner joined.
enum WaitingList {
    static let order = "ORDER BY waitlisted_at, id"

    static func waiting(on sessionID: String, in db: Database) throws -> [Booking] {
        try Booking.fetchAll(cached: db, sql: "SELECT * FROM booking WHERE session_id = ? AND status = 'waitlisted' \(order)",
                             arguments: [sessionID])
    }

    static func confirmedCount(on sessionID: String, in db: Database) throws -> Int {
        try Int.fetchOne(cached: db, sql: "SELECT COUNT(*) FROM booking WHERE session_id = ? AND status = 'confirmed'",
                         arguments: [sessionID]) ?? 0
    }

    /// 1 for the head of the list.
    static func position(of booking: Booking, in db: Database) throws -> Int {
        try (Int.fetchOne(cached: db, sql: """
            SELECT COUNT(*) FROM booking WHERE session_id = ? AND status = 'waitlisted'
            AND (waitlisted_at < ? OR (waitlisted_at = ? AND id < ?))
            """, arguments: [booking.sessionID, booking.waitlistedAt, booking.waitlistedAt, booking.id]) ?? 0) + 1
    }

    /// Gives every free place to the head of the list, each told. Returns who was promoted.
    /// A learner who has meanwhile taken a place at an overlapping time is passed over and
    /// keeps their turn: promoting them would give one person two places at once.
    @discardableResult
    static func promote(on summary: SessionSummary, with ledger: BookingLedger) throws -> [Booking] {
        var free = summary.session.capacity - (try confirmedCount(on: summary.session.id, in: ledger.db))
        var promoted: [Booking] = []
        for var booking in try waiting(on: summary.session.id, in: ledger.db) where free > 0 {
            if try Booking.overlappingPlace(of: booking.learnerID, with: summary.session, in: ledger.db) != nil { continue }
            try ledger.move(&booking, to: .confirmed, note: "promoted from the waiting list")
            try ledger.send(ledger.letters.promoted(try ledger.learner(booking.learnerID), .init(summary)))
            promoted.append(booking)
            free -= 1
        }
        return promoted
    }

    /// A learner who has just given up a confirmed place may have been passed over, for
    /// holding it, on the waiting list of a session at an overlapping time: each such
    /// session's free places are offered again, in list order, so no place stays empty while
    /// someone who could take it waits.
    static func offerPlaces(whereWaiting learnerID: String, releasedFrom session: Session, with ledger: BookingLedger) throws {
        let waiting = try String.fetchAll(ledger.db, sql: """
            SELECT s.id FROM booking b JOIN session s ON s.id = b.session_id
            WHERE b.learner_id = ? AND b.status = 'waitlisted' AND s.id <> ? AND s.status = 'scheduled'
              AND s.starts_at > ? AND s.starts_at < ? AND s.ends_at > ?
            ORDER BY s.starts_at, s.id
            """, arguments: [learnerID, session.id, ledger.now, session.endsAt, session.startsAt])
        for id in waiting { try promote(on: Schedule.summary(id, in: ledger.db), with: ledger) }
    }

    /// Fewer places than confirmations: the latest confirmations go back to the head of the
    /// list, in the order they were confirmed, each told.
    static func demote(on summary: SessionSummary, toCapacity capacity: Int, with ledger: BookingLedger) throws {
        let db = ledger.db
        let excess = try confirmedCount(on: summary.session.id, in: db) - capacity
        guard excess > 0 else { return }
        let latest = try Booking.fetchAll(db, sql: """
            SELECT * FROM booking WHERE session_id = ? AND status = 'confirmed'
            ORDER BY COALESCE(confirmed_at, booked_at) DESC, id DESC LIMIT ?
            """, arguments: [summary.session.id, excess]).reversed()
        let head = try Date.fetchOne(db, sql: "SELECT MIN(waitlisted_at) FROM booking WHERE session_id = ? AND status = 'waitlisted'",
                                     arguments: [summary.session.id]) ?? ledger.now
        for (index, var booking) in latest.enumerated() {
            booking.waitlistedAt = head.addingTimeInterval(-Double(latest.count - index) / 1000)
            try ledger.move(&booking, to: .waitlisted, note: "capacity reduced to \(capacity)")
            try ledger.send(ledger.letters.movedToWaitingList(try ledger.learner(booking.learnerID), .init(summary),
                                                              position: index + 1))
            try offerPlaces(whereWaiting: booking.learnerID, releasedFrom: summary.session, with: ledger)
        }
    }
}
