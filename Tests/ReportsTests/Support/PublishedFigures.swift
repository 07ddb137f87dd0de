import Foundation
import GRDB
import Evaluation
@testable import MusterCore
@testable import Reports

/// Everything the partnership publishes from a year, as text, so "the same" means byte for
/// byte: `report year --json`, `report kpi --json`, every figure of the year's evaluation
/// and what each agency is charged.
struct PublishedFigures: Equatable {
    var year: String
    var kpi: String
    var evaluation: String
    var charges: String

    init(_ year: ReportingYear, leavingOut: Set<String> = []) throws {
        let report = try YearReport(from: year.from, to: year.to, database: year.database, clock: year.reportClock, actor: .localOperator)
        guard case .object(let pairs) = report.json else { throw Unexpected.shape }
        self.year = JSONValue.object(pairs.filter { !leavingOut.contains($0.0) }).serialized()
        kpi = KPITable(try Compliance(database: year.database, clock: year.reportClock, actor: .localOperator).kpiCounts()).json.serialized()
        let s = try Evaluations(database: year.database, clock: year.reportClock, actor: .localOperator)
            .summary(EvaluationScope(.all, from: year.from, to: year.to))
        evaluation = [
            "attendees \(s.attendees)", "responses \(s.responses)", "response rate \(String(describing: s.responseRate))",
            "ratings \(s.ratings.sorted { $0.key < $1.key })", "outcomes \(s.outcomes.sorted { $0.key < $1.key })",
            "means \(EvaluationSummary.ratingKeys.map { String(describing: s.mean($0)) })",
            "confidence \(s.confidencePairs) \(s.confidenceRose) \(String(describing: s.confidenceGain))",
            "follow-ups \(s.followUps) \(s.applied.sorted { $0.key < $1.key }) \(s.followUpConfidence)",
        ].joined(separator: "\n")
        let invoice = ChargesInvoice(try Charges(database: year.database, clock: year.reportClock, actor: .localOperator)
            .chargeable(from: year.from, to: year.to), local: year.reportClock.local)
        charges = "\(invoice.totals) \(invoice.totalPence)"
    }

    /// The year's comments and action plans, as the evaluation lists them.
    static func words(_ year: ReportingYear) throws -> (comments: [String], actions: [String]) {
        let s = try Evaluations(database: year.database, clock: year.reportClock, actor: .localOperator)
            .summary(EvaluationScope(.all, from: year.from, to: year.to))
        return (s.allComments, s.actions.sorted())
    }

    enum Unexpected: Error { case shape }
}

extension ReportingYear {
    /// Charges for late cancellations and no-shows, so the invoice has figures to keep.
    func charging() throws {
        var policy = ChargingPolicy()
        policy.halfDayPence = 4_500
        policy.fullDayPence = 9_000
        try Charges(database: database, clock: reportClock, actor: .localOperator).setPolicy(policy)
    }

    func erase(_ learners: [String]) throws {
        for learner in learners {
            _ = try Erasure(database: database, clock: reportClock, actor: .localOperator).erase(learner)
        }
    }

    /// Learner ids an SQL query finds, in its order, each once.
    func learners(_ sql: String) throws -> [String] {
        var seen: Set<String> = []
        return try database.read { db in try String.fetchAll(db, sql: sql) }.filter { seen.insert($0).inserted }
    }

    /// What these learners wrote in feedback on the year's sessions.
    func words(of learners: [String]) throws -> (comments: [String], actions: [String]) {
        let local = reportClock.local
        return try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT b.learner_id, f.comment, f.action_plan FROM feedback f JOIN booking b ON b.id = f.booking_id
                JOIN session s ON s.id = b.session_id WHERE s.starts_at >= ? AND s.starts_at < ?
                """, arguments: [local.startOfDay(from), local.startOfDay(to.adding(days: 1))]).filter { learners.contains($0["learner_id"]) }
            return (rows.compactMap { $0["comment"] }, rows.compactMap { $0["action_plan"] })
        }
    }

    /// Identity a learner is known by: id, name and email.
    func identity(of learner: String) throws -> [String] {
        let row = try database.read { db in try Row.fetchOne(db, sql: "SELECT id, name, email FROM learner WHERE id = ?", arguments: [learner])! }
        return [row["id"], row["name"], row["email"]]
    }

    /// Every table and column, declared type regardless, whose text contains `term` in any case.
    func placesHolding(_ term: String) throws -> [String] {
        try database.read { db in
            var found: [String] = []
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                for column in try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map({ $0["name"] as String }) {
                    let hits = try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM "\(table)" WHERE instr(lower(CAST("\(column)" AS TEXT)), lower(?)) > 0
                        """, arguments: [term]) ?? 0
                    if hits > 0 { found.append("\(table).\(column)") }
                }
            }
            return found
        }
    }
}

/// Multiset difference: `a` without one copy of each of `b`.
func removing(_ b: [String], from a: [String]) -> [String] {
    var left = a
    for item in b { if let index = left.firstIndex(of: item) { left.remove(at: index) } }
    return left
}
