import Foundation
import GRDB
import MusterCore

/// Every row of every table and the schema's version, as text: equal before and after a
/// refused command means the command changed nothing at all, audit trail included.
enum DatabaseFingerprint {
    static func of(_ database: AppDatabase) throws -> String {
        try database.read(rows)
    }

    private static func rows(_ db: Database) throws -> String {
        var text = "user_version \(try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1)\n"
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
            text += "== \(table)\n"
            text += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted().joined(separator: "\n") + "\n"
        }
        return text
    }

    /// The file's fingerprint, read with SQLite alone (Muster would refuse some of the files
    /// this looks at), and whether SQLite finds it sound.
    static func of(file path: String) throws -> (rows: String, integrity: String) {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            (try rows(db), try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?")
        }
    }
}
