import Foundation
import GRDB

/// The register of a session: who came, for how long. Marks can be changed until the
/// register is closed with `session complete`.
public struct Register: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public enum Mark: String, CaseIterable, Sendable {
        case attended, partial, absent, excused
        var status: BookingStatus { BookingStatus(rawValue: rawValue)! }
    }

    /// A delegate on the register, with their mark so far.
    public struct Entry: Sendable, Equatable {
        public var learnerID: String
        public var name: String
        public var status: BookingStatus
        public var minutes: Int?
    }

    static let markable = "('confirmed','attended','partial','absent','excused')"

    /// The delegates in booking order.
    public func entries(_ sessionID: String) throws -> (summary: SessionSummary, entries: [Entry]) {
        try database.read { db in
            let summary = try Schedule.summary(sessionID, in: db)
            let entries = try Row.fetchAll(db, sql: """
                SELECT b.learner_id, l.name, b.status, b.minutes_attended FROM booking b JOIN learner l ON l.id = b.learner_id
                WHERE b.session_id = ? AND b.status IN \(Self.markable) ORDER BY b.id
                """, arguments: [summary.session.id]).map {
                Entry(learnerID: $0["learner_id"], name: $0["name"],
                      status: BookingStatus(rawValue: $0["status"]) ?? .confirmed, minutes: $0["minutes_attended"])
            }
            return (summary, entries)
        }
    }

    /// Marks learners in one transaction: all of them or, on any problem, none.
    public func mark(_ sessionID: String, learners: [String], as mark: Mark, minutes: Int? = nil) throws {
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "register.mark", recordType: "session",
                                            recordID: sessionID, detail: "\(mark.rawValue): \(learners.joined(separator: " "))")) { db in
            try self.mark(sessionID, learners: learners, as: mark, minutes: minutes, in: db)
        }
    }

    /// The same marks inside the caller's transaction, for a path that writes many registers
    /// at once (the demo partnership) and must keep exactly these rules.
    package func mark(_ sessionID: String, learners: [String], as mark: Mark, minutes: Int? = nil, in db: Database) throws {
        do {
            let summary = try Schedule.summary(sessionID, in: db)
            let session = summary.session
            try Self.refuseUnlessOpen(session, now: clock.now, local: clock.local)
            let length = Int(session.endsAt.timeIntervalSince(session.startsAt) / 60)
            let attended: Int?
            switch mark {
            case .attended: attended = minutes ?? length
            case .partial:
                guard let minutes else { throw RegisterError.partialNeedsMinutes(length: length) }
                attended = minutes
            case .absent, .excused: attended = minutes ?? 0
            }
            if let attended, attended < 0 || attended > length { throw RegisterError.minutesOutOfRange(attended, length: length) }
            let ledger = BookingLedger(db, actor: actor, clock: clock)
            for learnerID in learners {
                let learner = try People.learner(learnerID, in: db).learner
                guard var booking = try Booking.fetchOne(cached: db, sql: """
                    SELECT * FROM booking WHERE session_id = ? AND learner_id = ? AND status IN \(Self.markable)
                    """, arguments: [session.id, learner.id])
                else { throw RegisterError.notOnRegister(session.id, learnerID: learner.id) }
                try ledger.mark(&booking, mark.status, minutes: attended, note: attended.map { "\($0) minutes" })
            }
        }
    }

    static func refuseUnlessOpen(_ session: Session, now: Date, local: LocalTime) throws {
        switch session.status {
        case .cancelled: throw RegisterError.cancelled(session.id)
        case .completed: throw RegisterError.closed(session.id)
        case .scheduled: break
        }
        if session.startsAt > now { throw RegisterError.notStarted(session.id, startsAt: local.format(session.startsAt)) }
    }
}

public enum RegisterError: Error, Equatable, CustomStringConvertible, MusterError {
    case notStarted(String, startsAt: String)
    case closed(String)
    case cancelled(String)
    case notOnRegister(String, learnerID: String)
    case partialNeedsMinutes(length: Int)
    case minutesOutOfRange(Int, length: Int)
    case unmarked(String, learners: [String])

    public var description: String {
        switch self {
        case .notStarted(let id, let startsAt):
            "attendance for \(id) can be marked once it has started (\(startsAt))"
        case .closed(let id):
            "the register of \(id) is closed"
        case .cancelled(let id):
            "session \(id) was cancelled; it has no register"
        case .notOnRegister(let id, let learner):
            "\(learner) has no confirmed place on \(id)"
        case .partialNeedsMinutes(let length):
            "partial attendance needs the minutes attended (--minutes, 1 to \(length))"
        case .minutesOutOfRange(let minutes, let length):
            "\(minutes) minutes is outside the session's length (0 to \(length))"
        case .unmarked(let id, let learners):
            "\(learners.count) on the register of \(id) \(learners.count == 1 ? "is" : "are") not marked yet: "
                + learners.joined(separator: ", ") + " (mark them, or close with --absent-rest)"
        }
    }
}
