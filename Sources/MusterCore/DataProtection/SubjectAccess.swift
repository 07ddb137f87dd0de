import Foundation
import GRDB

/// Everything held about one person, as a subject access request is answered: their
/// profile, logins, every booking with its history, attendance, CPD, certificates, feedback
/// (anonymous feedback too: anonymity hides them from staff, not from themselves), follow-ups,
/// letters sent to them, training accepted in place of courses, the scheduler's actions on
/// their places, and the audit events about them. Rows are read whole (`SELECT *`), so a
/// column added to one of these tables later is exported without anyone remembering to.
public struct SubjectAccessRecord: Sendable {
    public var learnerID: String
    public var exportedAt: Date
    public var exportedBy: String
    /// The learner row, with their agency's name beside its id.
    public var profile: HeldRecord
    /// In a fixed order: accounts, bookings (each with its `history`), attendance,
    /// cpd_entries, certificates, feedback, follow_ups, equivalents, notifications,
    /// scheduler_actions, audit_events.
    public var sections: [(name: String, records: [HeldRecord])]
    /// How many rows of each table the answer holds, so the person can see where each came from.
    public var sources: [(table: String, rows: Int)]
    /// Rows of tables that refer to the learner but that this version of Muster does not
    /// yet lay out. Empty today (a test keeps it so); never silently left out.
    public var otherRecords: [(table: String, records: [HeldRecord])]

    public func section(_ name: String) -> [HeldRecord] { sections.first { $0.name == name }?.records ?? [] }
}

public struct SubjectAccess: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// The section each table's rows appear in; `booking_event` rows sit inside their booking.
    static let sectionNames: [String: String] = [
        "user": "accounts", "booking": "bookings", "cpd_entry": "cpd_entries", "certificate": "certificates",
        "feedback": "feedback", "follow_up": "follow_ups", "equivalent": "equivalents",
        "notification": "notifications", "scheduler_action": "scheduler_actions",
    ]
    static let order = ["accounts", "bookings", "attendance", "cpd_entries", "certificates", "feedback", "follow_ups",
                        "equivalents", "notifications", "scheduler_actions", "audit_events"]

    /// A password hash is a secret of the login, not information about the person: the
    /// export says whether there is one.
    static let withheld: Set<String> = ["password_hash"]

    /// Reading is recorded like a write (`learner.export`): who was given everything about
    /// someone is itself something the partnership must be able to show. `deliver` (writing
    /// the file) runs inside the same transaction, so an export that could not be written
    /// leaves no record that it was.
    public func export(_ learnerID: String, deliver: (SubjectAccessRecord) throws -> Void = { _ in }) throws -> SubjectAccessRecord {
        guard actor.role == .admin else { throw DataProtectionError.adminsOnly }
        let now = clock.now
        let event = AuditEvent.Draft(actor: actor, at: now, action: "learner.export", recordType: "learner", recordID: learnerID)
        return try database.write(event, { db in
            let summary = try People.learner(learnerID, in: db)
            let id = summary.learner.id
            var profile = HeldRecord.from(try Row.fetchOne(db, sql: "SELECT * FROM learner WHERE id = ?", arguments: [id])!,
                                          types: try HeldRecord.types(of: "learner", in: db))
            if let at = profile.fields.firstIndex(where: { $0.name == "agency_id" }) {
                profile.fields.insert(("agency", .text(summary.agencyName)), at: at + 1)
            }

            var held: [String: [HeldRecord]] = [:]
            var sources: [(table: String, rows: Int)] = [("learner", 1)]
            for table in PersonalData.tables {
                let rows = try Self.rows(of: table.name, table.link, for: id, in: db)
                sources.append((table.name, rows.count))
                held[table.name] = rows.map { row in
                    var record = HeldRecord.from(row.row, types: row.types, leaving: Self.withheld)
                    if table.name == "user" { record.fields.append(("has_password", .flag(row.row["password_hash"] as String? != nil))) }
                    return record
                }
            }

            // Each booking with the session it was for and its history.
            let sessions = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT b.id, s.course_id, c.title, s.starts_at, s.ends_at, s.status
                FROM booking b JOIN session s ON s.id = b.session_id JOIN course c ON c.id = s.course_id
                WHERE b.learner_id = ?
                """, arguments: [id]).map { ($0["id"] as Int64, $0) })
            let history = Dictionary(grouping: held["booking_event"] ?? []) { $0["booking_id"] }
            var attendance: [HeldRecord] = []
            let bookings = (held["booking"] ?? []).map { booking -> HeldRecord in
                var booking = booking
                guard case .integer(let bookingID)? = booking["id"], let session = sessions[bookingID] else { return booking }
                booking.fields += [
                    ("course_id", .text(session["course_id"])), ("course_title", .text(session["title"])),
                    ("session_starts_at", .instant(session["starts_at"])), ("session_ends_at", .instant(session["ends_at"])),
                    ("session_status", .text(session["status"])),
                ]
                booking.nested = [("history", history[.integer(bookingID)] ?? [])]
                if case .text(let status)? = booking["status"], Self.marked.contains(status) {
                    attendance.append(HeldRecord(fields: [
                        ("session_id", booking["session_id"] ?? .null), ("course_title", .text(session["title"])),
                        ("starts_at", .instant(session["starts_at"])), ("status", .text(status)),
                        ("minutes_attended", booking["minutes_attended"] ?? .null),
                    ]))
                }
                return booking
            }

            let audit = try Self.auditEvents(about: summary.learner, accounts: held["user"] ?? [], in: db)
            sources.append(("audit_event", audit.count))

            var sections: [String: [HeldRecord]] = ["bookings": bookings, "attendance": attendance, "audit_events": audit]
            for (table, section) in Self.sectionNames where table != "booking" { sections[section] = held[table] ?? [] }

            // Anything the schema ties to a learner that the list above does not know yet.
            var other: [(table: String, records: [HeldRecord])] = []
            for (table, link) in try PersonalData.schemaTables(in: db) where PersonalData.table(table) == nil {
                let rows = try Self.rows(of: table, link, for: id, in: db)
                other.append((table, rows.map { HeldRecord.from($0.row, types: $0.types, leaving: Self.withheld) }))
                sources.append((table, rows.count))
            }

            let record = SubjectAccessRecord(learnerID: id, exportedAt: now, exportedBy: actor.id, profile: profile,
                                             sections: Self.order.map { ($0, sections[$0] ?? []) }, sources: sources,
                                             otherRecords: other)
            try deliver(record)
            return record
        }, identifying: { $0.learnerID })
    }

    static let marked: Set<String> = ["attended", "partial", "absent", "excused"]

    private static func rows(of table: String, _ link: PersonalData.Link, for learnerID: String,
                             in db: Database) throws -> [(row: Row, types: [String: String])] {
        let types = try HeldRecord.types(of: table, in: db)
        return try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" WHERE \(link.condition(table)) ORDER BY rowid",
                                arguments: [learnerID]).map { ($0, types) }
    }

    /// Events recorded about the learner or done by their logins: those filed under their
    /// record, and those whose words name them (a booking's "s101 L23", a login's user name).
    private static func auditEvents(about learner: Learner, accounts: [HeldRecord], in db: Database) throws -> [HeldRecord] {
        var mentions = Mentions()
        mentions.identifier(learner.id, becomes: "")
        mentions.identifier(learner.email, becomes: "")
        mentions.name(learner.name, becomes: "")
        for account in accounts {
            if case .text(let id)? = account["id"] { mentions.identifier(id, becomes: "") }
        }
        var ids = Set(try Int64.fetchAll(db, sql: "SELECT id FROM audit_event WHERE record_type = 'learner' AND record_id = ?",
                                         arguments: [learner.id]))
        try mentions.scan("audit_event", ["actor", "record_id", "detail", "changes"], since: ("at", learner.createdAt), in: db) { rowID, _ in
            ids.insert(rowID)
        }
        let types = try HeldRecord.types(of: "audit_event", in: db)
        var events: [HeldRecord] = []
        for chunk in Array(ids.sorted()).chunked(500) {
            events += try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))"
                                       + " ORDER BY id", arguments: StatementArguments(chunk)).map { HeldRecord.from($0, types: types) }
        }
        return events
    }
}

extension Array {
    fileprivate func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
