import Foundation
import GRDB

/// Columns read by position, for rows read by the thousand. Text, numbers and flags are
/// asked of GRDB by their own types, which it reads straight from SQLite for a row read in
/// place (`Row.fetchAll(_:arguments:as:)`): an untyped value cast at run time cost a quarter
/// of a learner's CPD record. A status is read from its stored name, and an instant is parsed
/// from its text as `StoredInstant` writes it: GRDB's generic decoding of either looks up
/// type metadata at run time for every value. A value of another type is GRDB's to read:
/// in a row read in place SQLite converts it as `sqlite3_column_*` does (a number becomes
/// its text, text a number by its leading digits); in a copied row GRDB converts it or fails.
extension Row {
    func text(at index: Int) -> String { self[index] }

    func textIfPresent(at index: Int) -> String? { self[index] }

    func integer(at index: Int) -> Int { self[index] }

    func integerIfPresent(at index: Int) -> Int? { self[index] }

    func int64IfPresent(at index: Int) -> Int64? { self[index] }

    func double(at index: Int) -> Double { self[index] }

    func boolean(at index: Int) -> Bool { self[index] }

    /// A value of a closed list (a status, a reason) from its stored name.
    func choice<Value: RawRepresentable & DatabaseValueConvertible>(at index: Int) -> Value where Value.RawValue == String {
        Value(rawValue: text(at: index)) ?? self[index]
    }

    func choiceIfPresent<Value: RawRepresentable & DatabaseValueConvertible>(at index: Int) -> Value? where Value.RawValue == String {
        textIfPresent(at: index).map { Value(rawValue: $0) ?? self[index] }
    }

    func instant(at index: Int) -> Date {
        instantIfPresent(at: index) ?? self[index]
    }

    func instantIfPresent(at index: Int) -> Date? {
        let text: String?
        // A copied row's number is no text: GRDB's to convert.
        do { text = try decode(String?.self, atIndex: index) } catch { return self[index] as Date }
        guard let text else { return nil }
        return StoredInstant.date(stored: text) ?? self[index] as Date
    }
}
