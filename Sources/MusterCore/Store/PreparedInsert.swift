import Foundation
import GRDB

/// A record that every booking writes (the place, its history, the letter, the audit event),
/// inserted through a statement prepared once per connection with its values bound in
/// order. GRDB's `insert` builds the INSERT text and a case-insensitive container of the
/// values on every call: more than a quarter of inserting a booking, and a tenth of the
/// whole booking across its four rows. `encode(to:)` is written from the same columns and
/// values, so GRDB's own insert and update write exactly what this does.
package protocol PreparedInsert: EncodableRecord, TableRecord {
    /// The columns written, in the order of `values`.
    static var insertedColumns: [String] { get }
    /// `makeInsertSQL()`, made once by the type.
    static var insertSQL: String { get }
    var values: [(any DatabaseValueConvertible)?] { get }
}

extension PreparedInsert {
    /// `INSERT INTO "table" ("a", "b") VALUES (?, ?)` for a type's columns.
    static func makeInsertSQL() -> String {
        let columns = insertedColumns.map { "\"\($0)\"" }.joined(separator: ", ")
        let places = Array(repeating: "?", count: insertedColumns.count).joined(separator: ", ")
        return "INSERT INTO \"\(databaseTableName)\" (\(columns)) VALUES (\(places))"
    }

    /// Inserts the row and returns its rowid.
    @discardableResult
    package func insert(prepared db: Database) throws -> Int64 {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(values.map(Self.written)))
        return db.lastInsertedRowID
    }

    /// What `encode(to:)` writes: the same columns and values.
    func encodeColumns(to container: inout PersistenceContainer) {
        for (column, value) in zip(Self.insertedColumns, values) { container[column] = Self.written(value) }
    }

    /// An instant as the text GRDB would write for it, made without GRDB's `DateFormatter`.
    private static func written(_ value: (any DatabaseValueConvertible)?) -> (any DatabaseValueConvertible)? {
        guard let date = value as? Date else { return value }
        return StoredInstant.text(date) ?? date
    }
}
