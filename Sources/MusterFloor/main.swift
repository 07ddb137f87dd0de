import Foundation
import GRDB

/// The floor of any Swift tool on this machine: start, open the database with GRDB, answer
/// one query, exit. `muster-bench` times `muster -c` against it.
guard CommandLine.arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: muster-floor DATABASE SQL\n".utf8))
    exit(2)
}
let pool = try DatabasePool(path: CommandLine.arguments[1])
let rows = try pool.read { db in try Row.fetchAll(db, sql: CommandLine.arguments[2]) }
for row in rows { print(row.databaseValues.map(\.description).joined(separator: "|")) }
