import Foundation
@testable import Console
import GRDB
@testable import MusterCore

/// A real SQLite file in a temporary folder, made and seeded from the repository's
/// `Courses/` and `Sessions/` as a new database is, with an interpreter over it: what
/// `demo generate` is meant to fill. Removed when dropped.
final class DemoFile {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    let database: AppDatabase
    let interpreter: Interpreter
    private let printed: Printed

    private final class Printed { var output = "", errors = "" }

    /// Whether the folder goes when this is dropped: a file shared by a whole suite stays.
    private let removedWhenDropped: Bool

    init(now: String = "2026-11-23 10:00", removedWhenDropped: Bool = true) throws {
        self.removedWhenDropped = removedWhenDropped
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = try MusterClock.fixed(local: now)
        database = try AppDatabase.open(path: folder.appendingPathComponent("demo.sqlite").path).database
        _ = try Seed.importDefaults(into: database, clock: clock, from: Self.root)
        let context = CommandContext(database: database, clock: clock, actor: .localOperator)
        let printed = Printed()
        self.printed = printed
        interpreter = Interpreter(context: context, write: { printed.output += $0 }, writeError: { printed.errors += $0 })
    }

    deinit { if removedWhenDropped { try? FileManager.default.removeItem(at: folder) } }

    /// Runs one line; returns whether it succeeded, what it printed and its errors.
    @discardableResult
    func run(_ line: String) -> (Interpreter.Outcome, String, String) {
        printed.output = ""; printed.errors = ""
        let outcome = interpreter.execute(line)
        return (outcome, printed.output, printed.errors)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }

    /// Every row of every table, ids included, sorted by all its columns: two databases with
    /// equal dumps hold the same content. Sorted rather than in rowid order because the
    /// requirements import, before any generating, writes job-role groups in a Set's order.
    /// The one value left out, the calendar UID domain, is drawn at random when a file is
    /// created, before anything is generated into it.
    func dump() throws -> String {
        try read { db in
            var text = ""
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                text += "## \(table)\n"
                let columns = try db.columns(in: table).indices.map { String($0 + 1) }.joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY \(columns)")
                where !(table == "setting" && row["key"] == "calendar.uid_domain") {
                    text += row.description + "\n"
                }
            }
            return text
        }
    }
}
