import Foundation

extension AppDatabase {
    /// Opens the database at `path`; when there is none, builds one whole — migrated, then
    /// given `prepare` (the seed from `Courses/` and `Sessions/`) — under a temporary name
    /// beside it, and only then gives it its name. A new file is seeded only when it is new,
    /// so a process killed half-way through creating one used to leave, under the real name,
    /// a database without its catalogue or schedule that no later start would ever complete.
    /// Two processes creating the same file at once each build their own; the first to name
    /// theirs wins and the other opens it.
    public static func open(path: String, upgrading: (() -> Void)? = nil,
                            creatingWith prepare: (AppDatabase) throws -> Void) throws -> (database: AppDatabase, created: Bool) {
        if FileManager.default.fileExists(atPath: path) { return try open(path: path, upgrading: upgrading) }
        DatabaseCreation.removeAbandoned(beside: path)
        let temporary = DatabaseCreation.temporaryName(for: path)
        DatabaseCreation.remove(temporary)
        let (fresh, _) = try open(path: temporary)
        do {
            try prepare(fresh)
            // Everything into the one file, so the name given to it names all of it.
            try fresh.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try fresh.writer.close()
        } catch {
            try? fresh.writer.close()
            DatabaseCreation.remove(temporary)
            throw error
        }
        let named = try DatabaseCreation.name(temporary, as: path)
        DatabaseCreation.remove(temporary)
        return (try open(path: path).database, named)
    }
}

/// The temporary files a database is built in before it takes its name.
enum DatabaseCreation {
    static let marker = ".creating-"

    static func temporaryName(for path: String) -> String { path + marker + String(getpid()) }

    /// Gives the finished file its name unless another process got there first (then false).
    static func name(_ temporary: String, as path: String) throws -> Bool {
        if link(temporary, path) == 0 { return true }
        let failure = errno
        if failure == EEXIST { return false }
        // A file system without hard links: a rename, which cannot refuse an existing name.
        if FileManager.default.fileExists(atPath: path) { return false }
        guard rename(temporary, path) == 0 else {
            throw DatabaseOpenError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        return true
    }

    static func remove(_ temporary: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(temporary + suffix) }
    }

    /// Files left by creators that were killed (their process is gone), so they do not pile up.
    static func removeAbandoned(beside path: String) {
        let url = URL(fileURLWithPath: path)
        let prefix = url.lastPathComponent + marker
        let folder = url.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0.isNumber }), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder.appendingPathComponent(name).path)
        }
    }
}
