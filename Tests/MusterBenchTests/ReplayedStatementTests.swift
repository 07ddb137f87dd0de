import Foundation
import GRDB
@testable import muster_bench
import Testing

/// The floor of the write figures replays Muster's statements from their traced text: the
/// values read back must be the values bound, or the floor does other work than Muster did.
struct ReplayedStatementTests {
    /// Runs `body` on a fresh database and returns what it traced, as written and expanded.
    private func traced(_ body: (Database) throws -> Void) throws -> [TraceLog.Entry] {
        let queue = try DatabaseQueue()
        var entries: [TraceLog.Entry] = []
        try queue.inDatabase { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, a, b)")
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { entries.append(.init(sql: statement.sql, expanded: statement.expandedSQL)) }
            }
            try body(db)
            db.trace(options: [])
        }
        return entries
    }

    private func rows(after statements: [ReplayedStatement]) throws -> [Row] {
        let queue = try DatabaseQueue()
        return try queue.inDatabase { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, a, b)")
            for statement in statements { try db.execute(sql: statement.sql, arguments: statement.arguments) }
            return try Row.fetchAll(db, sql: "SELECT n, a, typeof(a), b, typeof(b) FROM t ORDER BY n")
        }
    }

    @Test func everyKindOfValueIsReadBackAsBound() throws {
        let values: [DatabaseValueConvertible?] = [
            "it's", "?", ":a", "-- not a comment", nil, Data([0, 1, 0x7f, 0xff]), Data(), -42, Int64.min, Int64.max,
            3.25, -1e-300, 1e300, 0.1, "naïve — ünïcode", "", "line\nbreak", "'", "NULL", "it'\u{301}s",
        ]
        let entries = try traced { db in
            for (index, value) in values.enumerated() {
                try db.execute(sql: "INSERT INTO t (n, a, b) VALUES (?, ?, '?' || ?)", arguments: [index, value, value])
            }
            try db.execute(sql: "INSERT INTO t (n, a, b) /* ? */ VALUES (:n, :word, :word) -- ?\n",
                           arguments: ["n": 100, "word": "twice's"])
            try db.execute(sql: "INSERT INTO \"t\" ([n], `a`, b) VALUES (?2, ?1, x'3f' || ?1)", arguments: ["numbered", 101])
            try db.execute(sql: "INSERT INTO t (n, a, b) VALUES (@n, $word, @n)", arguments: ["n": 102, "word": "sigils"])
        }
        let replayed = try entries.map { try ReplayedStatement(sql: $0.sql, expanded: $0.expanded) }
        #expect(replayed[values.count].sql == "INSERT INTO t (n, a, b) /* ? */ VALUES (?, ?, ?) -- ?")
        let original = try DatabaseQueue()
        let expected = try original.inDatabase { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY, a, b)")
            for (index, value) in values.enumerated() {
                try db.execute(sql: "INSERT INTO t (n, a, b) VALUES (?, ?, '?' || ?)", arguments: [index, value, value])
            }
            try db.execute(sql: "INSERT INTO t (n, a, b) VALUES (100, 'twice''s', 'twice''s')")
            try db.execute(sql: "INSERT INTO t (n, a, b) VALUES (101, 'numbered', x'3f' || 'numbered')")
            try db.execute(sql: "INSERT INTO t (n, a, b) VALUES (102, 'sigils', 102)")
            return try Row.fetchAll(db, sql: "SELECT n, a, typeof(a), b, typeof(b) FROM t ORDER BY n")
        }
        #expect(try rows(after: replayed) == expected)
    }

    @Test func aValueSQLiteShortenedStopsTheReplay() {
        #expect(throws: BenchError.self) {
            try ReplayedStatement(sql: "SELECT ?", expanded: "SELECT 'abc'/*+3 bytes*/")
        }
    }

    @Test func textThatDiffersBetweenParametersStopsTheReplay() {
        #expect(throws: BenchError.self) {
            try ReplayedStatement(sql: "SELECT ? FROM t", expanded: "SELECT 1 FROM u")
        }
        #expect(throws: BenchError.self) {
            try ReplayedStatement(sql: "SELECT ?, ?", expanded: "SELECT 1")
        }
    }
}
