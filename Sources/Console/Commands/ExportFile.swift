import Foundation
import MusterCore

/// An export file appears whole or not at all: it is written beside its name and moved
/// into place only when every row is in.
enum ExportFile {
    static let chunk = 1 << 20

    static func write(to path: String, _ produce: ((String) throws -> Void) throws -> Int) throws -> Int {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: partial)
        else { throw ExportError.cannotWrite(path) }
        do {
            // Rows gather in a buffer written a mebibyte at a time: a write per row would cost
            // more than reading the row, and memory stays flat whatever the count.
            var buffer: [UInt8] = []
            buffer.reserveCapacity(Self.chunk + 4096)
            let rows = try produce { text in
                buffer.append(contentsOf: text.utf8)
                if buffer.count >= Self.chunk {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try handle.write(contentsOf: buffer) }
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
}

enum ExportError: Error, CustomStringConvertible, MusterError {
    case cannotWrite(String)
    var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write \(path): check the folder exists and you may write there"
        }
    }
}
