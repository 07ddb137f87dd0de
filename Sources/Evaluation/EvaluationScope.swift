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

    public func summary(_ scope: EvaluationScope) throws -> EvaluationSummary {
        var summary = EvaluationSummary()
        try eachRow(scope) { summary.add($0) }
        return summary
    }
}
