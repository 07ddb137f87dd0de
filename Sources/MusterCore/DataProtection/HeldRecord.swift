import Foundation
import GRDB

/// One value held about a person, typed as the schema declares it, so an export can write
/// times as times and flags as flags without knowing the database.
public enum HeldValue: Sendable, Hashable {
    case null
    case flag(Bool)
    case integer(Int64)
    case real(Double)
    case text(String)
    case instant(Date)
}

/// One row held about a person: its columns under their own (snake_case) names, in the
/// table's order, then any records that belong to it (a booking's history).
public struct HeldRecord: Sendable {
    public var fields: [(name: String, value: HeldValue)]
    public var nested: [(name: String, records: [HeldRecord])] = []

    public init(fields: [(name: String, value: HeldValue)], nested: [(name: String, records: [HeldRecord])] = []) {
        self.fields = fields; self.nested = nested
    }

    public subscript(name: String) -> HeldValue? { fields.first { $0.name == name }?.value }

    /// A row read with `SELECT *`, every column kept except those `leaving` out; `types` are
    /// the table's declared column types.
    static func from(_ row: Row, types: [String: String], leaving: Set<String> = []) -> HeldRecord {
        var fields: [(name: String, value: HeldValue)] = []
        for (column, value) in row where !leaving.contains(column) {
            fields.append((column, HeldValue(value, declared: types[column] ?? "")))
        }
        return HeldRecord(fields: fields)
    }

    /// Declared types of a table's columns, upper-cased.
    static func types(of table: String, in db: Database) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try db.columns(in: table).map { ($0.name, $0.type.uppercased()) })
    }
}

extension HeldValue {
    init(_ value: DatabaseValue, declared: String) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = declared.contains("BOOL") ? .flag(number != 0) : .integer(number)
        case .double(let number): self = .real(number)
        case .string(let text):
            if declared.contains("DATETIME"), let date = Date.fromDatabaseValue(value) { self = .instant(date) } else { self = .text(text) }
        case .blob(let data): self = .text(data.base64EncodedString())
        }
    }
}
