import MusterCore

/// What a command runs with: the database, the clock, who is acting, and the table itself
/// (for `help`). Services are made per command so each sees the same actor and clock.
public struct CommandContext: Sendable {
    public let database: AppDatabase
    public let clock: MusterClock
    public let actor: ActingUser
    public let table: CommandTable

    public init(database: AppDatabase, clock: MusterClock, actor: ActingUser, table: CommandTable = .standard) {
        self.database = database; self.clock = clock; self.actor = actor; self.table = table
    }

    public var local: LocalTime { clock.local }
    public var catalogue: Catalogue { Catalogue(database: database, clock: clock, actor: actor) }
    public var schedule: Schedule { Schedule(database: database, clock: clock, actor: actor) }
    public var people: People { People(database: database, clock: clock, actor: actor) }
    public var bookings: Bookings { Bookings(database: database, clock: clock, actor: actor) }
}
