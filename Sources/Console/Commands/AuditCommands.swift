import MusterCore
import Reports

/// The audit trail, for admins answering "who changed this, and when?": `audit` lists,
/// `audit show` gives one event with the before and after of every field it changed.
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
            let table = Table([.init("#", alignRight: true), .init("at"), .init("actor"), .init("role"), .init("action"),
                               .init("record"), .init("detail", flexible: true), .init("changed", flexible: true)],
                              rows: entries.map { entry in
                [String(entry.id), local.format(entry.at), entry.actor, entry.role ?? "", entry.action,
                 entry.recordType + (entry.recordID.map { ":" + $0 } ?? ""), entry.detail ?? "", changed(entry)]
            }, noun: ("event", "events"))
            return CommandOutput(.table(table), json: .array(entries.map { json($0, local) }))
        },
        CommandSpec("audit show", [.required("EVENT", .number)], roles: .admins, section: .accounts,
                    summary: "one audit event: every field it changed, before and after", showsData: true) { invocation, context in
            let text = invocation.required("EVENT")
            guard let id = Int64(text) else {
                throw UsageError.badValue(option: "EVENT", value: text, expected: "an event's number, as audit lists it")
            }
            let entry = try context.audit.entry(id)
            let local = context.local
            var lines = ["Event \(entry.id)  \(local.format(entry.at))  \(entry.actor)" + (entry.role.map { " (\($0))" } ?? ""),
                         "  \(entry.action) \(entry.recordType)" + (entry.recordID.map { ":" + $0 } ?? "")]
            if let detail = entry.detail { lines.append("  " + detail) }
            for change in entry.changes {
                lines.append("  \(change.op.verb) \(change.table) \(change.key ?? "")")
                let width = change.fields.map(\.count).max() ?? 0
                for field in change.fields {
                    let name = field.padding(toLength: width, withPad: " ", startingAt: 0)
                    switch change.op {
                    case .insert: lines.append("    \(name)  \(change.after?[field] ?? .null)")
                    case .delete: lines.append("    \(name)  \(change.before?[field] ?? .null)")
                    case .update: lines.append("    \(name)  \(change.before?[field] ?? .null) → \(change.after?[field] ?? .null)")
                    }
                }
            }
            for (table, count) in entry.changesOmitted.sorted(by: { $0.key < $1.key }) {
                lines.append("  and \(count) more \(table) row\(count == 1 ? "" : "s") (counted, not kept)")
            }
            if entry.changes.isEmpty && entry.changesOmitted.isEmpty { lines.append("  (no fields changed: a read, a refusal or a login)") }
            return CommandOutput(.text(lines.joined(separator: "\n")), json: json(entry, local))
        },
    ]

    /// A line's worth: which rows, and which of their fields.
    static func changed(_ entry: AuditTrail.Entry) -> String {
        var parts = entry.changes.prefix(3).map { change in
            "\(change.table) \(change.key ?? "")" + (change.op == .update ? ": " + change.fields.joined(separator: ", ") : " " + change.op.verb)
        }
        let more = entry.changes.count - parts.count + entry.changesOmitted.values.reduce(0, +)
        if more > 0 { parts.append("+\(more) more") }
        return parts.joined(separator: "; ")
    }

    static func json(_ entry: AuditTrail.Entry, _ local: LocalTime) -> JSONValue {
        func fields(_ values: [String: RecordChange.Value]?) -> JSONValue {
            guard let values else { return .null }
            return .object(values.keys.sorted().map { key in
                switch values[key]! {
                case .null: (key, .null)
                case .integer(let value): (key, .int(Int(value)))
                case .real(let value): (key, .double(value))
                case .text(let value): (key, .string(value))
                }
            })
        }
        return .object([
            ("id", .int(Int(entry.id))), ("at", .string(local.iso8601(entry.at))), ("actor", .string(entry.actor)),
            ("role", .string(entry.role)), ("action", .string(entry.action)), ("record_type", .string(entry.recordType)),
            ("record_id", .string(entry.recordID)), ("detail", .string(entry.detail)),
            ("changes", .array(entry.changes.map { change in
                .object([("table", .string(change.table)), ("key", .string(change.key)), ("op", .string(change.op.rawValue)),
                         ("before", fields(change.before)), ("after", fields(change.after))])
            })),
            ("changes_omitted", .object(entry.changesOmitted.keys.sorted().map { ($0, .int(entry.changesOmitted[$0]!)) })),
        ])
    }
}

extension RecordChange.Kind {
    var verb: String { switch self { case .insert: "added"; case .update: "changed"; case .delete: "removed" } }
}
