import Foundation
import GRDB
import MusterCore
import Testing
@testable import Scheduler

/// `outbox send` through a real external program: a Python script standing in for
/// sendmail parses each message with Python's own RFC 5322 parser and refuses one recipient.
@Suite struct OutboxDeliveryTests {
    let folder: URL
    let log: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("delivered.jsonl")
    }

    func sendmail(refusing refused: String? = nil) throws -> MailCommand {
        let script = Partnership.fixture("bin/fake-sendmail").path
        // Resources may lose the executable bit when copied; run it through the interpreter's path lookup.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return try MailCommand(words: [script, "--log", log.path] + (refused.map { ["--refuse", $0] } ?? []) + ["-t", "-i"])
    }

    func delivered() throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    func given() throws -> (Partnership, OutboxDelivery) {
        let given = try Partnership.seeded()
        var details = People.Details()
        details.name = "Siân Ó Briain"; details.email = "sian@police.example"; details.agency = "police"
        _ = try People(database: given.database, clock: given.clock, actor: .localOperator).add("L9", details)
        try given.book("s101", 2)
        _ = try given.bookings.book("s101", for: "L9")
        let delivery = OutboxDelivery(database: given.database, clock: given.clock, actor: .localOperator)
        try delivery.configure(command: nil, from: "training@partnership.example")
        return (given, delivery)
    }

    @Test func messagesAreWellFormedAndOnlyThoseTheCommandAcceptedAreMarkedSent() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (given, delivery) = try given()

        #expect(throws: DeliveryError.notDelivered(sent: 2, failures: [.init(
            notificationID: 2, recipient: "l2@police.example",
            reason: "\(Partnership.fixture("bin/fake-sendmail").path) exited with status 75: recipient refused by the stand-in")])) {
            try delivery.sendUnsent(through: try sendmail(refusing: "l2@police.example"))
        }
        let first = try delivered()
        #expect(first.count == 3)
        let sian = try #require(first.first { $0["to"] as? String == "sian@police.example" })
        #expect(sian["to_name"] as? String == "Siân Ó Briain")
        #expect(sian["from"] as? String == "training@partnership.example")
        #expect(sian["subject"] as? String == "Booking confirmed: Hate Crime, 2027-01-12 09:30")
        #expect(sian["charset"] as? String == "utf-8")
        #expect((sian["body"] as? String)?.hasPrefix("Dear Siân Ó Briain,\n") == true)
        #expect(sian["date"] as? String == "2026-11-23T10:00:00+00:00")
        #expect((sian["message_id"] as? String)?.hasSuffix("@partnership.example>") == true)
        #expect(first.allSatisfy { ($0["defects"] as? [String])?.isEmpty == true && ($0["flags"] as? [String]) == ["-t", "-i"] })

        let unsent = try given.database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, attempts, last_error FROM notification WHERE sent_at IS NULL")
        }
        #expect(unsent.count == 1)
        #expect(unsent.first?["attempts"] == 1)
        #expect((unsent.first?["last_error"] as String?)?.contains("status 75") == true)

        // Next time the recipient is accepted: only the failed message goes, with the same Message-ID.
        #expect(try delivery.sendUnsent(through: try sendmail()) == 1)
        let retried = try delivered().dropFirst(3)
        #expect(retried.map { $0["to"] as? String } == ["l2@police.example"])
        #expect(retried.first?["message_id"] as? String
                == first.first { $0["to"] as? String == "l2@police.example" }?["message_id"] as? String)
        #expect(try delivery.sendUnsent(through: try sendmail()) == 0)
        #expect(try given.count("notification") == 3)
    }

    @Test func aMissingCommandFailsEveryMessageAndKeepsThemAll() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (given, delivery) = try given()
        #expect(throws: DeliveryError.self) {
            try delivery.sendUnsent(through: try MailCommand(words: ["/nonexistent/sendmail", "-t"]))
        }
        let errors = try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT last_error FROM notification WHERE sent_at IS NULL")
        }
        #expect(errors == Array(repeating: "/nonexistent/sendmail not found", count: 3))
    }

    @Test func aNoticeWithNoAddressIsListedButNeverTried() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let given = try Partnership.seeded().book("s103", 6)
        // The trainers in the fixtures have addresses; the going-ahead notice loses its own here.
        _ = try given.at("2027-03-24 09:30").run()
        let delivery = OutboxDelivery(database: given.database, clock: given.clock, actor: .localOperator)
        try delivery.configure(command: nil, from: "training@partnership.example")
        try given.database.write(AuditEvent.Draft(actor: .localOperator, at: given.clock.now, action: "test", recordType: "notification")) { db in
            try db.execute(sql: "UPDATE notification SET email = NULL WHERE kind = 'going-ahead'")
        }
        let addressed = try given.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification WHERE email IS NOT NULL") }
        #expect(try delivery.sendUnsent(through: try sendmail()) == addressed)
        let left = try given.database.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, attempts, last_error FROM notification WHERE sent_at IS NULL")
        }
        #expect(left.map { $0["kind"] as String } == ["going-ahead"])
        #expect(left.first?["attempts"] == 0 && (left.first?["last_error"] as String?) == nil)
    }

    @Test func nothingIsSentUntilTheSenderAddressIsSet() throws {
        let given = try Partnership.seeded().book("s101", 1)
        let delivery = OutboxDelivery(database: given.database, clock: given.clock, actor: .localOperator)
        #expect(throws: DeliveryError.noSender) { try delivery.sendUnsent(through: try sendmail()) }
        #expect(throws: DeliveryError.badSender("not an address")) { try delivery.configure(command: nil, from: "not an address") }
    }
}
