import Foundation
import MusterCore

/// An RFC 5322 message for a sendmail-compatible command (`sendmail -t` reads the
/// recipients from the headers). Header values that are not plain ASCII are RFC 2047
/// encoded words; the body is UTF-8, sent as 8bit text.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var toName: String?
    public var subject: String
    public var body: String
    public var date: Date
    /// Stable across retries, so a message delivered twice is recognisably the same one.
    public var messageID: String

    public init(from: String, to: String, toName: String?, subject: String, body: String, date: Date, messageID: String) {
        self.from = from; self.to = to; self.toName = toName; self.subject = subject
        self.body = body; self.date = date; self.messageID = messageID
    }

    /// The message as the mail command reads it on its standard input.
    public var text: String {
        let headers = [
            "From: \(from)",
            "To: \(Self.mailbox(to, name: toName))",
            "Subject: \(Self.headerText(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            // RFC 3834: automatic replies should not answer this.
            "Auto-Submitted: auto-generated",
        ]
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return (headers + [""] + lines.map(Self.bodyLine)).joined(separator: "\n") + "\n"
    }

    /// A plain address: no spaces, no angle brackets or line breaks that could add a header.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>()[],;:\"\\".unicodeScalars.contains($0) }
    }

    static func mailbox(_ address: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return address }
        let clean = oneLine(name)
        let plain = clean.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 }
        return plain ? "\"\(clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\" <\(address)>"
                     : "\(encodedWords(clean)) <\(address)>"
    }

    static func headerText(_ text: String) -> String {
        let clean = oneLine(text)
        return clean.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 } && clean.utf8.count <= 900
            ? clean : encodedWords(clean)
    }

    /// Line breaks in a header value would start a new header: never let one through.
    private static func oneLine(_ text: String) -> String {
        text.components(separatedBy: .newlines).joined(separator: " ")
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, whole characters each, folded.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = [], chunk = ""
        for character in text {
            if chunk.utf8.count + character.utf8.count > 45 { words.append(chunk); chunk = "" }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\n ")
    }

    /// RFC 5322 caps a line at 998 octets; longer ones are broken at a space when there is one.
    private static func bodyLine(_ line: Substring) -> String {
        var rest = String(line), out: [String] = []
        while rest.utf8.count > 900 {
            // The longest head of at most 900 bytes, broken at its last space when it has one.
            var cut = rest.startIndex, bytes = 0
            while cut < rest.endIndex, bytes + rest[cut].utf8.count <= 900 { bytes += rest[cut].utf8.count; cut = rest.index(after: cut) }
            if let space = rest[..<cut].lastIndex(of: " "), space > rest.startIndex { cut = space }
            out.append(String(rest[..<cut]))
            rest = String(rest[cut...].drop { $0 == " " })
        }
        return (out + [rest]).joined(separator: "\n")
    }

    /// RFC 5322 `date-time`, in UTC: `Tue, 12 Jan 2027 09:30:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { Digits.padded(n ?? 0, 2) }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
