import Foundation
import GRDB

/// The before and after of every field a write changed, row by row, taken by the database
/// itself: temporary triggers on the writing connection note each row inserted, updated or
/// deleted, and the audit event of the transaction carries them. A service cannot forget a
/// field, and a table added later is watched from the day it exists.
///
/// Not watched are the tables that are themselves records of what happened, written once
/// beside the change they describe: the audit trail, each place's history, the letters of
/// the outbox, the scheduler's ledger and the calendar's counter; nor the figures kept from
/// other tables (`KeptFigures`), which change only with a change already noted. Not copied
/// are words a person wrote about themselves or others (reflections, comments, action plans, evidence,
/// answers) and password hashes: the event says the field changed and how long it now is,
/// so erasing someone's words removes them everywhere and no hash is ever shown.
///
/// An event keeps the first `kept` rows; beyond them it counts rows per table, so an import
/// of a hundred thousand learners is one readable event, not a copy of the file. An update
/// that changed nothing but bookkeeping is neither kept nor counted.
package enum FieldChanges {
    static let kept = 100

    static let logs: Set<String> = ["audit_event", "booking_event", "notification", "scheduler_action",
                                    "calendar_sequence", "grdb_migrations", "evaluation_tally", "evaluation_answer",
                                    "requirement_completion", "requirement_tally", "requirement_month", "requirement_year", "agency_place",
                                    "agency_month", "agency_month_total", "session_count", "session_month", "evaluation_month"]

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
    /// the very person it removes. SQLite compares the fields and writes the JSON itself:
    /// done in Swift through Foundation's JSON, this was half the cost of a booking.
    package static func take(_ db: Database, values: Bool = true) throws -> String? {
        let changes = try String.fetchOne(db.cachedStatement(sql: values ? Self.changes : Self.counts))
        try forget(db)
        return changes
    }

    /// The fields of one side of a noted row, keys in order, words withheld replaced by their
    /// length; `only` narrows them (to those set, or to those that differ from the other side).
    private static func fields(_ side: String, only condition: String) -> String {
        """
        json((SELECT json_group_object(f.key, CASE WHEN f.type = 'text' AND EXISTS (
                       SELECT 1 FROM temp.audit_withheld w WHERE w.tbl = c.tbl AND w.col = f.key)
                     THEN '(' || length(f.value) || ' characters, not copied)' ELSE f.value END)
              FROM (SELECT key, value, type FROM json_each(c.\(side))
                    WHERE \(meaningful) AND \(condition)
                    ORDER BY key) f))
        """
    }

    /// A field of `json_each` that is not bookkeeping.
    private static let meaningful = "key NOT IN (\(bookkeeping.map { "'\($0)'" }.joined(separator: ", ")))"

    /// A field of `json_each` whose value differs from the same field on the `other` side.
    private static func differs(from other: String) -> String {
        "value IS NOT json_extract(c.\(other), '$.\"' || key || '\"')"
    }

    /// Each noted row as an object with sorted keys (`after`, `before`, `key`, `op`, `table`),
    /// an update that changed nothing but bookkeeping left out; then the rows beyond those
    /// kept, counted per table. (The triggers already skip an update that changed nothing but
    /// bookkeeping; the comparison here is a second guard.)
    private static let changes = """
        WITH noted AS (
          SELECT c.rowid AS n, CASE c.op
            WHEN 'insert' THEN json_object('after', \(fields("after", only: "type != 'null'")), 'key', c.key, 'op', c.op, 'table', c.tbl)
            WHEN 'delete' THEN json_object('before', \(fields("before", only: "1")), 'key', c.key, 'op', c.op, 'table', c.tbl)
            ELSE CASE WHEN EXISTS (SELECT 1 FROM json_each(c.after) WHERE \(meaningful) AND \(differs(from: "before")))
              THEN json_object('after', \(fields("after", only: differs(from: "before"))),
                               'before', \(fields("before", only: differs(from: "after"))),
                               'key', c.key, 'op', c.op, 'table', c.tbl) END
          END AS change, c.tbl
          FROM temp.audit_change c
        ),
        \(omittedCTE("(SELECT COUNT(*) FROM noted s WHERE s.tbl = t.tbl)"))
        SELECT CASE
          WHEN NOT EXISTS (SELECT 1 FROM noted WHERE change IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM omitted) THEN NULL
          WHEN EXISTS (SELECT 1 FROM omitted) THEN json_object('omitted', \(omittedObject), 'rows', \(rowsArray))
          ELSE json_object('rows', \(rowsArray))
        END
        """

    /// Counts only: every noted row is omitted.
    private static let counts = """
        WITH \(omittedCTE("0"))
        SELECT CASE WHEN EXISTS (SELECT 1 FROM omitted) THEN json_object('omitted', \(omittedObject), 'rows', json_array()) END
        """

    private static func omittedCTE(_ shown: String) -> String {
        "omitted AS (SELECT t.tbl, t.n - \(shown) AS n FROM temp.audit_tally t WHERE t.n > \(shown))"
    }

    private static let omittedObject = "json((SELECT json_group_object(tbl, n) FROM (SELECT tbl, n FROM omitted ORDER BY tbl)))"
    private static let rowsArray = "json((SELECT json_group_array(json(change)) FROM (SELECT change FROM noted WHERE change IS NOT NULL ORDER BY n)))"

    /// Temporary tables and triggers on this connection only: nothing in the file changes,
    /// and a database opened by an older Muster is watched the same way.
    private static func install(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE audit_change (tbl TEXT NOT NULL, op TEXT NOT NULL, key, before TEXT, after TEXT);
            CREATE TEMP TABLE audit_tally (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL);
            CREATE TEMP TABLE audit_withheld (tbl TEXT NOT NULL, col TEXT NOT NULL, PRIMARY KEY (tbl, col)) WITHOUT ROWID;
            """)
        for (table, columns) in withheld {
            for column in columns {
                try db.execute(sql: "INSERT INTO temp.audit_withheld (tbl, col) VALUES (?, ?)", arguments: [table, column])
            }
        }
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
            // An update that changed only bookkeeping (a booking's calendar revision, rewritten
            // after every insert), or nothing, is neither noted nor counted, rather than having
            // both its sides built as JSON and compared only to be left out. Compared byte for
            // byte: a name changed only in case, in a case-insensitive column, is a change.
            let watched = columns.map { $0["name"] as String }.filter { !bookkeeping.contains($0) }
            let changed = watched.isEmpty ? "WHEN 0"
                : "WHEN " + watched.map { "OLD.\"\($0)\" IS NOT NEW.\"\($0)\" COLLATE BINARY" }.joined(separator: " OR ")
            for (op, before, after, keyed, when) in [("insert", "NULL", fields("NEW"), key("NEW"), ""),
                                                      ("update", fields("OLD"), fields("NEW"), key("NEW"), changed),
                                                      ("delete", fields("OLD"), "NULL", key("OLD"), "")] {
                try db.execute(sql: """
                    CREATE TEMP TRIGGER "audit_\(table)_\(op)" AFTER \(op.uppercased()) ON main."\(table)" \(when) BEGIN
                      INSERT INTO audit_change(tbl, op, key, before, after)
                        SELECT '\(table)', '\(op)', CAST(\(keyed) AS TEXT), \(before), \(after) WHERE \(room);
                      \(tally)
                    END
                    """)
            }
        }
    }
}
