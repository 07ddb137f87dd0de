import Foundation
import GRDB

/// Learners and their agencies.
public struct People: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// Words match id, name, email or job role; a list stops at `limit` so a broad search stays quick.
    public func learners(matching text: String? = nil, agency: String? = nil, limit: Int = 500) throws -> [LearnerSummary] {
        try database.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            for word in (text ?? "").split(whereSeparator: \.isWhitespace) {
                let pattern = "%" + LikePattern.escape(String(word)) + "%"
                conditions.append("(l.id LIKE ? ESCAPE '\\' OR l.name LIKE ? ESCAPE '\\' OR l.email LIKE ? ESCAPE '\\' OR l.job_role LIKE ? ESCAPE '\\')")
                arguments += [pattern, pattern, pattern, pattern]
            }
            if let agency {
                conditions.append("l.agency_id = ?"); arguments += [try Self.agency(agency, in: db).id]
            }
            let sql = "SELECT l.*, a.name AS agency_name FROM learner l JOIN agency a ON a.id = l.agency_id"
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY l.name, l.id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                LearnerSummary(learner: try Learner(row: $0), agencyName: $0["agency_name"])
            }
        }
    }

    public func learner(_ id: String) throws -> LearnerSummary {
        try database.read { db in try Self.learner(id, in: db) }
    }

    static func learner(_ id: String, in db: Database) throws -> LearnerSummary {
        if let row = try Row.fetchOne(cached: db, sql: """
            SELECT l.*, a.name AS agency_name FROM learner l JOIN agency a ON a.id = l.agency_id WHERE l.id = ?
            """, arguments: [id]) {
            return LearnerSummary(learner: try Learner(row: row), agencyName: row["agency_name"])
        }
        let prefix = LikePattern.escape(String(id.prefix(3))) + "%"
        let near = try String.fetchAll(db, sql: """
            SELECT id FROM learner WHERE id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' LIMIT 500
            """, arguments: [prefix, prefix])
        throw PeopleError.unknownLearner(id, suggestions: NearMatch.suggestions(for: id, among: near))
    }

    /// Ids for Tab completion. A learner user is offered only their own: completing a prefix
    /// must not list, or confirm the existence of, anyone else.
    public func learnerIDs(startingWith prefix: String, limit: Int = 200) throws -> [String] {
        if actor.role == .learner {
            return [actor.learnerID].compactMap { $0 }.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }
        }
        return try database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM learner WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
                                arguments: [LikePattern.escape(prefix) + "%", limit])
        }
    }

    public struct Details: Sendable {
        public var name: String?
        public var email: String?
        public var agency: String?
        public var jobRole: String?
        public var started: LocalDate?
        /// `none` clears it.
        public var cpdProfile: String?
        public var revalidation: LocalDate?
        public init() {}
    }

    public func add(_ id: String, _ details: Details) throws -> LearnerSummary {
        try database.write(event("learner.add", id)) { db in
            if try Learner.exists(db, key: id) { throw PeopleError.duplicateLearner(id) }
            var missing: [String] = []
            if details.name == nil { missing.append("--name") }
            if details.email == nil { missing.append("--email") }
            if details.agency == nil { missing.append("--agency") }
            guard missing.isEmpty else {
                throw PeopleError.invalidLearner(id, problems: ["missing " + missing.joined(separator: ", ")])
            }
            let agency = try Self.agency(details.agency!, in: db)
            let learner = Learner(id: id, name: details.name!, email: details.email!, agencyID: agency.id,
                                  jobRole: details.jobRole, started: details.started,
                                  cpdProfile: try details.cpdProfile.flatMap { try CPDProfile.id($0, in: db) },
                                  revalidation: details.revalidation, createdAt: clock.now)
            let problems = learner.problems()
            guard problems.isEmpty else { throw PeopleError.invalidLearner(id, problems: problems) }
            try learner.insert(db)
            return LearnerSummary(learner: learner, agencyName: agency.name)
        }
    }

    public func edit(_ id: String, _ details: Details) throws -> LearnerSummary {
        try database.write(event("learner.edit", id)) { db in
            var summary = try Self.learner(id, in: db)
            _ = try summary.learner.refusingErased()
            if let name = details.name { summary.learner.name = name }
            if let email = details.email { summary.learner.email = email }
            if let jobRole = details.jobRole { summary.learner.jobRole = jobRole }
            if let started = details.started { summary.learner.started = started }
            if let profile = details.cpdProfile { summary.learner.cpdProfile = try CPDProfile.id(profile, in: db) }
            if let revalidation = details.revalidation { summary.learner.revalidation = revalidation }
            if let agencyText = details.agency {
                let agency = try Self.agency(agencyText, in: db)
                summary.learner.agencyID = agency.id
                summary.agencyName = agency.name
            }
            let problems = summary.learner.problems()
            guard problems.isEmpty else { throw PeopleError.invalidLearner(id, problems: problems) }
            try summary.learner.update(db)
            return summary
        }
    }

    public func agencies() throws -> [AgencySummary] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.name, (SELECT COUNT(*) FROM learner l WHERE l.agency_id = a.id) AS learners
                FROM agency a ORDER BY a.name
                """).map { AgencySummary(agency: Agency(id: $0["id"], name: $0["name"]), learners: $0["learners"]) }
        }
    }

    public func agencyNames() throws -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT id FROM agency ORDER BY id") }
    }

    public func addAgency(id: String?, name: String) throws -> Agency {
        let agency = Agency(id: id ?? Agency.slug(name), name: name.trimmingCharacters(in: .whitespaces))
        guard Course.isValidID(agency.id), !agency.name.isEmpty else { throw PeopleError.invalidAgency(id ?? name) }
        return try database.write(event("agency.add", agency.id, agency.name, type: "agency")) { db in
            if try Agency.exists(db, key: agency.id) ||
                Agency.filter(sql: "name = ? COLLATE NOCASE", arguments: [agency.name]).fetchCount(db) > 0 {
                throw PeopleError.duplicateAgency(agency.name)
            }
            try agency.insert(db)
            return agency
        }
    }

    /// An agency named by id or by name, in any case.
    static func agency(_ text: String, in db: Database) throws -> Agency {
        if let agency = try Agency.fetchOne(db, sql: "SELECT * FROM agency WHERE id = ? OR name = ? COLLATE NOCASE",
                                            arguments: [text.lowercased(), text]) {
            return agency
        }
        let all = try Agency.fetchAll(db)
        let suggestions = NearMatch.suggestions(for: text, among: all.map(\.id) + all.map(\.name))
        throw PeopleError.unknownAgency(text, suggestions: Array(Set(suggestions.map { s in all.first { $0.name == s }?.id ?? s })).sorted())
    }

    func event(_ action: String, _ id: String?, _ detail: String? = nil, type: String = "learner") -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: type, recordID: id, detail: detail)
    }
}
