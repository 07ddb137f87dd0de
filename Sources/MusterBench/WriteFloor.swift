import Foundation
import GRDB

/// The floor of Muster's writes: SQLite running the very statements Muster ran, with the
/// same arguments, from a loop in Swift over one GRDB connection, on a copy of the file in
/// the state Muster's was in. Each distinct statement is prepared the first time it comes,
/// inside the clock, as Muster's own connection prepares its cached statements. The
/// `sqlite3` shell is not the floor here, as it is for the commands: it prepares every
/// statement afresh, and a booking's INSERT compiles every trigger on its table each time
/// (replayed through the shell, a booking took ten times as long as through Muster).
///
/// The connection is readied as Muster's writer is: foreign keys on, synchronous NORMAL, and
/// the temporary audit tables and triggers Muster makes once per connection (`FieldChanges`),
/// made here from Muster's own statements before any clock starts.
struct WriteFloor {
    private let connection: DatabaseQueue
    private var prepared: [String: Statement] = [:]

    /// `setup`: statements Muster ran that include its first write on the connection, which
    /// made the temporary objects; they are run here, untimed.
    init(path: String, setup: [TraceLog.Entry]) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        connection = try DatabaseQueue(path: path, configuration: configuration)
        guard setup.contains(where: { $0.sql.hasPrefix("CREATE TEMP TRIGGER") }) else {
            throw BenchError.failed("the traced writes made no temporary audit triggers to ready the floor's connection with")
        }
        _ = try run(setup, timed: false)
    }

    /// Seconds to run `statements` in order, every row of a query stepped through and none read.
    mutating func run(_ statements: [TraceLog.Entry]) throws -> Double {
        try run(statements, timed: true)
    }

    private mutating func run(_ statements: [TraceLog.Entry], timed: Bool) throws -> Double {
        // SQLite reports a program run inside a statement (a trigger, a pragma's table) as a
        // comment naming it; the statement that ran it is replayed, and so runs it again.
        let replayed = try statements.filter { !$0.sql.hasPrefix("--") }.map { try ReplayedStatement(sql: $0.sql, expanded: $0.expanded) }
        var prepared = self.prepared
        defer { self.prepared = prepared }
        return try connection.inDatabase { db in
            // A statement that fails mid-transaction stops the benchmark with its error, not
            // with GRDB's trap for a transaction left open.
            do {
                let replay = {
                    for statement in replayed {
                        let ready: Statement
                        if let known = prepared[statement.sql] {
                            ready = known
                        } else {
                            ready = try db.makeStatement(sql: statement.sql)
                            prepared[statement.sql] = ready
                        }
                        try ready.execute(arguments: statement.arguments)
                    }
                }
                guard timed else { try replay(); return 0 }
                return try Stopwatch.settledTime(replay)
            } catch {
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                throw error
            }
        }
    }
}
