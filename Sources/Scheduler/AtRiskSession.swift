import Foundation
import MusterCore

/// A session below its minimum whose cut-off is still ahead: one to promote in time.
public struct AtRiskSession: Sendable, Equatable {
    public var summary: SessionSummary
    public var cutoffAt: Date
    /// Calendar days from today to the day of the cut-off: 0 means it falls today.
    public var daysLeft: Int

    /// Places still needed to reach the minimum.
    public var short: Int { summary.session.minAttendees - summary.confirmed }
}
