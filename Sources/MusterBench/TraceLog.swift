import Foundation
import MusterCore

/// What the connections ran, while asked to listen.
final class TraceLog: @unchecked Sendable {
    /// A statement as written, and as SQLite expanded it with its arguments.
    struct Entry {
        var sql: String
        var expanded: String
    }

    private let lock = NSLock()
    private var listening = false
    private var entries: [Entry] = []

    func record(_ statement: AppDatabase.TracedStatement) {
        lock.withLock { if listening { entries.append(Entry(sql: statement.sql, expanded: statement.expandedSQL)) } }
    }

    func start() { lock.withLock { entries = []; listening = true } }

    /// The statements since `start`, their arguments written in.
    func stop() -> [String] { collected().map(\.expanded) }

    /// The statements `body` ran.
    func recording(_ body: () throws -> Void) throws -> [Entry] {
        start()
        do { try body() } catch { _ = stop(); throw error }
        return collected()
    }

    private func collected() -> [Entry] {
        lock.withLock { listening = false; return entries }
    }
}
