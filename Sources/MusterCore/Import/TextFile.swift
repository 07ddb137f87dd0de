import Foundation

/// Text exported by other systems arrives in their encodings: UTF-8 with or without a
/// byte-order mark, UTF-16 with one (Teams), or Windows-1252 from older spreadsheets.
enum TextFile {
    static func decode(_ data: Data) -> String {
        let bytes = [UInt8](data.prefix(3))
        var text: String?
        if bytes.starts(with: [0xFF, 0xFE]) {
            text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = String(data: data.dropFirst(2), encoding: .utf16BigEndian)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = String(data: data.dropFirst(3), encoding: .utf8)
        } else {
            text = String(data: data, encoding: .utf8)
        }
        return text ?? String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
    }
}
