import Foundation
import GRDB

/// Attendance becomes CPD evidence in the register's own transaction: a mark and its entry
/// can never disagree. Attended earns the course's CPD hours, partial the minutes actually
/// there; absent and excused earn nothing, so a corrected mark takes the entry away.
enum VerifiedCPD {
    static func record(bookingID: Int64, in db: Database, local: LocalTime, now: Date? = nil) throws {
        guard let row = try Row.fetchOne(cached: db, sql: """
            SELECT b.learner_id, b.status, b.minutes_attended, b.updated_at, s.id AS session_id, s.starts_at,
                   c.title, c.format, c.cpd_hours
            FROM booking b JOIN session s ON s.id = b.session_id JOIN course c ON c.id = s.course_id WHERE b.id = ?
            """, arguments: [bookingID]) else { return }
        let hours = CPDHours.earned(by: BookingStatus(rawValue: row["status"]), minutesAttended: row["minutes_attended"],
                                    courseHours: row["cpd_hours"])
        let existing = try CPDEntry.fetchOne(cached: db, sql: "SELECT * FROM cpd_entry WHERE booking_id = ?", arguments: [bookingID])
        guard hours > 0 else {
            if let existing { try CPDEntry.deleteOne(db, key: existing.id) }
            return
        }
        let format = DeliveryFormat(rawValue: row["format"]) ?? .faceToFace
        let at = now ?? row["updated_at"]
        var entry = existing ?? CPDEntry(learnerID: row["learner_id"], date: local.date(of: row["starts_at"]), title: row["title"],
                                         hours: hours, kind: kind(of: format), participatory: isParticipatory(format),
                                         verified: true, bookingID: bookingID, sessionID: row["session_id"],
                                         reflection: .init(), createdAt: at, updatedAt: at)
        entry.hours = hours
        entry.updatedAt = at
        try entry.save(db)
    }

    static func kind(of format: DeliveryFormat) -> CPDEntry.Kind {
        switch format {
        case .faceToFace, .virtual: .course
        case .eLearning: .eLearning
        case .webinar: .webinar
        }
    }

    /// Face-to-face and live online sessions are learning with others; NMC counts them as participatory.
    static func isParticipatory(_ format: DeliveryFormat) -> Bool {
        format == .faceToFace || format == .virtual
    }
}
