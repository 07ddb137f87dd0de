import Foundation
import Testing
@testable import Scheduler

@Suite struct MailMessageTests {
    func message(subject: String = "Reminder", name: String? = "Jane Smith", body: String = "Hello") -> MailMessage {
        MailMessage(from: "training@partnership.example", to: "jane@police.example", toName: name, subject: subject,
                    body: body, date: Date(timeIntervalSince1970: 1_799_746_200), messageID: "muster.1.0@partnership.example")
    }

    @Test func aLineBreakInASubjectOrNameCannotAddAHeader() {
        let text = message(subject: "Reminder\nBcc: everyone@example.org", name: "Jane\r\nBcc: x@example.org").text
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("Bcc:") })
    }

    @Test func theDateIsRFC5322InUTC() {
        #expect(message().text.contains("\nDate: Tue, 12 Jan 2027 09:30:00 +0000\n"))
    }

    @Test func aVeryLongBodyLineIsBrokenBelowTheLimitAtASpace() {
        let long = Array(repeating: "word", count: 400).joined(separator: " ")
        let lines = message(body: long).text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.filter { $0.hasPrefix("word") }.joined(separator: " ") == long)
    }

    @Test func aLongLineOfAccentedTextStaysUnderTheLimitInBytes() {
        let long = Array(repeating: "é", count: 2000).joined()
        let lines = message(body: long).text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.filter { $0.hasPrefix("é") }.joined() == long)
    }

    @Test func onlyPlainAddressesAreAccepted() {
        #expect(MailMessage.isAddress("training@partnership.example"))
        #expect(MailMessage.isAddress("muster@localhost"))
        #expect(!MailMessage.isAddress("Training <training@partnership.example>"))
        #expect(!MailMessage.isAddress("a@b\nBcc: c@d"))
        #expect(!MailMessage.isAddress("no-at-sign"))
    }
}
