import Foundation

/// The one source of "now" for every rule, so a scenario can be replayed exactly
/// (`--now`, `MUSTER_NOW`) and tests never wait for real time to pass.
public struct MusterClock: Sendable {
    private let reading: @Sendable () -> Date
    /// Reads and writes local times in the partnership's zone. Made once with the clock: it
    /// carries a calendar, and listings ask for it per row (a listing of two thousand sessions
    /// built six thousand calendars).
    public let local: LocalTime
    /// The partnership's local zone: people type and read local times; instants are stored in UTC.
    public var zone: TimeZone { local.zone }

    public init(zone: TimeZone = MusterClock.defaultZone, reading: @escaping @Sendable () -> Date) {
        self.local = LocalTime(zone: zone)
        self.reading = reading
    }

    public var now: Date { reading() }

    public static let defaultZone = TimeZone(identifier: "Europe/London")!

    public static func system(zone: TimeZone = defaultZone) -> MusterClock {
        MusterClock(zone: zone) { Date() }
    }

    public static func fixed(_ date: Date, zone: TimeZone = defaultZone) -> MusterClock {
        MusterClock(zone: zone) { date }
    }

    /// A clock stopped at a local "YYYY-MM-DD HH:MM" (the form `--now` takes).
    public static func fixed(local text: String, zone: TimeZone = defaultZone) throws -> MusterClock {
        let local = LocalTime(zone: zone)
        return fixed(try local.parseDateTime(text), zone: zone)
    }
}
