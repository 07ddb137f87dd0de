import Foundation
import GRDB
import Testing
@testable import MusterCore

/// Rows read by the thousand take SQLite's values as they are; anything else is GRDB's to
/// convert. A row read in place from its statement and a copied row take different paths
/// through GRDB, so both are read.
@Suite struct RowReadingTests {
    static let values = "SELECT 'a', NULL, 42, 3.0, 'cancelled', NULL, 'low-numbers', '2027-01-01 09:00:00.000', '2027-01-01', 1.5, 0, 1"

    @Test func aCopiedRowsValuesAreReadAsTheyAreAndOthersAsGRDBConvertsThem() throws {
        let database = try AppDatabase.inMemory()
        let row = try #require(try database.read { db in try Row.fetchOne(db, sql: Self.values) })
        expectReadAsStored(row)
    }

    @Test func aRowReadInPlaceIsReadTheSameWay() throws {
        let database = try AppDatabase.inMemory()
        let read = try database.read { db in
            try Row.fetchAll(cached: db, sql: Self.values, as: { row in expectReadAsStored(row); return row.count })
        }
        #expect(read == [12])
    }

    private func expectReadAsStored(_ row: Row) {
        #expect(row.text(at: 0) == "a")
        #expect(row.textIfPresent(at: 0) == "a" && row.textIfPresent(at: 1) == nil)
        #expect(row.integer(at: 2) == 42 && row.integerIfPresent(at: 1) == nil)
        #expect(row.integer(at: 3) == 3 && row.integerIfPresent(at: 3) == 3)
        #expect(row.choice(at: 4) as SessionStatus == .cancelled)
        #expect(row.choiceIfPresent(at: 5) as CancelReason? == nil && row.choiceIfPresent(at: 6) as CancelReason? == .lowNumbers)
        #expect(row.instant(at: 7) == Date.fromDatabaseValue("2027-01-01 09:00:00.000".databaseValue))
        #expect(row.instant(at: 8) == Date.fromDatabaseValue("2027-01-01".databaseValue))
        #expect(row.instantIfPresent(at: 1) == nil && row.instantIfPresent(at: 7) == row.instant(at: 7))
        #expect(row.instantIfPresent(at: 8) == Date.fromDatabaseValue("2027-01-01".databaseValue))
        #expect(row.instant(at: 2) == Date.fromDatabaseValue(42.databaseValue))
        #expect(row.int64IfPresent(at: 2) == 42 && row.int64IfPresent(at: 1) == nil)
        #expect(row.double(at: 9) == 1.5 && row.double(at: 2) == 42)
        #expect(row.boolean(at: 10) == false && row.boolean(at: 11) == true)
    }
}
