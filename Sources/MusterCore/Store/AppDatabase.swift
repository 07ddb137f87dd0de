import Foundation
import GRDB

/// The live state of a partnership: one SQLite file in WAL mode. It owns the migrator and
/// hands out one transaction per intent; services never open their own connections.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    public let path: String

    /// Marks a file as Muster's (`PRAGMA application_id`), so a stranger's SQLite file is
    /// refused instead of being migrated into.
    static let applicationID: Int32 = 0x4D55_5354 // "MUST"

    /// A statement as it runs, for the tools that study what the services ask: its SQL, and
    /// the same with its arguments written in. Valid only while the tracer is called, and
    /// its text is made only when asked for: a benchmark that spelled out every statement
    /// it was not recording measured its own tracing as part of Muster.
    public struct TracedStatement {
        let statement: Database.TraceEvent.Statement
        public var sql: String { statement.sql }
        public var expandedSQL: String { statement.expandedSQL }
    }

    public typealias Tracer = @Sendable (TracedStatement) -> Void

    /// Opens (creating with mode 0600 when absent) and migrates the database at `path`.
    /// `tracing` sees every statement on every connection (the benchmark's use); `upgrading`
    /// is told before a file made by an earlier Muster is brought up to date, which on a
    /// partnership's file can take a minute that would otherwise pass in silence.
    public static func open(path: String, tracing: Tracer? = nil,
                            upgrading: (() -> Void)? = nil) throws -> (database: AppDatabase, created: Bool) {
        let created = try DatabaseFile.prepare(path: path)
        if let damage = DatabaseFile.damage(path: path) { throw DatabaseOpenError.damaged(path: path, reason: damage) }
        if DatabaseFile.isForeign(path: path, applicationID: applicationID) { throw DatabaseOpenError.notMuster(path: path) }
        do {
            let pool = try DatabasePool(path: path, configuration: tracing.map(traced) ?? configuration)
            let database = AppDatabase(writer: pool, path: path)
            try database.migrate(upgrading: upgrading)
            return (database, created)
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: throw DatabaseOpenError.notMuster(path: path)
            case .SQLITE_CORRUPT: throw DatabaseOpenError.damaged(path: path, reason: "its pages do not hold together: cut short or overwritten")
            // Reading a WAL file needs its -shm beside it, so a file or folder this account
            // cannot write stops Muster at the door, before any command.
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: throw DatabaseOpenError.readOnly(path: path)
            default:
                let reason = StoreFailure.isDiskFull(error) ? StoreFailure.diskFull : error.message ?? "\(error.resultCode)"
                throw DatabaseOpenError.unreadable(path: path, reason: reason)
            }
        }
    }

    /// A private in-memory database for tests and benchmarks of the services.
    public static func inMemory() throws -> AppDatabase {
        let queue = try DatabaseQueue(configuration: configuration)
        let database = AppDatabase(writer: queue, path: ":memory:")
        try database.migrate()
        return database
    }

    /// An in-memory database that hands every statement's SQL to `trace` as it runs: the
    /// test that reads each query's plan learns from it what the services really ask.
    package static func inMemory(tracing: @escaping Tracer) throws -> AppDatabase {
        let database = AppDatabase(writer: try DatabaseQueue(configuration: traced(tracing)), path: ":memory:")
        try database.migrate()
        return database
    }

    private static func traced(_ tracer: @escaping Tracer) -> Configuration {
        var config = configuration
        config.prepareDatabase { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event {
                    tracer(TracedStatement(statement: statement))
                }
            }
        }
        return config
    }

    private static var configuration: Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Two terminals on one file wait for each other instead of failing.
        config.busyMode = .timeout(10)
        config.label = "muster"
        // WAL with synchronous NORMAL: a commit waits for no fsync (1.3 ms each on the test
        // machine, which capped booking at ~750 a second), the file is never corrupted, and a
        // crashed or killed process loses nothing it committed; only a power cut or an
        // operating-system crash may take back the last commits before a checkpoint.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        return config
    }

    /// Migrates unless the file says it is current: `user_version` holds how many migrations
    /// it has, so a fresh process on a current file pays one read, not the migrator's checks,
    /// and takes no write lock.
    private func migrate(upgrading: (() -> Void)? = nil) throws {
        let migrator = Schema.migrator
        let current = migrator.migrations.count
        let (appID, version) = try writer.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
        if appID == Self.applicationID && version == current { return }
        // A newer Muster counts more migrations: refused before anything is written, and
        // its version number is never taken back to ours.
        if appID == Self.applicationID && version > current {
            let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrator.migrations).sorted()
            throw DatabaseOpenError.newerSchema(path: path, migrations: unknown.isEmpty ? ["version \(version)"] : unknown)
        }
        try writer.write { db in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let hasTables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
            if appID != Self.applicationID {
                guard appID == 0 && hasTables == 0 else { throw DatabaseOpenError.notMuster(path: path) }
                // Claimed before the first migration, so no crash can leave an unmarked Muster file.
                try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
            }
            if try migrator.hasBeenSuperseded(db) {
                let known = Set(migrator.migrations)
                let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
                throw DatabaseOpenError.newerSchema(path: path, migrations: unknown)
            }
        }
        if appID == Self.applicationID && version > 0 { upgrading?() }
        try migrator.migrate(writer)
        try writer.write { db in try KeptFigures.recountIfInterrupted(db) }
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(current)") }
    }

    /// One write transaction that also appends its audit event, so no change goes unrecorded.
    /// `identifying` names the record when the write itself chooses its id.
    package func write<T>(_ event: AuditEvent.Draft, _ body: (Database) throws -> T,
                          identifying: ((T) -> String?)? = nil) throws -> T {
        try writer.write { db in
            try FieldChanges.begin(db)
            let result = try body(db)
            var event = event
            if let identifying { event.recordID = identifying(result) }
            event.changes = try FieldChanges.take(db)
            try AuditEvent(draft: event).insert(prepared: db)
            return result
        }
    }

    /// A write that audits each change it made, one event each, and keeps them only when
    /// `keep` is true and there was something to record: a rehearsal (a dry run) takes the
    /// same path as the real thing and is rolled back, so it cannot tell a different story.
    /// A writer of several events takes each one's changes as it goes (`FieldChanges.take`);
    /// what is left when the body ends belongs to the last event.
    package func write<T>(keep: Bool, _ body: (Database) throws -> (T, [AuditEvent.Draft])) throws -> T {
        try writer.writeWithoutTransaction { db in
            try audited(db, keep: keep, values: true, body)
        }
    }

    /// The transaction of `write(keep:)`, shared with erasure's, which keeps counts only.
    func audited<T>(_ db: Database, keep: Bool, values: Bool,
                    _ body: (Database) throws -> (T, [AuditEvent.Draft])) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            try FieldChanges.begin(db)
            var (value, events) = try body(db)
            result = value
            if let rest = try FieldChanges.take(db, values: values), !events.isEmpty, events[events.count - 1].changes == nil {
                events[events.count - 1].changes = rest
            }
            for event in events { try AuditEvent(draft: event).insert(prepared: db) }
            return keep && !events.isEmpty ? .commit : .rollback
        }
        return result!
    }

    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Settings shared by every terminal on this database (policies, thresholds).
    public func setting(_ key: String) throws -> String? {
        try read { db in try Setting.value(key, in: db) }
    }
}

public enum DatabaseOpenError: Error, Equatable, CustomStringConvertible {
    case notMuster(path: String)
    case newerSchema(path: String, migrations: [String])
    case unreadable(path: String, reason: String)
    case cannotCreate(path: String, reason: String)
    case damaged(path: String, reason: String)
    case readOnly(path: String)

    public var description: String {
        switch self {
        case .notMuster(let path):
            "\(path) is not a Muster database; name another file with --db"
        case .newerSchema(let path, let migrations):
            "\(path) was written by a newer Muster (schema \(migrations.joined(separator: ", "))); upgrade Muster to open it"
        case .unreadable(let path, let reason):
            "cannot open \(path): \(reason)"
        case .cannotCreate(let path, let reason):
            "cannot create \(path): \(reason)"
        case .damaged(let path, let reason):
            "\(path) is damaged (\(reason)); nothing was changed: restore it from a backup"
        case .readOnly(let path):
            "cannot write \(path): the file or its folder is read-only for this account (Muster writes the database and "
                + "its -wal and -shm files beside it); run Muster as the account that owns it"
        }
    }
}
