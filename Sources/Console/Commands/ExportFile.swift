import Foundation
import MusterCore

/// An export file appears whole or not at all: it is written beside its name and moved
/// into place only when every row is in. A name that is not a regular file (`/dev/null`,
/// `/dev/stdout`, a pipe) is written straight through: moving a file over it would replace
/// the device itself, which for whoever may (root) breaks every program on the machine.
enum ExportFile {
    static let chunk = 1 << 20

    static func write(to path: String, _ produce: ((String) throws -> Void) throws -> Int) throws -> Int {
        if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType,
           type != .typeRegular && type != .typeDirectory {
            guard let handle = FileHandle(forWritingAtPath: path) else { throw ExportError.cannotWrite(path) }
            defer { try? handle.close() }
            return try buffered(into: handle, produce)
        }
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: partial)
        else { throw ExportError.cannotWrite(path) }
        do {
            let rows = try buffered(into: handle, produce)
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
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
    var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write \(path): check the folder exists and you may write there"
        }
    }
}
