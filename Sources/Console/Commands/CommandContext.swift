import MusterCore
import Scheduler
import Evaluation

/// What a command runs with: the database, the clock, who is acting, and the table itself
/// (for `help`). Services are made per command so each sees the same actor and clock.
public struct CommandContext: Sendable {
    public let database: AppDatabase
    public let clock: MusterClock
    /// Who is working: changed only by the interpreter, after `login` or `logout`.
    public internal(set) var actor: ActingUser
    public let table: CommandTable
    /// Asks one question at the prompt and returns the answer, or nil when the person
    /// abandons it (Ctrl-C, Ctrl-D). Nil off a terminal: forms need a person.
    public var ask: Asker?
    /// Asks for a password: nothing echoed, nothing in history. Nil off a terminal, where
    /// no command may take a password.
    public var askSecret: Asker?

    public typealias Asker = @Sendable (String) -> String?

    public init(database: AppDatabase, clock: MusterClock, actor: ActingUser, table: CommandTable = .standard,
                ask: Asker? = nil) {
        self.database = database; self.clock = clock; self.actor = actor; self.table = table; self.ask = ask
    }

    public var local: LocalTime { clock.local }
    public var catalogue: Catalogue { Catalogue(database: database, clock: clock, actor: actor) }
    public var schedule: Schedule { Schedule(database: database, clock: clock, actor: actor) }
    public var people: People { People(database: database, clock: clock, actor: actor) }
    public var bookings: Bookings { Bookings(database: database, clock: clock, actor: actor) }
    public var register: Register { Register(database: database, clock: clock, actor: actor) }
    public var cpd: CPDArea { CPDArea(database: database, clock: clock, actor: actor) }
    public var certificates: Certificates { Certificates(database: database, clock: clock, actor: actor) }
    public var requirements: Requirements { Requirements(database: database, clock: clock, actor: actor) }
    public var compliance: Compliance { Compliance(database: database, clock: clock, actor: actor) }
    public var evaluations: Evaluations { Evaluations(database: database, clock: clock, actor: actor) }
    public var charges: Charges { Charges(database: database, clock: clock, actor: actor) }
    public var accounts: Accounts { Accounts(database: database, clock: clock, actor: actor) }
    public var audit: AuditTrail { AuditTrail(database: database, clock: clock, actor: actor) }
    public var scheduler: Scheduler { Scheduler(database: database, clock: clock) }
    public var delivery: OutboxDelivery { OutboxDelivery(database: database, clock: clock, actor: actor) }
}

extension CommandContext {
    /// The LEARNER a command names. A learner user who names no one means themselves;
    /// staff must name the learner.
    func learnerID(_ invocation: Invocation) throws -> String {
        if let learner = invocation.argument("LEARNER") { return learner }
        if let own = actor.learnerID { return own }
        throw UsageError.missingArgument("LEARNER", usage: Usage.line(invocation.spec))
    }
}
