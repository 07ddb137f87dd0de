/// The longest text each kind of field may hold. A name of 100,000 characters is a file
/// pasted into a cell, or an attack, never a name: stored, it would fill every table,
/// export and letter it reached. The limits sit far above any real value.
enum FieldLength {
    static let name = 200
    static let email = 254          // RFC 5321's longest address
    static let title = 200
    static let longText = 10_000    // a description, an audience

    /// A problem naming the field, or nil when the text fits.
    static func problem(_ field: String, _ text: String, atMost limit: Int) -> String? {
        let count = text.unicodeScalars.count
        return count > limit ? "\(field) is \(count) characters long: at most \(limit)" : nil
    }
}
