import GRDB

/// Another kept table's rows summed by a key, kept by triggers that add each row inserted
/// and take away each row deleted. Adding and subtracting is safe here, unlike over the
/// records themselves, because the rows summed are recounted from the records whenever
/// anything under them changes; `drift` still compares the sums with a recount.
struct KeptSums: Sendable {
    /// A column and the SQL that gives it for one row of the source, named by its alias. A
    /// key's type is its source's, so a recount compares equal to what is stored.
    struct Column: Sendable {
        let name: String
        var type = "TEXT"
        let value: @Sendable (_ row: String) -> String
    }

    let table: String
    let source: String
    let key: [Column]
    /// The first counts rows: a group whose count falls to nothing is removed.
    let sums: [Column]

    var columns: String { (key + sums).map(\.name).joined(separator: ", ") }

    /// The sums as they should be, from the source.
    var counted: String {
        """
        SELECT \(key.map { "\($0.value("r")) AS \($0.name)" }.joined(separator: ", ")),
               \(sums.map { "SUM(\($0.value("r"))) AS \($0.name)" }.joined(separator: ", "))
        FROM \(source) r GROUP BY \((1...key.count).map(String.init).joined(separator: ", "))
        """
    }

    /// Creates the table and its covering index (the key, then every sum), sums the source,
    /// then adds the triggers that keep it so, named `<table>_insert` and so on.
    func install(_ db: Database) throws {
        let keyNames = key.map(\.name).joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE \(table) (
              \((key.map { "\($0.name) \($0.type) NOT NULL" } + sums.map { "\($0.name) INTEGER NOT NULL" }).joined(separator: ",\n  ")),
              PRIMARY KEY (\(keyNames))
            );
            INSERT INTO \(table) (\(columns)) \(counted);
            CREATE INDEX \(table)_summed ON \(table)(\(columns));
            """)
        try installTriggers(db)
    }

    /// The triggers alone, for a migration that redefines them (v20).
    func replaceTriggers(_ db: Database) throws {
        for name in ["insert", "delete", "update"] { try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_\(name)") }
        try installTriggers(db)
    }

    private func installTriggers(_ db: Database) throws {
        let keyNames = key.map(\.name).joined(separator: ", ")
        func added(_ row: String) -> String {
            """
            INSERT INTO \(table) (\(columns)) VALUES (\((key + sums).map { $0.value(row) }.joined(separator: ", ")))
              ON CONFLICT (\(keyNames)) DO UPDATE SET \(sums.map { "\($0.name) = \($0.name) + excluded.\($0.name)" }.joined(separator: ", "));
            """
        }
        func taken(_ row: String) -> String {
            let group = key.map { "\($0.name) = \($0.value(row))" }.joined(separator: " AND ")
            return """
                UPDATE \(table) SET \(sums.map { "\($0.name) = \($0.name) - (\($0.value(row)))" }.joined(separator: ", ")) WHERE \(group);
                DELETE FROM \(table) WHERE \(group) AND \(sums[0].name) = 0;
                """
        }
        // An update that moves no key and no sum (a session's confirmed places, which no
        // month sums) would take a row away and add it back: nothing, in three statements.
        // Compared byte for byte: a key of a case-insensitive column changed only in case is
        // still a different group.
        let moved = "WHEN " + (key + sums).map { "\($0.value("OLD")) IS NOT \($0.value("NEW")) COLLATE BINARY" }.joined(separator: " OR ")
        for (name, event, body) in [("insert", "INSERT ON \(source)", added("NEW")), ("delete", "DELETE ON \(source)", taken("OLD")),
                                    ("update", "UPDATE ON \(source) \(moved)", taken("OLD") + "\n" + added("NEW"))] {
            try db.execute(sql: "CREATE TRIGGER \(table)_\(name) AFTER \(event)\nBEGIN\n\(body)\nEND")
        }
    }

    /// The groups whose sums differ from a recount, each named by `label` (SQL over the key).
    func drift(_ db: Database, label: String) throws -> [String] {
        try KeptFigures.differences(db, stored: "SELECT \(columns) FROM \(table)", counted: counted, label: label)
    }
}
