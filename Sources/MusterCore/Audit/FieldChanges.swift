import Foundation
import GRDB

/// The before and after of every field a write changed, row by row, taken by the database
/// itself: temporary triggers on the writing connection note each row inserted, updated or
/// deleted, and the audit event of the transaction carries them. A service cannot forget a
/// field, and a table added later is watched from the day it exists.
///
/// Not watched are the tables that are themselves records of what happened, written once
/// beside the change they describe: the audit trail, each place's history, the letters of
/// the outbox, the scheduler's ledger and the calendar's counter. Not copied are words a
/// person wrote about themselves or others (reflections, comments, action plans, evidence,
/// answers) and password hashes: the event says the field changed and how long it now is,
/// so erasing someone's words removes them everywhere and no hash is ever shown.
///
/// An event keeps the first `kept` rows; beyond them it counts rows per table, so an import
/// of a hundred thousand learners is one readable event, not a copy of the file.
package enum FieldChanges {
    static let kept = 100

    static let logs: Set<String> = ["audit_event", "booking_event", "notification", "scheduler_action",
                                    "calendar_sequence", "grdb_migrations"]

    /// Columns that change with every write to their row and mean nothing to a reader.
    static let bookkeeping: Set<String> = ["revision"]

    /// Columns whose values are not copied, by table.
    static let withheld: [String: Set<String>] = {
        var columns: [String: Set<String>] = ["user": ["password_hash"], "feedback": ["answers"], "cpd_entry": ["title"]]
        for table in PersonalData.tables {
            columns[table.name, default: []].formUnion(table.words.map(\.column))
        }
        return columns
    }()

    /// Readies the connection (once) and forgets anything noted outside an audited write.
    static func begin(_ db: Database) throws {
        if try Bool.fetchOne(cached: db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_temp_master WHERE name = 'audit_change')") != true {
            try install(db)
        }
        try forget(db)
    }

    /// Every write runs these: prepared once per connection, not per write.
    private static func forget(_ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM temp.audit_change").execute()
        try db.cachedStatement(sql: "DELETE FROM temp.audit_tally").execute()
    }

    /// What this transaction changed so far, as the audit event's `changes`, and forgets it,
    /// so the next action of the same transaction starts afresh. Nil when nothing changed.
    /// `values: false` keeps only the counts, for a write (an erasure) whose rows identify
    /// the very person it removes.
    package static func take(_ db: Database, values: Bool = true) throws -> String? {
        var tally: [String: Int] = [:]
        for row in try Row.fetchAll(cached: db, sql: "SELECT tbl, n FROM temp.audit_tally") {
            tally[row["tbl"]] = row["n"]
        }
        guard !tally.isEmpty else { return nil }
        var rows: [[String: Any]] = []
        var shown: [String: Int] = [:]
        if values {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT tbl, op, key, before, after FROM temp.audit_change ORDER BY rowid"))
            while let row = try cursor.next() {
                shown[row["tbl"], default: 0] += 1
                if let change = try change(row) { rows.append(change) }
            }
        }
        var omitted: [String: Int] = [:]
        for (table, count) in tally where count > shown[table, default: 0] {
            omitted[table] = count - shown[table, default: 0]
        }
        try forget(db)
        guard !rows.isEmpty || !omitted.isEmpty else { return nil }
        var object: [String: Any] = ["rows": rows]
        if !omitted.isEmpty { object["omitted"] = omitted }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
                      as: UTF8.self)
    }

    /// One row's change with only the fields that differ; nil when an update changed nothing
    /// but bookkeeping.
    private static func change(_ row: Row) throws -> [String: Any]? {
        let table: String = row["tbl"], op: String = row["op"]
        let before = try object(row["before"]), after = try object(row["after"])
        let hidden = withheld[table] ?? []
        func shown(_ fields: [String: Any], _ names: some Sequence<String>) -> [String: Any] {
            var result: [String: Any] = [:]
            for name in names where !bookkeeping.contains(name) {
                let value = fields[name] ?? NSNull()
                if hidden.contains(name), let text = value as? String {
                    result[name] = "(\(text.count) characters, not copied)"
                } else {
                    result[name] = value
                }
            }
            return result
        }
        var change: [String: Any] = ["table": table, "key": (row["key"] as String?) ?? NSNull(), "op": op]
        switch op {
        case "insert":
            change["after"] = shown(after, after.keys.filter { !(after[$0] is NSNull) })
        case "delete":
            change["before"] = shown(before, before.keys)
        default:
            let differing = after.keys.filter { !bookkeeping.contains($0) && !same(before[$0], after[$0]) }
            guard !differing.isEmpty else { return nil }
            change["before"] = shown(before, differing)
            change["after"] = shown(after, differing)
        }
        return change
    }

    private static func object(_ text: String?) throws -> [String: Any] {
        guard let text else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    private static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a as NSObject, let b as NSObject): a.isEqual(b)
        default: false
        }
    }

    /// Temporary tables and triggers on this connection only: nothing in the file changes,
    /// and a database opened by an older Muster is watched the same way.
    private static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE audit_change (tbl TEXT NOT NULL, op TEXT NOT NULL, key, before TEXT, after TEXT);
            CREATE TEMP TABLE audit_tally (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL);
            """)
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """).filter { !logs.contains($0) }
        for table in tables {
            let columns = try Row.fetchAll(db, sql: "SELECT name, type, pk FROM pragma_table_info(?)", arguments: [table])
            let keys = columns.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
            func fields(_ row: String) -> String {
                "json_object(" + columns.map { column in
                    let name: String = column["name"], type: String = column["type"]
                    let value = "\(row).\"\(name)\""
                    return "'\(name)', " + (type.uppercased().contains("BLOB") ? "hex(\(value))" : value)
                }.joined(separator: ", ") + ")"
            }
            func key(_ row: String) -> String {
                keys.isEmpty ? "\(row).rowid" : keys.map { "\(row).\"\($0)\"" }.joined(separator: " || '/' || ")
            }
            let room = "NOT EXISTS (SELECT 1 FROM temp.audit_change WHERE rowid >= \(kept))"
            let tally = "INSERT INTO audit_tally(tbl, n) VALUES ('\(table)', 1) ON CONFLICT(tbl) DO UPDATE SET n = n + 1;"
            for (op, before, after, keyed) in [("insert", "NULL", fields("NEW"), key("NEW")),
                                                ("update", fields("OLD"), fields("NEW"), key("NEW")),
                                                ("delete", fields("OLD"), "NULL", key("OLD"))] {
                try db.execute(sql: """
                    CREATE TEMP TRIGGER "audit_\(table)_\(op)" AFTER \(op.uppercased()) ON main."\(table)" BEGIN
                      INSERT INTO audit_change(tbl, op, key, before, after)
                        SELECT '\(table)', '\(op)', CAST(\(keyed) AS TEXT), \(before), \(after) WHERE \(room);
                      \(tally)
                    END
                    """)
            }
        }
    }
}
