/// What every service acts with: the one database, the clock every rule reads, and the
/// person the command runs for. Services hold it whole, so each is made the same way and
/// a new one needs no boilerplate.
public struct ServiceContext: Sendable {
    public let database: AppDatabase
    public let clock: MusterClock
    public let actor: ActingUser
}

package protocol Service: Sendable {
    var context: ServiceContext { get }
    init(context: ServiceContext)
}

extension Service {
    package init(database: AppDatabase, clock: MusterClock, actor: ActingUser) {
        self.init(context: ServiceContext(database: database, clock: clock, actor: actor))
    }

    package var database: AppDatabase { context.database }
    package var clock: MusterClock { context.clock }
    package var actor: ActingUser { context.actor }
}
