import Foundation
import GRDB
import MusterCore

/// Whose evaluations to read: one session, every session of a course, or a trainer's, in a
/// date range of session starts.
public struct EvaluationScope: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        case session(String), course(String), trainer(String), all
    }
    public var subject: Subject
    public var from: LocalDate?
    public var to: LocalDate?
    /// Only sessions whose register is closed: the annual figures count nothing else, so
    /// their evaluation must not either.
    public var closedOnly: Bool

    public init(_ subject: Subject, from: LocalDate? = nil, to: LocalDate? = nil, closedOnly: Bool = false) {
        self.subject = subject; self.from = from; self.to = to; self.closedOnly = closedOnly
    }
}

extension Evaluations {
    /// `SESSION|COURSE` as typed: a session id wins, then a course id.
    public func subject(named id: String) throws -> EvaluationScope.Subject {
        try database.read { db in
            if let session = try String.fetchOne(db, sql: "SELECT id FROM session WHERE id = ?", arguments: [id]) { return .session(session) }
            if let course = try String.fetchOne(db, sql: "SELECT id FROM course WHERE id = ?", arguments: [id]) { return .course(course) }
            throw EvaluationError.nothingToEvaluate(id)
        }
    }

    /// The condition on sessions (`s`) a scope puts, refusing a trainer another's session.
    func sessionFilter(_ scope: EvaluationScope, in db: Database) throws -> (String, StatementArguments) {
        let local = clock.local
        var conditions: [String] = []
        var arguments: StatementArguments = []
        switch scope.subject {
        case .session(let id):
            let session = try Schedule.summary(id, in: db).session
            if actor.role == .trainer && session.trainerID?.lowercased() != actor.id.lowercased() {
                throw EvaluationError.notYourSession(session.id)
            }
            conditions.append("s.id = ?"); arguments += [session.id]
        case .course(let id):
            conditions.append("s.course_id = ?"); arguments += [id]
        case .trainer(let id):
            if actor.role == .trainer && id.lowercased() != actor.id.lowercased() { throw EvaluationError.notYourSession(id) }
            conditions.append("s.trainer_id = ?"); arguments += [id]
        case .all:
            break
        }
        if actor.role == .trainer { conditions.append("s.trainer_id = ?"); arguments += [actor.id] }
        if scope.closedOnly { conditions.append("s.status = 'completed'") }
        if let from = scope.from { conditions.append("s.starts_at >= ?"); arguments += [local.startOfDay(from)] }
        if let to = scope.to { conditions.append("s.starts_at < ?"); arguments += [local.endOfDay(to)] }
        return (conditions.isEmpty ? "1" : conditions.joined(separator: " AND "), arguments)
    }
}
