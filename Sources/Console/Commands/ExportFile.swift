import Foundation
import MusterCore

/// An export file appears whole or not at all: it is written beside its name and moved
/// into place only when every row is in. A name that is not a regular file (`/dev/null`,
/// `/dev/stdout`, a pipe) is written straight through: moving a file over it would replace
/// the device itself, which for whoever may (root) breaks every program on the machine.
/// A link is followed (its file is replaced, the link kept); a folder is refused.
enum ExportFile {
    static let chunk = 1 << 20

    static func write(to path: String, _ produce: ((String) throws -> Void) throws -> Int) throws -> Int {
        var file = path
        // stat follows links, /dev/stdout's to a pipe or terminal included.
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw ExportError.isFolder(path)
            case S_IFREG:
                file = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            default:
                guard let handle = FileHandle(forWritingAtPath: path) else { throw ExportError.cannotWrite(path) }
                defer { try? handle.close() }
                return try buffered(into: handle, produce)
            }
        }
        let partial = file + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: partial)
        else { throw ExportError.cannotWrite(path) }
        do {
            let rows = try buffered(into: handle, produce)
            try handle.close()
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            try FileManager.default.moveItem(atPath: partial, toPath: file)
            return rows
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Rows gather in a buffer written a mebibyte at a time: a write per row would cost more
    /// than reading the row, and memory stays flat whatever the count.
    private static func buffered(into handle: FileHandle, _ produce: ((String) throws -> Void) throws -> Int) throws -> Int {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunk + 4096)
        let rows = try produce { text in
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= chunk {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try handle.write(contentsOf: buffer) }
        return rows
    }
}

enum ExportError: Error, CustomStringConvertible, MusterError {
    case cannotWrite(String)
    case isFolder(String)
    var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write \(path): check the folder exists and you may write there"
        case .isFolder(let path): "\(path) is a folder: name a file in it"
        }
    }
}
