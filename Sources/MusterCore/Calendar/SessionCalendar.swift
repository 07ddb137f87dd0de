import Foundation
import GRDB

/// What one calendar export holds: one session, or the sessions a learner holds or held a
/// place on.
public struct SessionCalendar: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case session(id: String, courseTitle: String)
        case learner(id: String, name: String)
    }

    public var subject: Subject
    public var events: [CalendarEvent]
    /// This partnership's part of every event's UID, drawn once when the database was
    /// made, so two partnerships' sessions with the same id never replace each other.
    public var uidDomain: String
}

extension Schedule {
    /// Booking statuses that hold (or held) a place on the day.
    private static let placed: Set<BookingStatus> = [.confirmed, .attended, .partial, .absent, .excused]

    /// The calendar `id` names: a session first, since session ids are what people copy
    /// from lists, then a learner. Anyone may have a session's calendar; a learner user has
    /// only their own learner calendar, and hears of no one else's: naming another learner
    /// gets the same answer as naming no one.
    public func calendar(for id: String) throws -> SessionCalendar {
        try database.read { db in
            let uidDomain = try Setting.value("calendar.uid_domain", in: db) ?? "muster"
            if let row = try Row.fetchOne(db, sql: """
                SELECT \(CalendarEvent.columns) FROM session s \(CalendarEvent.joins) WHERE s.id = ?
                """, arguments: [id]) {
                let event = CalendarEvent(row: row)
                return SessionCalendar(subject: .session(id: event.sessionID, courseTitle: event.courseTitle),
                                       events: [event], uidDomain: uidDomain)
            }
            let learner: LearnerSummary
            do {
                learner = try actor.learner(id, in: db)
            } catch PeopleError.unknownLearner(_, let learners) {
                throw CalendarError.unknownSessionOrLearner(id, suggestions: try Self.nearSessions(to: id, in: db) + learners)
            }
            return SessionCalendar(subject: .learner(id: learner.learner.id, name: learner.learner.name),
                                   events: try Self.events(ofLearner: learner.learner.id, in: db), uidDomain: uidDomain)
        }
    }

    /// One event per session the learner holds or held a place on, decided by their latest
    /// booking on it (cancelled, then booked again: the new booking). A session they only
    /// ever waited for was never in their calendar, so it is left out.
    static func events(ofLearner learnerID: String, in db: Database) throws -> [CalendarEvent] {
        let placedList = placed.map { "'\($0.rawValue)'" }.joined(separator: ",")
        // Per session: the learner's latest booking, their bookings' latest revision,
        // and whether any of them ever held a place.
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(CalendarEvent.columns), b.status AS booking_status, history.booking_revision, history.held
            FROM (SELECT b.session_id, MAX(b.id) AS latest, MAX(b.revision) AS booking_revision,
                         MAX(e.to_status IN (\(placedList))) AS held
                  FROM booking b LEFT JOIN booking_event e ON e.booking_id = b.id
                  WHERE b.learner_id = ?
                  GROUP BY b.session_id) history
            JOIN booking b ON b.id = history.latest
            JOIN session s ON s.id = b.session_id
            \(CalendarEvent.joins)
            ORDER BY s.starts_at, s.id
            """, arguments: [learnerID])
        return rows.compactMap { row -> CalendarEvent? in
            let status = BookingStatus(rawValue: row["booking_status"]) ?? .cancelled
            let held = (row["held"] as Int?) == 1 || placed.contains(status)
            guard held else { return nil }
            let place: CalendarEvent.Cancellation? = switch status {
            case .waitlisted: .backOnWaitingList
            case .cancelled: .placeGivenUp
            default: nil
            }
            return CalendarEvent(row: row, bookingRevision: row["booking_revision"], placeCancellation: place)
        }
    }

    /// Session ids close to one that names nothing, as `session show` suggests them.
    private static func nearSessions(to id: String, in db: Database) throws -> [String] {
        do {
            _ = try summary(id, in: db)
            return []
        } catch ScheduleError.unknownSession(_, let suggestions) {
            return suggestions
        }
    }
}
