import GRDB

extension AppDatabase {
    /// `write(keep:)` for erasure, with foreign keys left unenforced until it ends. Learner
    /// and user ids compare without regard to case while the columns that refer to them are
    /// indexed as written, so SQLite cannot use those indexes to check that nothing still
    /// points at a key being removed: enforced, each erasure would read every booking and
    /// every letter, and a retention run would read them once per learner. Erasure instead
    /// moves every referring column itself (found from the schema's own foreign keys), and
    /// SQLite's foreign keys come back on for the next write whatever happens.
    func writeRekeying<T>(keep: Bool, _ body: (Database) throws -> (T, [AuditEvent.Draft])) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            // Counts only: the rows an erasure changes are the very identity it removes.
            return try audited(db, keep: keep, values: false, body)
        }
    }
}
