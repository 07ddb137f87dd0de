import GRDB

extension AppDatabase {
    /// How many changes have been recorded: every write adds one, a refused command none.
    public func auditEventCount() throws -> Int {
        try read { db in try AuditEvent.fetchCount(db) }
    }
}
