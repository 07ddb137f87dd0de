import Foundation
import GRDB

/// Certificates of attendance. Each carries a code that `certificate verify` checks, so an
/// employer or regulator can confirm it without trusting the paper.
public struct Certificates: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Certificate: Sendable, Equatable {
        public var code: String
        public var learnerID: String
        public var learnerName: String
        public var courseID: String
        public var courseTitle: String
        public var sessionID: String
        public var startsAt: Date
        public var endsAt: Date
        public var cpdHours: Double
        public var trainerName: String?
        public var issuedAt: Date
        public var partnership: String
    }

    public struct Policy: Sendable, Equatable {
        /// Released only once the learner has given feedback on the session (off by default).
        public var requiresFeedback = false
        public var partnership = "Safeguarding Partnership"
        public init() {}

        static func load(_ db: Database) throws -> Policy {
            var policy = Policy()
            if let value = try Setting.value("certificate.requires_feedback", in: db) { policy.requiresFeedback = value == "1" }
            if let name = try Setting.value("partnership.name", in: db) { policy.partnership = name }
            return policy
        }
    }

    public func policy() throws -> Policy { try database.read { db in try Policy.load(db) } }

    public func setPolicy(_ policy: Policy) throws {
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "certificate.policy", recordType: "setting",
                                            recordID: nil, detail: "feedback first: \(policy.requiresFeedback)")) { db in
            try Setting.set("certificate.requires_feedback", to: policy.requiresFeedback ? "1" : "0", in: db)
            try Setting.set("partnership.name", to: policy.partnership, in: db)
        }
    }

    /// The learner's certificate for a session they attended in full; the same code every time.
    public func issue(_ sessionID: String, for learnerID: String) throws -> Certificate {
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "certificate.issue", recordType: "certificate",
                                            recordID: nil, detail: "\(sessionID) \(learnerID)")) { db in
            let learner = try actor.learner(learnerID, in: db).learner
            let session = try Schedule.summary(sessionID, in: db).session
            guard let booking = try Booking.fetchOne(db, sql: """
                SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status <> 'cancelled' ORDER BY id DESC LIMIT 1
                """, arguments: [session.id, learner.id])
            else { throw CertificateError.notBooked(session.id, learnerID: learner.id) }
            switch booking.status {
            case .attended: break
            case .partial:
                let length = Int(session.endsAt.timeIntervalSince(session.startsAt) / 60)
                throw CertificateError.partial(session.id, learnerID: learner.id, minutes: booking.minutesAttended ?? 0, of: length)
            default:
                throw CertificateError.notAttended(session.id, learnerID: learner.id, status: booking.status)
            }
            if try Policy.load(db).requiresFeedback,
               try Row.fetchOne(db, sql: "SELECT 1 FROM feedback WHERE booking_id = ?", arguments: [booking.id]) == nil {
                throw CertificateError.feedbackFirst(session.id)
            }
            if try String.fetchOne(db, sql: "SELECT code FROM certificate WHERE booking_id = ?", arguments: [booking.id]) == nil {
                var code: String
                repeat { code = Self.newCode() } while try Row.fetchOne(db, sql: "SELECT 1 FROM certificate WHERE code = ?", arguments: [code]) != nil
                try db.execute(sql: "INSERT INTO certificate (code, booking_id, issued_at, issued_by) VALUES (?, ?, ?, ?)",
                               arguments: [code, booking.id, clock.now, actor.id])
            }
            return try Self.certificate(where: "c.booking_id = ?", booking.id, in: db)!
        } identifying: { $0.code }
    }

    public func verify(_ text: String) throws -> Certificate {
        let code = Self.normalised(text)
        return try database.read { db in
            guard let code, let found = try Self.certificate(where: "c.code = ?", code, in: db) else {
                throw CertificateError.unknownCode(text)
            }
            return found
        }
    }

    static func certificate(where condition: String, _ value: (any DatabaseValueConvertible)?, in db: Database) throws -> Certificate? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT c.code, c.issued_at, l.id AS learner_id, l.name AS learner_name, s.id AS session_id, s.starts_at, s.ends_at,
                   co.id AS course_id, co.title, co.cpd_hours, u.name AS trainer_name
            FROM certificate c JOIN booking b ON b.id = c.booking_id JOIN learner l ON l.id = b.learner_id
            JOIN session s ON s.id = b.session_id JOIN course co ON co.id = s.course_id LEFT JOIN user u ON u.id = s.trainer_id
            WHERE \(condition)
            """, arguments: [value]) else { return nil }
        return Certificate(code: row["code"], learnerID: row["learner_id"], learnerName: row["learner_name"],
                           courseID: row["course_id"], courseTitle: row["title"], sessionID: row["session_id"],
                           startsAt: row["starts_at"], endsAt: row["ends_at"], cpdHours: row["cpd_hours"],
                           trainerName: row["trainer_name"], issuedAt: row["issued_at"], partnership: try Policy.load(db).partnership)
    }

    /// Twelve characters without the ones people misread (0/O, 1/I/L), in three groups.
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// A code as a person may type it: any case, with or without the hyphens.
    static func normalised(_ text: String) -> String? {
        let characters = Array(text.uppercased().filter { $0 != "-" && !$0.isWhitespace })
        guard characters.count == 12, characters.allSatisfy(alphabet.contains) else { return nil }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }
}

public enum CertificateError: Error, Equatable, CustomStringConvertible, MusterError {
    case notBooked(String, learnerID: String)
    case partial(String, learnerID: String, minutes: Int, of: Int)
    case notAttended(String, learnerID: String, status: BookingStatus)
    case feedbackFirst(String)
    case unknownCode(String)

    public var description: String {
        switch self {
        case .notBooked(let session, let learner):
            "\(learner) has no booking on \(session)"
        case .partial(let session, let learner, let minutes, let length):
            "\(learner) attended \(minutes) of \(length) minutes of \(session): a certificate needs full attendance (the CPD hours are in `cpd`)"
        case .notAttended(let session, let learner, let status):
            "\(learner) is \(status.rawValue) on \(session): a certificate needs full attendance marked on the register"
        case .feedbackFirst(let session):
            "the certificate is released once feedback is given: feedback \(session)"
        case .unknownCode(let code):
            "no certificate has the code '\(code)': check it against the certificate (12 letters and digits, e.g. 7KQ2-M9PX-4HTR)"
        }
    }
}
