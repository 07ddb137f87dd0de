import GRDB

/// The partnership's policies, as key/value rows of the `setting` table, inside the
/// caller's transaction.
package enum Setting {
    package static func value(_ key: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }

    package static func set(_ key: String, to value: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }
}
