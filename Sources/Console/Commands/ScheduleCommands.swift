import Foundation
import MusterCore
import Reports
import Scheduler

enum ScheduleCommands {
    static let statuses = ValueKind.choice(SessionStatus.allCases.map(\.rawValue))
    static let reasons = ValueKind.choice(CancelReason.allCases.map(\.rawValue))

    static let placeOptions: [OptionSpec] = [
        .value("--duration", "D", .duration, "length, e.g. 3h or 1h30m (default: the course's)"),
        .value("--capacity", "N", .number, "places (default: the course's)"),
        .value("--min", "N", .number, "minimum numbers to run (default: the course's)"),
        .value("--venue", "TEXT", .text, "where it meets"),
        .value("--online", "URL", .url, "the meeting link, for a session held online"),
        .value("--trainer", "USER", .trainer, "who delivers it"),
        .value("--cutoff-days", "N", .number, "booking closes this many working days before the start (default: the policy's)"),
    ]

    static let specs: [CommandSpec] = [
        CommandSpec("sessions", options: [
            .value("--course", "COURSE", .course, "only sessions of this course"),
            .value("--from", "DATE", .date, "starting on or after this day (default: today)"),
            .value("--to", "DATE", .date, "starting on or before this day"),
            .value("--status", "S", statuses, "only sessions with this status"),
            .value("--trainer", "USER", .trainer, "only this trainer's sessions"),
            .flag("--open", "only sessions with places that can still be booked"),
            .flag("--all", "include past sessions"),
            .flag("--at-risk", "sessions below their minimum whose cut-off is still ahead"),
        ], roles: .everyone, section: .sessions, summary: "the schedule, with places booked and free",
        showsData: true) { invocation, context in
            if invocation.flag("--at-risk") { return try atRisk(context) }
            var query = Schedule.Query()
            query.courseID = invocation.option("--course")
            query.from = try invocation.date("--from", context.local)
            query.to = try invocation.date("--to", context.local)
            query.status = try invocation.choice("--status", status)
            query.trainerID = invocation.option("--trainer")
            query.openOnly = invocation.flag("--open")
            query.includePast = invocation.flag("--all")
            let sessions = try context.schedule.sessions(matching: query)
            let table = Table([
                .init("id"), .init("date"), .init("time"), .init("course", flexible: true), .init("where", flexible: true),
                .init("trainer"), .init("booked", alignRight: true), .init("wait", alignRight: true), .init("status"),
            ], rows: sessions.map { summary in
                let session = summary.session
                return [session.id, context.local.date(of: session.startsAt).description,
                        "\(context.local.timeOfDay(of: session.startsAt))–\(context.local.timeOfDay(of: session.endsAt))",
                        summary.courseTitle, session.venue ?? (session.onlineURL != nil ? "online" : ""),
                        session.trainerID ?? "", "\(summary.confirmed)/\(session.capacity)",
                        summary.waitlisted == 0 ? "" : String(summary.waitlisted),
                        session.status == .cancelled ? "cancelled (\(session.cancelReason?.rawValue ?? ""))" : session.status.rawValue]
            }, noun: ("session", "sessions"))
            let policy = try context.schedule.policy()
            return CommandOutput(.table(table), json: .array(sessions.map { RecordJSON.session($0, context.local, policy) }))
        },

        CommandSpec("session show", [.required("SESSION", .session)], roles: .everyone, section: .sessions,
                    summary: "a session's details, roster and waiting list", showsData: true) { invocation, context in
            let detail = try context.schedule.session(invocation.required("SESSION"))
            let summary = detail.summary, session = summary.session, local = context.local
            let policy = try context.schedule.policy()
            var text = Fields([
                ("session", session.id), ("course", "\(summary.courseTitle) (\(session.courseID))"),
                ("when", "\(local.format(session.startsAt))–\(local.timeOfDay(of: session.endsAt))"),
                ("where", session.venue ?? session.onlineURL ?? "to be confirmed"),
                ("trainer", summary.trainerName.map { "\($0) (\(session.trainerID ?? ""))" } ?? session.trainerID),
                ("places", "\(summary.confirmed) of \(session.capacity) booked, \(summary.freePlaces) free; runs with at least \(session.minAttendees)"),
                ("booking closes", local.format(policy.cutoff(of: session, in: local))),
                ("status", session.status.rawValue + (session.cancelReason.map { " (\($0.rawValue))" } ?? "")
                    + (session.cutoffDecision.map { " (\($0.rawValue)\(session.decidedAt.map { ", decided \(local.format($0))" } ?? ""))" } ?? "")),
                ("note", session.cancelNote),
            ]).render()
            let learner = context.actor.role == .learner
            text += (learner ? "\n\nYour place:\n" : "\n\nRoster:\n") + (detail.roster.isEmpty ? (learner ? "  none" : "  nobody booked yet") : detail.roster.map {
                "  \($0.learnerID)  \($0.name)  \($0.agency)  \($0.status)"
            }.joined(separator: "\n"))
            if !detail.waitingList.isEmpty {
                text += "\n\nWaiting list:\n" + detail.waitingList.map {
                    "  \($0.position ?? 0). \($0.learnerID)  \($0.name)  \($0.agency)" + (learner ? " of \(summary.waitlisted) waiting" : "")
                }.joined(separator: "\n")
            }
            let history = try context.bookings.history(ofSession: session.id)
            if !history.isEmpty {
                text += "\n\nHistory:\n" + history.map {
                    "  " + BookingCommands.historyLine(session: "\($0.learnerID) \($0.learnerName)", $0.event, local)
                }.joined(separator: "\n")
            }
            return CommandOutput(.text(text), json: RecordJSON.sessionDetail(detail, history, local, policy))
        },

        CommandSpec("session add", [.required("COURSE", .course), .required("DATE", .date), .required("TIME", .time)],
                    options: placeOptions, roles: .staff, section: .sessions,
                    summary: "schedule a session of a course; prints the new session's id", showsData: true) { invocation, context in
            var new = Schedule.NewSession(courseID: invocation.required("COURSE"),
                                          date: try context.local.parseDate(invocation.required("DATE")),
                                          time: try context.local.parseTime(invocation.required("TIME")))
            new.duration = try invocation.duration("--duration")
            new.capacity = try invocation.int("--capacity")
            new.minAttendees = try invocation.int("--min")
            (new.venue, new.onlineURL) = try place(invocation)
            new.trainerID = invocation.option("--trainer")
            new.cutoffDays = try invocation.int("--cutoff-days", atLeast: 0)
            let session = try context.schedule.add(new)
            let summary = try context.schedule.session(session.id).summary
            let policy = try context.schedule.policy()
            return CommandOutput(.text(session.id), json: RecordJSON.session(summary, context.local, policy))
        },

        CommandSpec("session edit", [.required("SESSION", .session)],
                    options: [.value("--date", "DATE", .date, "move it to this day"),
                              .value("--time", "TIME", .time, "move it to this start time")] + placeOptions
                        + [.flag("--force", "lower capacity below the confirmed places; the latest go back to the waiting list")],
                    roles: .staff, section: .sessions, summary: "change a scheduled session") { invocation, context in
            var changes = Schedule.Changes()
            changes.date = try invocation.date("--date", context.local)
            changes.time = try invocation.option("--time").map { try context.local.parseTime($0) }
            changes.duration = try invocation.duration("--duration")
            changes.capacity = try invocation.int("--capacity")
            changes.minAttendees = try invocation.int("--min")
            (changes.venue, changes.onlineURL) = try place(invocation)
            changes.trainerID = invocation.option("--trainer")
            changes.cutoffDays = try invocation.int("--cutoff-days", atLeast: 0)
            changes.force = invocation.flag("--force")
            let session = try context.schedule.edit(invocation.required("SESSION"), changes)
            return .text("Updated \(session.id): \(context.local.format(session.startsAt)), \(session.capacity) place\(session.capacity == 1 ? "" : "s")")
        },

        CommandSpec("session cancel", [.required("SESSION", .session)], options: [
            .value("--reason", "R", reasons, "why it is cancelled").mandatory,
            .value("--note", "T", .text, "more detail for the record and the learners"),
        ], roles: .staff, section: .sessions, summary: "cancel a session and every booking on it") { invocation, context in
            let reason = try reason(invocation.option("--reason")!)
            let session = try context.schedule.cancel(invocation.required("SESSION"), reason: reason, note: invocation.option("--note"))
            return .text("Cancelled \(session.id) (\(reason.rawValue))")
        },

        CommandSpec("session complete", [.required("SESSION", .session)],
                    options: [.flag("--absent-rest", "mark anyone still unmarked as absent")], roles: .staff, section: .sessions,
                    summary: "close the register of a session that has run") { invocation, context in
            let session = try context.schedule.complete(invocation.required("SESSION"), absentRest: invocation.flag("--absent-rest"))
            return .text("Completed \(session.id)")
        },

        CommandSpec("import sessions", [.optional("PATH", .file)], roles: .staff, section: .sessions,
                    summary: "add or update sessions from a term file or folder (default ./Sessions)",
                    showsData: true) { invocation, context in
            let source = URL(fileURLWithPath: invocation.argument("PATH") ?? "Sessions")
            let summary = try ProgressBar.showing("import sessions") { progress in
                try context.schedule.importSessions(from: source, progress: progress)
            }
            return CommandOutput(.text(summary.description), json: RecordJSON.summary(summary))
        },
    ]

    static func place(_ invocation: Invocation) throws -> (venue: String?, online: String?) {
        let venue = invocation.option("--venue"), online = invocation.option("--online")
        if venue != nil && online != nil { throw UsageError.conflictingOptions("--venue", "--online") }
        return (venue, online)
    }

    static func status(_ text: String) throws -> SessionStatus {
        guard let status = SessionStatus(rawValue: text.lowercased()) else { throw ScheduleError.unknownStatus(text) }
        return status
    }

    static func reason(_ text: String) throws -> CancelReason {
        guard let reason = CancelReason(rawValue: text.lowercased()) else { throw ScheduleError.unknownReason(text) }
        return reason
    }

    /// Sessions to promote while there is time: how short each is and how long is left.
    static func atRisk(_ context: CommandContext) throws -> CommandOutput {
        let local = context.local
        let sessions = try context.scheduler.atRisk()
        let policy = try context.schedule.policy()
        let table = Table([
            .init("id"), .init("date"), .init("course", flexible: true), .init("booked/min/places", alignRight: true),
            .init("short", alignRight: true), .init("cut-off"), .init("days left", alignRight: true), .init("wait", alignRight: true),
        ], rows: sessions.map { risk in
            let s = risk.summary.session
            return [s.id, local.format(s.startsAt), risk.summary.courseTitle,
                    "\(risk.summary.confirmed)/\(s.minAttendees)/\(s.capacity)", String(risk.short), local.format(risk.cutoffAt),
                    String(risk.daysLeft), risk.summary.waitlisted == 0 ? "" : String(risk.summary.waitlisted)]
        }, noun: ("session at risk", "sessions at risk"))
        return CommandOutput(.table(table), json: .array(sessions.map { risk in
            RecordJSON.session(risk.summary, local, policy).adding([("days_left", .int(risk.daysLeft)), ("short", .int(risk.short))])
        }))
    }
}
