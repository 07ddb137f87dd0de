import Foundation
import GRDB

/// The partnership's timings for running sessions: when booking closes and the decision to
/// run is taken, and when people are reminded and asked. One table of fields drives the
/// stored keys, the defaults, the valid ranges and the `scheduler policy` options.
public struct SchedulingPolicy: Sendable, Equatable {
    public enum Field: String, CaseIterable, Sendable {
        case minAttendees = "min"
        case cutoffDays = "cutoff-days"
        case reminderDays = "reminder-days"
        case feedbackHours = "feedback-hours"
        case followUpDays = "followup-days"
        case evaluationDays = "evaluation-days"

        var key: String {
            switch self {
            case .minAttendees: "scheduler.min_attendees"
            case .cutoffDays: "scheduler.cutoff_working_days"
            case .reminderDays: "scheduler.reminder_days"
            case .feedbackHours: "scheduler.feedback_delay_hours"
            case .followUpDays: "scheduler.followup_days"
            case .evaluationDays: "evaluation.close_days"
            }
        }

        public var defaultValue: Int {
            switch self {
            case .minAttendees: 6
            case .cutoffDays: 5
            case .reminderDays: 2
            case .feedbackHours: 1
            case .followUpDays: 90
            case .evaluationDays: 30
            }
        }

        public var range: ClosedRange<Int> {
            switch self {
            case .minAttendees: 0...500
            case .cutoffDays: 0...60
            case .reminderDays: 0...60
            case .feedbackHours: 0...720
            case .followUpDays: 0...365
            case .evaluationDays: 1...365
            }
        }

        /// What the number means, for help and for the policy display.
        public var meaning: String {
            switch self {
            case .minAttendees: "minimum numbers for a course that does not set its own"
            case .cutoffDays: "working days before the start when booking closes and the scheduler decides"
            case .reminderDays: "days before the start when confirmed learners are reminded (0: no reminders)"
            case .feedbackHours: "hours after the end before attendees are asked for feedback"
            case .followUpDays: "days after the session when attendees get the impact follow-up (0: none)"
            case .evaluationDays: "days after the session that feedback stays open"
            }
        }

        /// The JSON key.
        public var jsonKey: String {
            switch self {
            case .minAttendees: "min_attendees"
            case .cutoffDays: "cutoff_working_days"
            case .reminderDays: "reminder_days"
            case .feedbackHours: "feedback_delay_hours"
            case .followUpDays: "followup_days"
            case .evaluationDays: "evaluation_days"
            }
        }
    }

    private var values: [Field: Int] = [:]

    public init() {}

    public subscript(field: Field) -> Int { values[field] ?? field.defaultValue }

    public mutating func set(_ field: Field, to value: Int) throws {
        guard field.range.contains(value) else { throw PolicyError.outOfRange(option: "--\(field.rawValue)", value: value, range: field.range) }
        values[field] = value
    }

    public var minAttendees: Int { self[.minAttendees] }
    public var cutoffWorkingDays: Int { self[.cutoffDays] }
    public var reminderDays: Int { self[.reminderDays] }
    public var feedbackDelayHours: Int { self[.feedbackHours] }
    public var followUpDays: Int { self[.followUpDays] }
    public var evaluationDays: Int { self[.evaluationDays] }

    package static func load(_ db: Database) throws -> SchedulingPolicy {
        var policy = SchedulingPolicy()
        let rows = try Row.fetchAll(cached: db, sql: "SELECT key, value FROM setting WHERE key LIKE 'scheduler.%' OR key LIKE 'evaluation.%'")
        for row in rows {
            guard let field = Field.allCases.first(where: { $0.key == row["key"] as String }),
                  let value = Int(row["value"] as String), field.range.contains(value) else { continue }
            policy.values[field] = value
        }
        return policy
    }

    func save(_ db: Database) throws {
        for field in Field.allCases { try Setting.set(field.key, to: String(self[field]), in: db) }
    }

    /// When booking on `session` closes: its own cut-off days, or the partnership's, in working days.
    public func cutoff(of session: Session, in local: LocalTime) -> Date {
        local.workingDays(session.cutoffDays ?? cutoffWorkingDays, before: session.startsAt)
    }

    /// Whether booking on `session` is still open at `now`. A session far enough ahead is
    /// open without counting its working days: `n` of them span fewer than `3n + 15`
    /// calendar days (any fortnight holds at least six, bank holidays taking four at most),
    /// so a listing of a year's sessions counts only the next few weeks'.
    public func isOpen(_ session: Session, at now: Date, in local: LocalTime) -> Bool {
        let days = session.cutoffDays ?? cutoffWorkingDays
        if session.startsAt.timeIntervalSince(now) > Double(Self.spanBound(workingDays: days)) * 86_400 { return true }
        return now < cutoff(of: session, in: local)
    }

    /// Calendar days that `n` working days always stay under.
    static func spanBound(workingDays n: Int) -> Int { 3 * n + 15 }
}

public enum PolicyError: Error, Equatable, CustomStringConvertible {
    case outOfRange(option: String, value: Int, range: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .outOfRange(let option, let value, let range):
            "\(option) \(value) is out of range: expected a whole number from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}
