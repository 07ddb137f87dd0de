import Foundation
import GRDB

/// Who did what to which record, and when. Every write appends one.
package struct AuditEvent: Codable, PersistableRecord, TableRecord {
    package static let databaseTableName = "audit_event"

    var at: Date
    var actor: String
    var role: String
    var action: String
    var recordType: String
    var recordID: String?
    var detail: String?
    /// The fields the write changed, before and after (`FieldChanges`), as JSON.
    var changes: String?

    enum CodingKeys: String, CodingKey {
        case at, actor, role, action, recordType = "record_type", recordID = "record_id", detail, changes
    }

    /// What a service says about its write, before the transaction stamps it.
    package struct Draft {
        var actor: ActingUser
        var at: Date
        var action: String
        var recordType: String
        var recordID: String?
        var detail: String?
        /// Set by the transaction from what it changed, unless the writer took it sooner.
        package var changes: String?

        package init(actor: ActingUser, at: Date, action: String, recordType: String, recordID: String? = nil,
                     detail: String? = nil) {
            self.actor = actor; self.at = at; self.action = action
            self.recordType = recordType; self.recordID = recordID; self.detail = detail
        }
    }

    package init(draft: Draft) {
        at = draft.at; actor = draft.actor.id; role = draft.actor.role.rawValue; action = draft.action
        recordType = draft.recordType; recordID = draft.recordID; detail = draft.detail; changes = draft.changes
    }

    package func encode(to container: inout PersistenceContainer) throws { encodeColumns(to: &container) }
}

extension AuditEvent: PreparedInsert {
    package static let insertedColumns = ["at", "actor", "role", "action", "record_type", "record_id", "detail", "changes"]
    package static let insertSQL = makeInsertSQL()
    package var values: [(any DatabaseValueConvertible)?] { [at, actor, role, action, recordType, recordID, detail, changes] }
}
