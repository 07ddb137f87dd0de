import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The rows every booking writes, inserted through statements bound by position, read back
/// as they were written: a column listed out of step with its value would put a date or a
/// status in another field without any error from SQLite.
@Suite struct PreparedInsertTests {
    /// Every value distinct from the others of its type, so a swap shows.
    @Test func aPlaceItsHistoryItsLetterAndItsAuditEventReadBackFieldForField() throws {
        let given = try Given().seeded().learners(1)
        let booked = Date(timeIntervalSince1970: 1_795_000_000.125)
        let day = TimeInterval(86_400)
        var booking = Booking(sessionID: "s101", learnerID: "L1", status: .waitlisted, bookedAt: booked,
                              waitlistedAt: booked + day, confirmedAt: booked + 2 * day, lateCancellation: true,
                              minutesAttended: 95, updatedAt: booked + 3 * day)
        // A letter goes to a learner or to a user, never both: no user is needed here.
        let letter = Notice(learnerID: "L1", userID: nil, email: "l1@council.example", kind: .movedToWaitingList,
                            subject: "the subject", body: "the body", sessionID: "s101", createdAt: booked + 4 * day,
                            sentAt: booked + 5 * day)
        var draft = AuditEvent.Draft(actor: .localOperator, at: booked + 6 * day, action: "test.insert", recordType: "booking",
                                     recordID: "the record", detail: "the detail")
        draft.changes = "{\"rows\":[]}"

        let (stored, history, sent, audited) = try given.database.write(draft) { db in
            booking.id = try booking.insert(prepared: db)
            let event = BookingEvent(bookingID: booking.id!, at: booked + 7 * day, actor: "the actor", fromStatus: .confirmed,
                                     toStatus: .waitlisted, note: "the note")
            try event.insert(prepared: db)
            let letterID = try letter.insert(prepared: db)
            let auditID = try AuditEvent(draft: draft).insert(prepared: db)
            return (try Booking.fetchOne(db, key: booking.id),
                    try BookingEvent.fetchOne(db, sql: "SELECT * FROM booking_event WHERE booking_id = ?", arguments: [booking.id]),
                    try Notice.fetchOne(db, sql: "SELECT * FROM notification WHERE id = ?", arguments: [letterID]),
                    try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE id = ?", arguments: [auditID]))
        }

        #expect(stored == booking)
        #expect(history == BookingEvent(bookingID: booking.id!, at: booked + 7 * day, actor: "the actor", fromStatus: .confirmed,
                                        toStatus: .waitlisted, note: "the note"))
        #expect(sent == letter)
        let row = try #require(audited)
        #expect(row["at"] as Date == booked + 6 * day)
        #expect([row["actor"], row["role"], row["action"], row["record_type"], row["record_id"], row["detail"], row["changes"]] as [String]
                    == [ActingUser.localOperator.id, ActingUser.localOperator.role.rawValue, "test.insert", "booking",
                        "the record", "the detail", "{\"rows\":[]}"])
    }
}
