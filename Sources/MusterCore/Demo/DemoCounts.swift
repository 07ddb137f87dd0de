/// What a generated partnership holds, counted from the database afterwards rather than
/// tallied along the way, so the summary can never disagree with the file.
public struct DemoCounts: Sendable, Equatable {
    public var agencies = 0
    public var learners = 0
    public var trainers = 0
    public var sessions = 0
    public var completed = 0
    public var cancelledLowNumbers = 0
    public var cancelledOther = 0
    public var bookings = 0
    public var attended = 0
    public var partial = 0
    public var absent = 0
    public var excused = 0
    public var waitlisted = 0
    public var cpdEntries = 0
    public var feedback = 0
    public var notifications = 0
    /// Bookings the rules refused (a clash with another session, a session already
    /// cancelled): tried and turned down, as at the prompt.
    public var refused = 0

    /// Stable snake_case names and values, for `--json` and the summary alike.
    public var fields: [(String, Int)] {
        [("agencies", agencies), ("learners", learners), ("trainers", trainers), ("sessions", sessions),
         ("completed", completed), ("cancelled_low_numbers", cancelledLowNumbers), ("cancelled_other", cancelledOther),
         ("bookings", bookings), ("attended", attended), ("partial", partial), ("absent", absent), ("excused", excused),
         ("waitlisted", waitlisted), ("cpd_entries", cpdEntries), ("feedback", feedback),
         ("notifications", notifications), ("refused", refused)]
    }
}
