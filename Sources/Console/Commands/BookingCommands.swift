import Foundation
import MusterCore
import Reports

enum BookingCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("book", [.required("SESSION", .session), .optional("LEARNER", .learner)],
                    options: [.flag("--force", "book after the cut-off (admins)")],
                    roles: .everyone, section: .booking,
                    summary: "a confirmed place, or a place on the waiting list when the session is full",
                    showsData: true) { invocation, context in
            let learner = try context.learnerID(invocation)
            let outcome = try context.bookings.book(invocation.required("SESSION"), for: learner, force: invocation.flag("--force"))
            let booking = outcome.booking
            let text = outcome.position.map { "Waiting list: \(booking.learnerID) is number \($0) for \(booking.sessionID)" }
                ?? "Confirmed: \(booking.learnerID) has a place on \(booking.sessionID)"
            return CommandOutput(.text(text), json: RecordJSON.booking(booking, position: outcome.position, context.local))
        },

        CommandSpec("unbook", [.required("SESSION", .session), .optional("LEARNER", .learner)],
                    roles: .everyone, section: .booking,
                    summary: "give up a place; the first on the waiting list takes it", showsData: true) { invocation, context in
            let learner = try context.learnerID(invocation)
            let release = try context.bookings.unbook(invocation.required("SESSION"), for: learner)
            var lines = ["Cancelled: \(release.booking.learnerID) on \(release.booking.sessionID)"
                         + (release.booking.lateCancellation ? " (late cancellation)" : "")]
            lines += release.promoted.map { "Promoted from the waiting list: \($0)" }
            return CommandOutput(.text(lines.joined(separator: "\n")), json: .object([
                ("booking", RecordJSON.booking(release.booking, position: nil, context.local)),
                ("late", .bool(release.booking.lateCancellation)),
                ("promoted", .array(release.promoted.map(JSONValue.string))),
            ]))
        },

        CommandSpec("transfer", [.required("SESSION", .session), .required("FROM", .learner), .required("TO", .learner)],
                    roles: .staff, section: .booking,
                    summary: "pass a confirmed place to a colleague (no late cancellation)") { invocation, context in
            let booking = try context.bookings.transfer(invocation.required("SESSION"), from: invocation.required("FROM"),
                                                        to: invocation.required("TO"))
            return .text("Transferred: \(booking.learnerID) now has \(invocation.required("FROM"))'s place on \(booking.sessionID)")
        },

        CommandSpec("bookings", [.optional("LEARNER", .learner)],
                    options: [.flag("--all", "cancelled bookings too, and each booking's history")],
                    roles: .everyone, section: .booking, summary: "a learner's bookings, with status and waiting-list position",
                    showsData: true) { invocation, context in
            let learner = try context.learnerID(invocation)
            let all = invocation.flag("--all")
            let lines = try context.bookings.bookings(of: learner, includeAll: all)
            let local = context.local
            let table = Table([.init("session"), .init("date"), .init("time"), .init("course", flexible: true),
                               .init("status"), .init("booked")],
                              rows: lines.map { line in
                let status = line.booking.status.rawValue + (line.position.map { " (\($0))" } ?? "")
                    + (line.booking.lateCancellation ? " (late)" : "")
                return [line.booking.sessionID, local.date(of: line.startsAt).description,
                        local.timeOfDay(of: line.startsAt).description, line.courseTitle, status, local.format(line.booking.bookedAt)]
            }, noun: ("booking", "bookings"))
            let json: @Sendable () -> JSONValue = { JSONValue.array(lines.map { line in
                RecordJSON.booking(line.booking, position: line.position, local, adding: [
                    ("course_title", .string(line.courseTitle)), ("starts_at", .string(local.iso8601(line.startsAt))),
                    ("history", .array(line.history.map { RecordJSON.bookingEvent($0, local) })),
                ])
            }) }
            let history = lines.flatMap { line in line.history.map { historyLine(session: line.booking.sessionID, $0, local) } }
            guard all, !history.isEmpty else { return CommandOutput(.table(table), json: json()) }
            return CommandOutput(.text(table.render(width: nil) + "\n\nHistory:\n" + history.map { "  " + $0 }.joined(separator: "\n")),
                                 json: json())
        },

        CommandSpec("booking policy", options: [
            .value("--late-days", "N", .number, "working days before the start when a cancellation counts as late"),
            .value("--no-show-limit", "N", .number, "absences in 12 months after which a learner cannot book themselves (0: off)"),
            .value("--attend-threshold", "PERCENT", .number, "share of an online session that counts as attended"),
        ], roles: .admins, section: .booking, summary: "show or set the partnership's booking rules",
        showsData: true) { invocation, context in
            var policy = try context.bookings.policy()
            let late = try invocation.int("--late-days", atLeast: 0), limit = try invocation.int("--no-show-limit", atLeast: 0)
            let threshold = try invocation.int("--attend-threshold", atLeast: 1)
            if let threshold, threshold > 100 {
                throw UsageError.badValue(option: "--attend-threshold", value: String(threshold), expected: "a percentage from 1 to 100")
            }
            if late != nil || limit != nil || threshold != nil {
                if let late { policy.lateWindowWorkingDays = late }
                if let limit { policy.noShowLimit = limit }
                if let threshold { policy.attendanceThresholdPercent = threshold }
                try context.bookings.setPolicy(policy)
            }
            let text = Fields([
                ("late cancellation", "within \(policy.lateWindowWorkingDays) working days of the start"),
                ("no-show rule", policy.noShowLimit == 0 ? "off" : "after \(policy.noShowLimit) absences in 12 months, staff must book"),
                ("online attendance", "attended at \(policy.attendanceThresholdPercent)% of the session or more"),
            ]).render()
            let shown = policy
            return CommandOutput(.text(text), json: .object([
                ("late_window_working_days", .int(shown.lateWindowWorkingDays)), ("no_show_limit", .int(shown.noShowLimit)),
                ("attendance_threshold_percent", .int(shown.attendanceThresholdPercent)),
            ]))
        },
    ]

    static func historyLine(session: String, _ event: BookingEvent, _ local: LocalTime) -> String {
        "\(local.format(event.at))  \(session)  \(event.fromStatus?.rawValue ?? "new") → \(event.toStatus.rawValue)  by \(event.actor)"
            + (event.note.map { "  (\($0))" } ?? "")
    }
}
