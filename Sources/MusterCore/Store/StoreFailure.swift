import GRDB

/// Words for the person at the keyboard when SQLite itself refuses, so layers above never
/// need to know the database's error types.
public enum StoreFailure {
    /// Why a write the system refused failed, in the words of every place that says so.
    public static let diskFull = "the disk is full or a file-size limit was reached"

    public static func explain(_ error: any Error) -> String? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "the database is busy in another terminal; try again in a moment"
        case .SQLITE_READONLY:
            return "the database file is read-only; nothing was changed"
        case .SQLITE_FULL:
            return "the disk is full; nothing was changed"
        case .SQLITE_IOERR where isDiskFull(error):
            return "the disk is full or the database has reached its size limit: it could not be written; nothing was changed"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the database file is damaged or not a Muster database"
        case .SQLITE_CONSTRAINT:
            return "that would break a rule of the records (\(error.message ?? "constraint")); nothing was changed"
        default:
            return "database error: \(error.message ?? "\(error.resultCode)"); nothing was changed"
        }
    }

    /// A write the system refused for want of space: ENOSPC comes back as SQLITE_FULL only
    /// when part of a page was written, and a file-size limit (EFBIG) always as an I/O error
    /// of one of these kinds.
    public static func isDiskFull(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_FULL
            || [.SQLITE_IOERR_WRITE, .SQLITE_IOERR_SHMSIZE, .SQLITE_IOERR_TRUNCATE].contains(error.extendedResultCode)
    }
}
