import MusterCore

/// The audit trail, for admins answering "who changed this, and when?".
enum AuditCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("audit", options: [
            .value("--from", "DATE", .date, "events on or after this day"),
            .value("--to", "DATE", .date, "events on or before this day"),
            .value("--actor", "USER", .text, "one person's (or scheduler, import, local)"),
            .value("--record", "TYPE[:ID]", .text, "one kind of record, or one record: session:s101, learner:P1002"),
            .value("--action", "A", .text, "one action or family: booking.book, booking"),
            .value("--limit", "N", .number, "at most this many, newest first (default 100)"),
        ], roles: .admins, section: .accounts, summary: "who changed what and when, newest first", showsData: true) { invocation, context in
            var filter = AuditTrail.Filter()
            filter.from = try invocation.date("--from", context.local)
            filter.to = try invocation.date("--to", context.local)
            filter.actor = invocation.option("--actor")
            filter.action = invocation.option("--action")
            if let record = invocation.option("--record") {
                let parts = record.split(separator: ":", maxSplits: 1).map(String.init)
                filter.recordType = parts.first
                filter.recordID = parts.count > 1 ? parts[1] : nil
            }
            if let limit = try invocation.int("--limit", atLeast: 1) { filter.limit = min(limit, 100_000) }
            let entries = try context.audit.entries(filter)
            let local = context.local
            let table = Table([.init("at"), .init("actor"), .init("role"), .init("action"), .init("record"), .init("detail", flexible: true)],
                              rows: entries.map { entry in
                [local.format(entry.at), entry.actor, entry.role ?? "", entry.action,
                 entry.recordType + (entry.recordID.map { ":" + $0 } ?? ""), entry.detail ?? ""]
            }, noun: ("event", "events"))
            return CommandOutput(.table(table), json: .array(entries.map { entry in
                .object([("id", .int(Int(entry.id))), ("at", .string(local.iso8601(entry.at))), ("actor", .string(entry.actor)),
                         ("role", .string(entry.role)), ("action", .string(entry.action)), ("record_type", .string(entry.recordType)),
                         ("record_id", .string(entry.recordID)), ("detail", .string(entry.detail))])
            }))
        },
    ]
}
