import Foundation

/// Whoever can read the file can read everyone's training record, so Muster creates it
/// readable by its owner only and says so when it finds it otherwise.
public enum DatabaseFile {
    /// Creates the file with mode 0600 when it does not exist. Returns whether it was created.
    static func prepare(path: String) throws -> Bool {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            // SQLite would call it unopenable, which reads as a permissions problem.
            if isFolder.boolValue { throw DatabaseOpenError.unreadable(path: path, reason: "it is a folder; name the database file in it") }
            return false
        }
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw DatabaseOpenError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
        return true
    }

    /// Whether the file is another program's SQLite database, told from its header alone:
    /// opening it as Muster does would first turn it to WAL mode, rewriting a stranger's file
    /// before refusing it. An SQLite file with no application id and a single page holds no
    /// tables yet, and may become Muster's.
    static func isForeign(path: String, applicationID: Int32) -> Bool {
        guard let header = header(path: path) else { return false }
        let id = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let pages = header[28..<32].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if Int32(bitPattern: id) == applicationID { return false }
        return id != 0 || pages > 1
    }

    /// The first 100 bytes of an SQLite file, or nil for anything else.
    private static func header(path: String) -> [UInt8]? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        guard let data = try? file.read(upToCount: 100), data.count == 100, data.prefix(16) == Data("SQLite format 3\0".utf8)
        else { return nil }
        return [UInt8](data)
    }

    /// Why the file cannot be a whole SQLite database, or nil. SQLite itself notices a file
    /// cut short at a page boundary (its header counts more pages than there are), but reads
    /// a last page cut part-way through as if the missing bytes were zeros; every SQLite file
    /// is a whole number of pages, so anything else was truncated.
    static func damage(path: String) -> String? {
        guard let header = header(path: path),
              let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? UInt64
        else { return nil }
        let declared = Int(header[16]) << 8 | Int(header[17])
        let pageSize = declared == 1 ? 65536 : declared
        guard pageSize >= 512, size % UInt64(pageSize) != 0 else { return nil }
        return "it was cut short: \(size) bytes is not a whole number of its \(pageSize)-byte pages"
    }

    /// A warning to show when others than the owner may read the file, or nil.
    public static func permissionWarning(path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue,
              mode & 0o077 != 0
        else { return nil }
        return "warning: \(path) is readable by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
    }
}
