import Foundation
import GRDB

/// A session as lists show it: with its course, trainer and how full it is.
public struct SessionSummary: Sendable, Equatable {
    public var session: Session
    public var courseTitle: String
    public var courseFormat: DeliveryFormat
    public var trainerName: String?
    public var confirmed: Int
    public var waitlisted: Int

    public var freePlaces: Int { max(0, session.capacity - confirmed) }

    /// The session's columns by name and in order, so each row is read by position; places
    /// counted from the bookings, as writes and the scheduler need them whatever the state of
    /// the kept figures (a bulk load suspends them).
    package static let selection = """
        SELECT \(Session.columns.map { "s.\($0)" }.joined(separator: ", ")), c.title AS course_title, c.format AS course_format, u.name AS trainer_name,
          (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'confirmed') AS confirmed,
          (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'waitlisted') AS waitlisted
        FROM session s
        JOIN course c ON c.id = s.course_id
        LEFT JOIN user u ON u.id = s.trainer_id
        """

    /// The same columns with the places read from each session's kept counts
    /// (`SessionCounts`): one row instead of two counts of bookings per session, for the
    /// listing of thousands of sessions a person asks for, while the counts are current
    /// (`KeptFigures.areCurrent`).
    package static let listing = """
        SELECT \(Session.columns.map { "s.\($0)" }.joined(separator: ", ")), c.title AS course_title, c.format AS course_format, u.name AS trainer_name,
          k.confirmed AS confirmed, k.waitlisted AS waitlisted
        FROM session s
        JOIN course c ON c.id = s.course_id
        LEFT JOIN user u ON u.id = s.trainer_id
        JOIN session_count k ON k.session_id = s.id
        """

    package init(row: Row) throws {
        let after = Session.columns.count
        session = Session(row: row, at: 0)
        courseTitle = row.text(at: after)
        courseFormat = row.choice(at: after + 1)
        trainerName = row.textIfPresent(at: after + 2)
        confirmed = row.integer(at: after + 3)
        waitlisted = row.integer(at: after + 4)
    }
}

/// A session with the people on it: the roster and the waiting list in order.
public struct SessionDetail: Sendable, Equatable {
    public var summary: SessionSummary
    public var roster: [RosterEntry]
    public var waitingList: [RosterEntry]
}

public struct RosterEntry: Sendable, Equatable {
    public var bookingID: Int64
    public var learnerID: String
    public var name: String
    public var agency: String
    public var status: String
    public var bookedAt: Date
    /// Where they stand on the waiting list; nil on the roster.
    public var position: Int? = nil
}
