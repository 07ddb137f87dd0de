import Evaluation
import MusterCore
import Reports
import Scheduler

enum DemoCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("demo generate", options: [
            OptionSpec.value("--learners", "N", .number, "how many practitioners the partnership's agencies employ").mandatory,
            OptionSpec.value("--years", "Y", .number, "how many years of history, up to now").mandatory,
            .value("--seed", "S", .number, "the same seed (and --now) always builds the same database (default 1)"),
        ], roles: .admins, section: .general,
        summary: "fill a new, empty database with a realistic partnership's years of history", showsData: true) { invocation, context in
            let size = try DemoSize(learners: try invocation.int("--learners") ?? 0, years: try invocation.int("--years") ?? 0,
                                    seed: UInt64(try invocation.int("--seed", atLeast: 0) ?? 1))
            let counts = try ProgressBar.showing("demo generate") { progress in
                try DemoPartnership(database: context.database, clock: context.clock, actor: context.actor,
                                    routines: routines(context)).generate(size, progress: progress)
            }
            let json = JSONValue.object([("years", .int(size.years)), ("seed", .int(Int(size.seed)))]
                + counts.fields.map { ($0.0, .int($0.1)) })
            return CommandOutput(.text(summary(counts, size)), json: json)
        },
    ]

    /// The scheduler's cut-off decision and the evaluation form, for the generator to follow.
    static func routines(_ context: CommandContext) -> DemoRoutines {
        let database = context.database, actor = context.actor
        return DemoRoutines(
            decideAtCutoff: { db, clock in _ = try Scheduler.decideAtCutoff(in: db, clock: clock) },
            giveFeedback: { db, clock, session, learner, answers in
                try Evaluations(database: database, clock: clock, actor: actor).submit(session, for: learner, answers: answers, in: db)
            })
    }

    static func summary(_ counts: DemoCounts, _ size: DemoSize) -> String {
        func n(_ value: Int) -> String { grouped(value) }
        return "Generated \(size.years) year\(size.years == 1 ? "" : "s") of a partnership (seed \(size.seed)):\n" + Fields([
            ("people", "\(n(counts.agencies)) agencies, \(n(counts.learners)) learners, \(n(counts.trainers)) trainers"),
            ("sessions", "\(n(counts.sessions)): \(n(counts.completed)) delivered, \(n(counts.cancelledLowNumbers)) cancelled for low numbers, \(n(counts.cancelledOther)) cancelled otherwise"),
            ("bookings", "\(n(counts.bookings)): \(n(counts.attended)) attended, \(n(counts.partial)) partial, \(n(counts.absent)) absent, \(n(counts.excused)) excused, \(n(counts.waitlisted)) still waiting; \(n(counts.refused)) refused by the rules"),
            ("CPD entries", n(counts.cpdEntries)),
            ("feedback", n(counts.feedback)),
            ("notifications", n(counts.notifications)),
        ]).render()
    }

    /// 1234567 → 1,234,567.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
