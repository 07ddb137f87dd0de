import GRDB

/// Fetches through a statement prepared once per connection and reused. The booking,
/// register and feedback rules run the same few queries for every place, and preparing
/// each afresh (parsing, and GRDB's authorizer recording what it reads) cost more than
/// running it; with a partnership's millions of bookings that decides whether a register
/// or a demo history is quick; for a lookup a person types (a roster, a learner's bookings)
/// the preparing was a fair part of the whole. Only for SQL that does not vary from call
/// to call, or takes one of a bounded number of shapes (a listing's optional filters): each
/// shape is kept for the connection's life.
extension FetchableRecord {
    package static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    package static func fetchAll(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    package static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Self? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    package static func fetchAll(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Self] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Row {
    package static func fetchOne(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    package static func fetchAll(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// Each row made into a value as it comes, in place: copying every row first, as
    /// `fetchAll` does, was a fifth of a learner's CPD record, and GRDB reads a copied row's
    /// columns through its generic decoding where it reads the statement's own directly.
    /// The row is valid only inside `value`, which must not keep it.
    package static func fetchAll<Value>(_ statement: Statement, arguments: StatementArguments = StatementArguments(),
                                        as value: (Row) throws -> Value) throws -> [Value] {
        let rows = try fetchCursor(statement, arguments: arguments)
        var values: [Value] = []
        while let row = try rows.next() { values.append(try value(row)) }
        return values
    }

    package static func fetchAll<Value>(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                                        as value: (Row) throws -> Value) throws -> [Value] {
        try fetchAll(db.cachedStatement(sql: sql), arguments: arguments, as: value)
    }

    /// The first row made into a value in place (see `fetchAll(_:arguments:as:)`).
    package static func fetchOne<Value>(cached db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                                        as value: (Row) throws -> Value) throws -> Value? {
        // The cursor must outlive the reading: once released, it resets the statement under the row.
        let rows = try fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        return try withExtendedLifetime(rows) { try rows.next().map(value) }
    }
}

extension Database {
    package func execute(cached sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
