import Foundation
import GRDB
import MusterCore

/// Delivers the outbox through the configured mail command. A notification is marked sent
/// only when the command exits 0 (a notice with no address stays listed, untried); otherwise its error is kept and it is tried again on the
/// next run. Rows being delivered are held for a while, so two overlapping runs (cron and a
/// person) do not send the same message twice.
public struct OutboxDelivery: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Settings: Sendable, Equatable {
        /// The command line, as a person would type it in a shell.
        public var command: String
        public var from: String?
    }

    static let commandKey = "outbox.command", fromKey = "outbox.from"
    /// How long a delivery in progress holds its rows against another run.
    static let hold: TimeInterval = 15 * 60
    /// With the mail command's 60 s limit, a batch ends well inside its hold.
    static let batch = 10

    public func settings() throws -> Settings {
        Settings(command: try database.setting(Self.commandKey) ?? MailCommand.defaultCommand,
                 from: try database.setting(Self.fromKey))
    }

    public func configure(command: String?, from: String?) throws {
        if let from, !MailMessage.isAddress(from) { throw DeliveryError.badSender(from) }
        if let command, command.trimmingCharacters(in: .whitespaces).isEmpty { throw DeliveryError.noCommand }
        try database.write(event("outbox.config", nil, [command.map { "command \($0)" }, from.map { "from \($0)" }]
            .compactMap { $0 }.joined(separator: ", "))) { db in
            if let command { try Setting.set(Self.commandKey, to: command, in: db) }
            if let from { try Setting.set(Self.fromKey, to: from, in: db) }
        }
    }

    /// Sends up to `limit` unsent notifications, oldest first. Returns how many were sent;
    /// throws `notDelivered` naming each failure once the rest have been tried.
    @discardableResult
    public func sendUnsent(through command: MailCommand, limit: Int = 1000) throws -> Int {
        guard let from = try database.setting(Self.fromKey) else { throw DeliveryError.noSender }
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        var sent = 0
        var failures: [DeliveryError.Failure] = []
        var delivered = 0, lastID: Int64 = 0
        // A few at a time, each batch held afresh, so a slow mail command never outlasts its
        // hold; in id order, so a message that failed is tried once per run.
        while delivered < limit {
            let batch = try claim(limit: min(Self.batch, limit - delivered), after: lastID)
            guard let last = batch.last else { break }
            lastID = last["id"]
            delivered += batch.count
            for row in batch {
            let id: Int64 = row["id"]
            let notice = try Notice(row: row)
            let recipient = notice.email ?? notice.learnerID ?? notice.userID ?? "nobody"
            let problem: String?
            if let email = notice.email, MailMessage.isAddress(email) {
                let message = MailMessage(from: from, to: email, toName: row["recipient_name"], subject: notice.subject,
                                          body: notice.body, date: clock.now,
                                          messageID: "muster.\(id).\(Int(notice.createdAt.timeIntervalSince1970))@\(domain)")
                problem = command.deliver(message.text)
            } else {
                problem = notice.email.map { "'\($0)' is not an email address" } ?? "no email address to send to"
            }
            try settle(id, problem: problem)
            if let problem { failures.append(.init(notificationID: id, recipient: recipient, reason: problem)) } else { sent += 1 }
            }
        }
        if !failures.isEmpty { throw DeliveryError.notDelivered(sent: sent, failures: failures) }
        return sent
    }

    /// Takes the rows this run will deliver, so an overlapping run leaves them alone.
    private func claim(limit: Int, after lastID: Int64) throws -> [Row] {
        let now = clock.now
        return try database.write(keep: true) { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT n.*, COALESCE(l.name, u.name) AS recipient_name FROM notification n
                LEFT JOIN learner l ON l.id = n.learner_id LEFT JOIN user u ON u.id = n.user_id
                WHERE n.sent_at IS NULL AND n.email IS NOT NULL AND (n.attempted_at IS NULL OR n.attempted_at < ?) AND n.id > ?
                ORDER BY n.id LIMIT ?
                """, arguments: [now.addingTimeInterval(-Self.hold), lastID, limit])
            for row in rows {
                try db.execute(sql: "UPDATE notification SET attempted_at = ? WHERE id = ?", arguments: [now, row["id"] as Int64])
            }
            return (rows, rows.isEmpty ? [] : [event("outbox.send", nil, "\(rows.count) to deliver")])
        }
    }

    private func settle(_ id: Int64, problem: String?) throws {
        try database.write(event(problem == nil ? "outbox.sent" : "outbox.failed", String(id), problem)) { db in
            try db.execute(sql: """
                UPDATE notification SET attempts = attempts + 1, attempted_at = NULL,
                  sent_at = CASE WHEN ? IS NULL THEN ? END, last_error = ?
                WHERE id = ?
                """, arguments: [problem, clock.now, problem, id])
        }
    }

    private func event(_ action: String, _ id: String?, _ detail: String?) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "notification", recordID: id, detail: detail)
    }
}
