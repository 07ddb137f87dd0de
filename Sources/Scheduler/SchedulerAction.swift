/// One thing a scheduler run did, or in a dry run would do, to one session.
public struct SchedulerAction: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Under its minimum at the cut-off: cancelled for low numbers, everyone told.
        case cancel
        /// At or over its minimum at the cut-off: it runs, and the trainer has the numbers.
        case goAhead = "go-ahead"
        /// Started below its minimum before any run decided: never cancelled, reported.
        case report
        case reminder
        case feedbackRequest = "feedback-request"
        case registerReminder = "register-reminder"
        case followUp = "follow-up"
    }

    public var kind: Kind
    public var sessionID: String
    /// A stable word for scripts: `low-numbers`, `minimum-met`, `started-below-minimum`,
    /// `starts-soon`, `session-ended`, `register-open`, `follow-up-due`.
    public var reason: String
    /// The learners told (or, for a report, on the session).
    public var learners: [String]
    /// What happened, in words for the person reading the run.
    public var detail: String
}
