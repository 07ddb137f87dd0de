import Foundation

/// Text exported by other systems arrives in their encodings: UTF-8 with or without a
/// byte-order mark, UTF-16 with one (Teams) or without (some spreadsheet exports), or
/// Windows-1252 from older spreadsheets. A file holding NUL characters once decoded is no
/// text at all (a spreadsheet's binary format, an image) and is refused, never imported.
enum TextFile {
    /// The text, or nil when the bytes are not text.
    static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(3))
        var text: String?
        if bytes.starts(with: [0xFF, 0xFE]) {
            text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = String(data: data.dropFirst(2), encoding: .utf16BigEndian)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = String(data: data.dropFirst(3), encoding: .utf8)
        } else if let endianness = unmarkedUTF16(data) {
            text = String(data: data, encoding: endianness)
        } else {
            text = String(data: data, encoding: .utf8)
        }
        let decoded = text ?? String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
        return decoded.unicodeScalars.contains("\0") ? nil : decoded
    }

    /// UTF-16 without a byte-order mark: mostly ASCII text, so a NUL in every other byte of
    /// the start, on the odd side (little-endian) or the even side (big-endian), never both.
    private static func unmarkedUTF16(_ data: Data) -> String.Encoding? {
        let start = [UInt8](data.prefix(512))
        guard start.count >= 4 else { return nil }
        let pairs = start.count / 2
        let evenNULs = stride(from: 0, to: pairs * 2, by: 2).filter { start[$0] == 0 }.count
        let oddNULs = stride(from: 1, to: pairs * 2, by: 2).filter { start[$0] == 0 }.count
        if evenNULs == 0 && oddNULs * 2 > pairs { return .utf16LittleEndian }
        if oddNULs == 0 && evenNULs * 2 > pairs { return .utf16BigEndian }
        return nil
    }
}
