import Foundation

/// What became of the places booked: the four marks a closed register gives. Sessions,
/// agencies and the report's slices all count them, and derive the same two figures.
public protocol Turnout {
    var attended: Int { get }
    var partial: Int { get }
    /// Did not attend, without apology.
    var absent: Int { get }
    /// Did not attend, with apology.
    var excused: Int { get }
}

extension Turnout {
    /// Places held when the session started: everyone the register was taken for.
    public var placesAtStart: Int { attended + partial + absent + excused }
    /// Came for all or part of the session.
    public var attendees: Int { attended + partial }
}

/// The sessions of one course that started in one month of a reporting period and stand
/// the same way (status, and reason if cancelled), their places counted by what became of
/// them: the unit every session figure of the annual report is summed from.
public struct SessionTally: Turnout, Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var courseID: String
    public var area: CourseArea
    public var format: DeliveryFormat
    public var status: SessionStatus
    public var cancelReason: CancelReason?
    public var sessions: Int
    /// The places the sessions offered, together.
    public var capacity: Int
    public var attended = 0, partial = 0, absent = 0, excused = 0
    /// Places given up inside the late window, as recorded when they were given up.
    public var lateCancellations = 0
}

/// One agency's learners over a reporting period: their places on sessions that ran and
/// how many of them came.
public struct AgencyTally: Turnout, Sendable, Equatable {
    public var agencyID: String
    public var name: String
    public var attended = 0, partial = 0, absent = 0, excused = 0
    /// Distinct learners who attended at least once, wholly or in part.
    public var learners = 0
    public var lateCancellations = 0
}
