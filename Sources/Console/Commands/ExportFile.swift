import Foundation
import MusterCore

/// An export file appears whole or not at all: it is written beside its name and moved
/// into place only when every row is in.
enum ExportFile {
    static func write(to path: String, _ produce: ((String) throws -> Void) throws -> Int) throws -> Int {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: partial)
        else { throw ExportError.cannotWrite(path) }
        do {
            let rows = try produce { try handle.write(contentsOf: Data($0.utf8)) }
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
