/// Where one learner stands on one requirement on a given day. The rule lives here once;
/// the KPI table counts in SQL with boundaries taken from `validSince` and `windowOpensFrom`,
/// and a test holds the two to the same answers.
public struct Standing: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case met, due, overdue, missing }

    public var status: Status
    /// The last completion that counts.
    public var completed: LocalDate?
    /// A completion with a renewal holds until this day, inclusive.
    public var validUntil: LocalDate?
    /// The day it must be done by: a renewal, or the end of the starting window.
    public var dueBy: LocalDate?
    /// Holds a completion that has not lapsed: what the KPI counts as meeting it.
    public var compliant: Bool
    /// Counts as relevant staff: everyone except a new starter still inside their window
    /// who has not done it yet.
    public var expected: Bool

    static let dueWithinDays = 60

    public init(_ requirement: Requirement, started: LocalDate?, completed: LocalDate?, today: LocalDate) {
        self.completed = completed
        let deadline = requirement.withinMonths.flatMap { within in started.map { $0.adding(months: within) } }
        let inWindow = deadline.map { today <= $0 } ?? false
        if let completed, let renew = requirement.renewMonths {
            let until = completed.adding(months: renew)
            validUntil = until; dueBy = until
            compliant = today <= until
            status = !compliant ? .overdue : today.days(until: until) <= Self.dueWithinDays ? .due : .met
        } else if completed != nil {
            validUntil = nil; dueBy = nil
            compliant = true
            status = .met
        } else {
            validUntil = nil; dueBy = deadline
            compliant = false
            if let deadline {
                status = !inWindow ? .overdue : today.days(until: deadline) <= Self.dueWithinDays ? .due : .missing
            } else {
                status = .missing
            }
        }
        expected = compliant || !inWindow
    }

    /// The earliest completion still valid on `today`; nil when completions never lapse.
    static func validSince(_ requirement: Requirement, today: LocalDate) -> LocalDate? {
        requirement.renewMonths.map { LocalDate.earliest(reaching: today, after: $0) }
    }

    /// Learners who started on or after this day are still inside their starting window.
    static func windowOpensFrom(_ requirement: Requirement, today: LocalDate) -> LocalDate? {
        requirement.withinMonths.map { LocalDate.earliest(reaching: today, after: $0) }
    }
}
