import Foundation
import GRDB
import Testing
@testable import Console
import MusterCore

/// No slow path: every query the services issue while every command of the table is typed
/// is planned by SQLite itself, and none reads the whole of a table that grows with the
/// partnership. The queries are not listed by hand: they are traced as the commands run, so
/// a query added later is checked the day it is written.
@Suite struct QueryPlanTests {
    /// Tables that grow with the partnership, to 10^5 learners and 10^6 places.
    static let large: Set<String> = ["session", "booking", "learner", "cpd_entry", "feedback", "booking_event", "notification", "audit_event"]

    /// Commands whose answer is the whole of a large table, read once and streamed: a scan is
    /// their work, not a slow path. Each says why. Given a period, a session or a course, the
    /// same command must read only what it was asked for.
    static let wholeTable: [String: String] = [
        "export attendance": "every place of the period, streamed",
        "export feedback": "every response of the period, streamed",
        "retention due": "who has been inactive for years is a question about every learner",
        "retention apply": "who has been inactive for years is a question about every learner",
        "learner erase": "finding every mention of a person in Muster's own words reads those words once",
        "requirement add": "who a new requirement applies to, and who has done it, is a question about every learner",
        "import requirements": "a requirement or role group that changes who must train asks about every learner; one unchanged reads nothing",
    ]

    final class Trace: @unchecked Sendable {
        private let lock = NSLock()
        private var command = ""
        private(set) var queries: [(command: String, sql: String)] = []
        var recording = true
        func during(_ command: String) { lock.withLock { self.command = command } }
        func record(_ sql: String) {
            lock.withLock { if recording { queries.append((command, sql)) } }
        }
    }

    /// The tables a query names, by the alias its plan will use.
    static func aliases(in sql: String) -> [String: String] {
        var found: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"(?i)\b(?:FROM|JOIN|UPDATE|INTO)\s+"?([A-Za-z_]+)"?(?:\s+(?:AS\s+)?([A-Za-z_]+))?"#)
        let keywords: Set<String> = ["where", "join", "left", "inner", "on", "order", "group", "limit", "set", "values", "select", "union", "natural", "cross", "using"]
        for match in pattern.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)) {
            let table = String(sql[Range(match.range(at: 1), in: sql)!])
            found[table] = table
            if let range = Range(match.range(at: 2), in: sql) {
                let alias = String(sql[range])
                if !keywords.contains(alias.lowercased()) { found[alias] = table }
            }
        }
        return found
    }

    /// SQLite's plan for `sql`, one line per step. Parameters left unbound are NULL: the plan
    /// is chosen from the schema, not the values.
    static func plan(of sql: String, in db: Database) throws -> [String] {
        let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
        statement.setUncheckedArguments([])
        return try Row.fetchAll(statement).map { $0["detail"] as String }
    }

    /// The steps of `plan` that read the whole of a large table `sql` names. Only tables it
    /// names: an INSERT's plan also lists the scans SQLite would make to settle deferred
    /// foreign keys, code that does not run here.
    static func largeScans(in plan: [String], of sql: String) -> [String] {
        let aliases = aliases(in: sql)
        return plan.filter { detail in
            guard detail.hasPrefix("SCAN ") else { return false }
            let name = String(detail.dropFirst(5).prefix(while: { !$0.isWhitespace }))
            return aliases[name].map(large.contains) ?? false
        }
    }

    @Test func noQueryOfAnyCommandReadsTheWholeOfALargeTable() throws {
        let trace = Trace()
        let database = try AppDatabase.inMemory(tracing: { trace.record($0.sql) })
        let walk = try FirstWeeks()
        try walk.run(on: database) { number, _, line, harness in
            let name = try CommandParser(table: .standard, role: .admin).parse(try Tokenizer.words(line)).spec.name
            let narrowed = ["--from", "--to", "--session", "--course"].contains { line.contains(" \($0) ") }
            trace.during(narrowed ? name + " (narrowed)" : name)
            _ = harness.run(line)
            // What the test itself reads between commands, and migrations at the start, are no command's.
            trace.during("")
        }
        trace.recording = false

        var seen: Set<String> = []
        var slow: [String] = []
        var planned = 0
        try database.read { db in
            for (command, sql) in trace.queries where !command.isEmpty && Self.wholeTable[command] == nil {
                let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
                let verb = trimmed.prefix(while: { !$0.isWhitespace }).uppercased()
                guard ["SELECT", "UPDATE", "DELETE", "INSERT", "WITH"].contains(verb), !trimmed.contains("temp."),
                      !trimmed.contains("sqlite_master"), !trimmed.contains("sqlite_temp_master"), !trimmed.contains("pragma_"),
                      seen.insert(command + "\u{0}" + trimmed).inserted else { continue }
                planned += 1
                let plan = try Self.plan(of: trimmed, in: db)
                // An index walked in the order asked, stopping at a LIMIT, reads only what it shows.
                if trimmed.contains("LIMIT"), !plan.contains(where: { $0.hasPrefix("USE TEMP B-TREE FOR ORDER BY") }) { continue }
                for detail in Self.largeScans(in: plan, of: trimmed) {
                    slow.append("\(command): \(detail)\n    \(trimmed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))")
                }
            }
        }
        #expect(planned > 200, "only \(planned) queries traced")
        #expect(slow.isEmpty, "\(slow.count) full scans:\n\(slow.joined(separator: "\n"))")
    }

    /// The tallies' triggers run inside everyday writes (a register marked, an answer given):
    /// each statement of each body, with the changed row's values left unbound, must read
    /// only the rows of the session or learner it is about.
    @Test func noTriggerReadsTheWholeOfALargeTable() throws {
        let database = try AppDatabase.inMemory()
        let slow = try database.read { db in
            var slow: [String] = []
            let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            #expect(triggers.count > 20)
            for trigger in triggers {
                let sql: String = trigger["sql"]
                guard let begin = sql.range(of: "\nBEGIN\n"), let end = sql.range(of: "\nEND", options: .backwards) else {
                    slow.append("\(trigger["name"] as String): no body found"); continue
                }
                let body = sql[begin.upperBound..<end.lowerBound].replacingOccurrences(
                    of: #"\b(NEW|OLD)\.[a-z_]+"#, with: "?", options: .regularExpression)
                for statement in body.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    for detail in Self.largeScans(in: try Self.plan(of: statement, in: db), of: statement) {
                        slow.append("\(trigger["name"] as String): \(detail)")
                    }
                }
            }
            return slow
        }
        #expect(slow.isEmpty, "\(slow.joined(separator: "\n"))")
    }
}
