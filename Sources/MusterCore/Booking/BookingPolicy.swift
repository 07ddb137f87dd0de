import Foundation
import GRDB

/// The partnership's booking rules that it may tune, kept in the `setting` table so every
/// terminal applies the same ones.
public struct BookingPolicy: Sendable, Equatable {
    /// A cancellation this many working days or fewer before the start is recorded as late.
    public var lateWindowWorkingDays = 2
    /// After this many absences without apology in twelve months a learner can no longer
    /// book themselves; a trainer or admin must. Zero turns the rule off.
    public var noShowLimit = 0
    /// An online attendee present for at least this share of the session counts as attended.
    public var attendanceThresholdPercent = 75

    public init() {}

    static let keys = ["booking.late_window_working_days", "booking.no_show_limit", "attendance.threshold_percent"]

    static func load(_ db: Database) throws -> BookingPolicy {
        var policy = BookingPolicy()
        let rows = try Row.fetchAll(cached: db, sql: "SELECT key, value FROM setting WHERE key IN ('\(keys.joined(separator: "','"))')")
        for row in rows {
            guard let value = Int(row["value"] as String) else { continue }
            switch row["key"] as String {
            case "booking.late_window_working_days": policy.lateWindowWorkingDays = value
            case "booking.no_show_limit": policy.noShowLimit = value
            default: policy.attendanceThresholdPercent = value
            }
        }
        return policy
    }

    func save(_ db: Database) throws {
        for (key, value) in zip(Self.keys, [lateWindowWorkingDays, noShowLimit, attendanceThresholdPercent]) {
            try Setting.set(key, to: String(value), in: db)
        }
    }

    /// When the late window opens: the same local time, that many working days before the start.
    func lateFrom(_ start: Date, local: LocalTime) -> Date {
        local.workingDays(lateWindowWorkingDays, before: start)
    }
}
