import Foundation
import GRDB

extension AppDatabase {
    /// How many changes have been recorded: every write adds one, a refused command none.
    public func auditEventCount() throws -> Int {
        try read { db in try AuditEvent.fetchCount(db) }
    }
}

/// Who changed what, for a partnership that must show it: read only, newest first. Nothing
/// in Muster edits or deletes an event; this service has no way to.
public struct AuditTrail: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var at: Date
        public var actor: String
        public var role: String?
        public var action: String
        public var recordType: String
        public var recordID: String?
        public var detail: String?
        /// The rows the write changed, field by field, and by table how many more it
        /// changed than the event keeps.
        public var changes: [RecordChange]
        public var changesOmitted: [String: Int]
    }

    public struct Filter: Sendable {
        public var from: LocalDate?
        public var to: LocalDate?
        public var actor: String?
        public var recordType: String?
        public var recordID: String?
        public var action: String?
        public var limit = 100
        public init() {}
    }

    public func entries(_ filter: Filter) throws -> [Entry] {
        let local = clock.local
        var conditions: [String] = [], arguments: StatementArguments = []
        if let from = filter.from { conditions.append("at >= ?"); arguments += [local.startOfDay(from)] }
        if let to = filter.to { conditions.append("at < ?"); arguments += [local.endOfDay(to)] }
        if let actor = filter.actor { conditions.append("actor = ? COLLATE NOCASE"); arguments += [actor] }
        if let type = filter.recordType { conditions.append("record_type = ?"); arguments += [type] }
        if let id = filter.recordID { conditions.append("record_id = ? COLLATE NOCASE"); arguments += [id] }
        if let action = filter.action { conditions.append("(action = ? OR action LIKE ? ESCAPE '\\')"); arguments += [action, LikePattern.escape(action) + ".%"] }
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM audit_event \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: arguments + [filter.limit]).map { row in
                Self.entry(row)
            }
        }
    }

    /// One event whole, by its number.
    public func entry(_ id: Int64) throws -> Entry {
        guard let row = try database.read({ db in try Row.fetchOne(db, sql: "SELECT * FROM audit_event WHERE id = ?", arguments: [id]) })
        else { throw AuditError.noSuchEvent(id) }
        return Self.entry(row)
    }

    private static func entry(_ row: Row) -> Entry {
        let changes = RecordChange.decode(row["changes"])
        return Entry(id: row["id"], at: row["at"], actor: row["actor"], role: row["role"], action: row["action"],
                     recordType: row["record_type"], recordID: row["record_id"], detail: row["detail"],
                     changes: changes.rows, changesOmitted: changes.omitted)
    }
}
