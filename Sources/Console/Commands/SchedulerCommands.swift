import MusterCore
import Reports
import Scheduler

enum SchedulerCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("scheduler run", options: [
            .flag("--dry-run", "show what a run would do now and change nothing"),
        ], roles: .admins, section: .scheduler,
        summary: "cancel under-booked sessions at their cut-off; send reminders, feedback requests, follow-ups",
        showsData: true) { invocation, context in
            let dryRun = invocation.flag("--dry-run")
            let actions = try context.scheduler.run(dryRun: dryRun)
            let when = context.local.format(context.clock.now)
            let json: @Sendable () -> JSONValue = { JSONValue.array(actions.map { action in
                .object([("action", .string(action.kind.rawValue)), ("session_id", .string(action.sessionID)),
                         ("reason", .string(action.reason)), ("learners", .array(action.learners.map { .string($0) })),
                         ("detail", .string(action.detail))])
            }) }
            guard !actions.isEmpty else {
                return CommandOutput(.text("Nothing to do at \(when)."), json: json())
            }
            let table = Table([.init("action"), .init("session"), .init("reason"), .init("learners", alignRight: true),
                               .init("detail", flexible: true)],
                              rows: actions.map { [$0.kind.rawValue, $0.sessionID, $0.reason, String($0.learners.count), $0.detail] },
                              noun: ("action", "actions"))
            let heading = dryRun ? "Dry run at \(when): a run now would do this; nothing was changed.\n\n" : ""
            return CommandOutput(.text(heading + table.render(width: nil)), json: json())
        },

        CommandSpec("scheduler policy", options: SchedulingPolicy.Field.allCases.map {
            .value("--\($0.rawValue)", "N", .number, $0.meaning + " (default \($0.defaultValue))")
        }, roles: .admins, section: .scheduler, summary: "show or set cut-off, reminder and follow-up timings",
        showsData: true) { invocation, context in
            var policy = try context.schedule.policy()
            var changed = false
            for field in SchedulingPolicy.Field.allCases {
                guard let value = try invocation.int("--\(field.rawValue)") else { continue }
                try policy.set(field, to: value)
                changed = true
            }
            if changed { try context.schedule.setPolicy(policy) }
            let text = Fields([
                ("minimum numbers", "\(policy.minAttendees) (for a course that sets none; a course's and a session's own come first)"),
                ("cut-off", "\(policy.cutoffWorkingDays) working days before the start: booking closes, and a session below its minimum is cancelled"),
                ("reminders", policy.reminderDays == 0 ? "off" : "\(policy.reminderDays) days before the start"),
                ("feedback requests", "\(policy.feedbackDelayHours) hour\(policy.feedbackDelayHours == 1 ? "" : "s") after the end; feedback open for \(policy.evaluationDays) days"),
                ("impact follow-up", policy.followUpDays == 0 ? "off" : "\(policy.followUpDays) days after the session"),
            ]).render()
            let shown = policy
            return CommandOutput(.text(text), json: .object(SchedulingPolicy.Field.allCases.map { ($0.jsonKey, .int(shown[$0])) }))
        },

        CommandSpec("outbox", options: [.flag("--unsent", "only what has not been delivered yet")],
                    roles: .admins, section: .scheduler, summary: "notifications written for learners and trainers",
                    showsData: true) { invocation, context in
            let entries = try context.database.outbox(unsentOnly: invocation.flag("--unsent"))
            let local = context.local
            let table = Table([.init("id", alignRight: true), .init("created"), .init("to", flexible: true), .init("kind"),
                               .init("subject", flexible: true), .init("delivery", flexible: true)],
                              rows: entries.map {
                [String($0.id), local.format($0.notice.createdAt), $0.notice.email ?? $0.notice.learnerID ?? $0.notice.userID ?? "",
                 $0.notice.kind.rawValue, $0.notice.subject, delivery($0, local)]
            }, noun: ("notification", "notifications"))
            return CommandOutput(.table(table), json: .array(entries.map { entry in
                let n = entry.notice
                return .object([("id", .int(Int(entry.id))), ("learner_id", .string(n.learnerID)), ("email", .string(n.email)),
                                ("kind", .string(n.kind.rawValue)), ("subject", .string(n.subject)), ("body", .string(n.body)),
                                ("session_id", .string(n.sessionID)), ("created_at", .string(local.iso8601(n.createdAt))),
                                ("sent_at", .string(n.sentAt.map(local.iso8601))), ("user_id", .string(n.userID)),
                                ("attempts", .int(entry.attempts)), ("last_error", .string(entry.lastError))])
            }))
        },

        CommandSpec("outbox send", options: [
            .value("--limit", "N", .number, "send at most this many (default 1000)"),
        ], roles: .admins, section: .scheduler, summary: "deliver unsent notifications through the mail command") { invocation, context in
            let settings = try context.delivery.settings()
            let command = try MailCommand(words: try Tokenizer.words(settings.command))
            let sent = try context.delivery.sendUnsent(through: command, limit: try invocation.int("--limit", atLeast: 1) ?? 1000)
            return .text(sent == 0 ? "Nothing to send." : "Sent \(sent) notification\(sent == 1 ? "" : "s").")
        },

        CommandSpec("outbox config", options: [
            .value("--command", "CMD", .text, "a sendmail-compatible command that reads the message on standard input"),
            .value("--from", "ADDRESS", .text, "the sender address of every message"),
        ], roles: .admins, section: .scheduler, summary: "show or set how notifications are sent",
        showsData: true) { invocation, context in
            let command = invocation.option("--command"), from = invocation.option("--from")
            if let command { _ = try Tokenizer.words(command) }
            if command != nil || from != nil { try context.delivery.configure(command: command, from: from) }
            let settings = try context.delivery.settings()
            return CommandOutput(.text(Fields([("command", settings.command), ("from", settings.from ?? "not set")]).render()),
                                 json: .object([("command", .string(settings.command)), ("from", .string(settings.from))]))
        },
    ]

    static func delivery(_ entry: OutboxEntry, _ local: LocalTime) -> String {
        if let sent = entry.notice.sentAt { return "sent \(local.format(sent))" }
        guard entry.notice.email != nil else { return "no email address: not sent" }
        guard let error = entry.lastError else { return "waiting" }
        return "failed \(entry.attempts)×: \(error)"
    }
}
