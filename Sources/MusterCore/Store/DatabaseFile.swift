import Foundation

/// Whoever can read the file can read everyone's training record, so Muster creates it
/// readable by its owner only and says so when it finds it otherwise.
public enum DatabaseFile {
    /// Creates the file with mode 0600 when it does not exist. Returns whether it was created.
    static func prepare(path: String) throws -> Bool {
        if FileManager.default.fileExists(atPath: path) { return false }
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw DatabaseOpenError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
        return true
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
