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

    package static let selection = """
        SELECT s.*, c.title AS course_title, c.format AS course_format, u.name AS trainer_name,
          (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'confirmed') AS confirmed,
          (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'waitlisted') AS waitlisted
        FROM session s
        JOIN course c ON c.id = s.course_id
        LEFT JOIN user u ON u.id = s.trainer_id
        """

    package init(row: Row) throws {
        session = try Session(row: row)
        courseTitle = row["course_title"]
        courseFormat = DeliveryFormat(rawValue: row["course_format"]) ?? .faceToFace
        trainerName = row["trainer_name"]
        confirmed = row["confirmed"]
        waitlisted = row["waitlisted"]
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
