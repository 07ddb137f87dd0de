import Foundation

/// One row a write added, changed or removed, with the fields that differ: what an audit
/// event says was there before and is there after (`FieldChanges` takes them).
public struct RecordChange: Sendable, Equatable, Decodable {
    public enum Kind: String, Sendable, Decodable {
        case insert, update, delete
    }

    /// A field's value as SQLite held it.
    public enum Value: Sendable, Equatable, Decodable, CustomStringConvertible {
        case null, integer(Int64), real(Double), text(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let integer = try? container.decode(Int64.self) { self = .integer(integer) }
            else if let real = try? container.decode(Double.self) { self = .real(real) }
            else { self = .text(try container.decode(String.self)) }
        }

        public var description: String {
            switch self {
            case .null: "(none)"
            case .integer(let value): String(value)
            case .real(let value): String(value)
            case .text(let value): value
            }
        }
    }

    public var table: String
    public var key: String?
    public var op: Kind
    public var before: [String: Value]?
    public var after: [String: Value]?

    /// The fields named in either side, in order.
    public var fields: [String] { Set((before ?? [:]).keys).union((after ?? [:]).keys).sorted() }

    /// What an event's `changes` column holds: the rows, and how many more were counted than kept.
    struct Stored: Decodable {
        var rows: [RecordChange]
        var omitted: [String: Int]?
    }

    static func decode(_ json: String?) -> (rows: [RecordChange], omitted: [String: Int]) {
        guard let json, let stored = try? JSONDecoder().decode(Stored.self, from: Data(json.utf8)) else { return ([], [:]) }
        return (stored.rows, stored.omitted ?? [:])
    }
}
