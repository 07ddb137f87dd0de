import Foundation
import GRDB

/// Columns read as SQLite holds them, for rows read by the thousand. GRDB's generic
/// subscript works out the requested type at run time for every column of every row, a
/// third of listing two thousand sessions; these take the stored value as it is and leave
/// anything unexpected to GRDB, which converts it or fails as it always has.
extension Row {
    func text(at index: Int) -> String {
        (self[index] as (any DatabaseValueConvertible)?) as? String ?? self[index]
    }

    func textIfPresent(at index: Int) -> String? {
        guard let value = self[index] as (any DatabaseValueConvertible)? else { return nil }
        return value as? String ?? self[index]
    }

    func integer(at index: Int) -> Int {
        ((self[index] as (any DatabaseValueConvertible)?) as? Int64).map(Int.init) ?? self[index]
    }

    func integerIfPresent(at index: Int) -> Int? {
        guard let value = self[index] as (any DatabaseValueConvertible)? else { return nil }
        return (value as? Int64).map(Int.init) ?? self[index]
    }

    func int64IfPresent(at index: Int) -> Int64? {
        guard let value = self[index] as (any DatabaseValueConvertible)? else { return nil }
        return value as? Int64 ?? self[index]
    }

    func double(at index: Int) -> Double {
        let value = self[index] as (any DatabaseValueConvertible)?
        return value as? Double ?? (value as? Int64).map(Double.init) ?? self[index]
    }

    func boolean(at index: Int) -> Bool {
        ((self[index] as (any DatabaseValueConvertible)?) as? Int64).map { $0 != 0 } ?? self[index]
    }

    /// A value of a closed list (a status, a reason) from its stored name.
    func choice<Value: RawRepresentable & DatabaseValueConvertible>(at index: Int) -> Value where Value.RawValue == String {
        Value(rawValue: text(at: index)) ?? self[index]
    }

    func choiceIfPresent<Value: RawRepresentable & DatabaseValueConvertible>(at index: Int) -> Value? where Value.RawValue == String {
        textIfPresent(at: index).map { Value(rawValue: $0) ?? self[index] }
    }

    /// The instant stored in a column, read as `StoredInstant` reads it; a value that is no
    /// instant at all fails as GRDB fails it.
    ///
    /// Taken as text through the same untyped read as the others: asking GRDB for a
    /// `DatabaseValue` went through its generic decoding, whose type metadata was looked up
    /// at run time for every instant, a tenth of listing the open sessions.
    func instant(at index: Int) -> Date {
        instantIfPresent(at: index) ?? self[index]
    }

    func instantIfPresent(at index: Int) -> Date? {
        guard let value = self[index] as (any DatabaseValueConvertible)? else { return nil }
        return (value as? String).flatMap(StoredInstant.date(stored:)) ?? self[index]
    }
}
