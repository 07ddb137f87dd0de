import Foundation

/// One session of a reporting period with its bookings counted by what became of them:
/// the unit every figure of the annual report is summed from.
public struct SessionTally: Sendable, Equatable {
    public var sessionID: String
    public var courseID: String
    public var area: CourseArea
    public var format: DeliveryFormat
    public var startsAt: Date
    public var status: SessionStatus
    public var cancelReason: CancelReason?
    public var capacity: Int
    public var attended = 0
    public var partial = 0
    /// Did not attend, without apology.
    public var absent = 0
    /// Did not attend, with apology.
    public var excused = 0
    /// Places given up inside the late window, as recorded when they were given up.
    public var lateCancellations = 0

    /// Places held when the session started: everyone the register was taken for.
    public var placesAtStart: Int { attended + partial + absent + excused }
    public var attendees: Int { attended + partial }
}

/// One agency's learners over a reporting period: their places on sessions that ran and
/// how many of them came.
public struct AgencyTally: Sendable, Equatable {
    public var agencyID: String
    public var name: String
    public var attended = 0
    public var partial = 0
    public var absent = 0
    public var excused = 0
    /// Distinct learners who attended at least once, wholly or in part.
    public var learners = 0
    public var lateCancellations = 0

    public var placesAtStart: Int { attended + partial + absent + excused }
    public var attendees: Int { attended + partial }
}
