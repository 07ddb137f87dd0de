import Foundation
import GRDB

/// Who has done the training their role requires: one learner's standing, an agency's
/// grid, and the counts behind the partnership's KPI table. Only full attendance (or an
/// equivalent an admin recorded) completes a requirement; partial attendance earns CPD
/// hours, not compliance.
public struct Compliance: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Line: Sendable {
        public var requirement: Requirement
        public var standing: Standing
        /// The session or the equivalent's evidence that completed it.
        public var evidence: String?
        /// Sessions that would meet it, when it is not met: scheduled, bookable, with places.
        public var nextSessions: [SessionSummary]
    }

    public func learner(_ learnerID: String) throws -> (learner: LearnerSummary, lines: [Line]) {
        let now = clock.now, local = clock.local, today = local.date(of: now)
        return try database.read { db in
            let summary = try actor.learner(learnerID, in: db)
            let learner = summary.learner
            var done: [String: (at: Date, evidence: String)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.course_id, s.starts_at AS at, 'session ' || s.id AS evidence FROM booking b JOIN session s ON s.id = b.session_id
                WHERE b.learner_id = ? AND b.status = 'attended'
                UNION ALL
                SELECT course_id, completed_at, 'equivalent: ' || evidence FROM equivalent WHERE learner_id = ?
                """, arguments: [learner.id, learner.id]) {
                let course: String = row["course_id"], at: Date = row["at"]
                if done[course].map({ at > $0.at }) ?? true { done[course] = (at, row["evidence"]) }
            }
            var lines: [Line] = []
            for requirement in try applicable(to: learner, in: db) {
                let last = requirement.courseIDs.compactMap { done[$0] }.max { $0.at < $1.at }
                let standing = Standing(requirement, started: learner.started, completed: last.map { local.date(of: $0.at) },
                                        today: today)
                let next = standing.status == .met ? [] : try Self.sessions(meeting: requirement, in: db, now: now, local: local)
                lines.append(Line(requirement: requirement, standing: standing, evidence: last?.evidence, nextSessions: next))
            }
            return (summary, lines)
        }
    }

    public struct Grid: Sendable {
        public var agency: Agency
        public var requirements: [Requirement]
        /// One row per learner owing at least one requirement; nil where it does not apply.
        public var rows: [(learner: Learner, standings: [Standing?])]
    }

    public func agency(_ text: String) throws -> Grid {
        let local = clock.local, today = local.date(of: clock.now)
        return try database.read { db in
            let agency = try People.agency(text, in: db)
            var requirements: [Requirement] = []
            var columns: [[String: Standing]] = []
            for requirement in try Requirement.fetchAll(db) where requirement.agencyID == nil || requirement.agencyID == agency.id {
                var standings: [String: Standing] = [:]
                let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.agencyCompletions), arguments: [requirement.id, agency.id])
                while let row = try rows.next() {
                    standings[row.text(at: 0)] = Standing(requirement, started: try row.textIfPresent(at: 1).map(LocalDate.init(stored:)),
                                                          completed: row.instantIfPresent(at: 2).map(local.date(of:)), today: today)
                }
                if !standings.isEmpty { requirements.append(requirement); columns.append(standings) }
            }
            let learners = try Learner.fetchAll(db, sql: "SELECT * FROM learner WHERE agency_id = ? ORDER BY name, id", arguments: [agency.id])
            let rows = learners.compactMap { learner -> (Learner, [Standing?])? in
                let standings = columns.map { $0[learner.id] }
                return standings.contains { $0 != nil } ? (learner, standings) : nil
            }
            return Grid(agency: agency, requirements: requirements, rows: rows)
        }
    }

    /// Who a requirement applies to in an agency and when they last did it, as the compliance
    /// tally keeps them: read from `ComplianceTally.indexByAgency` alone.
    static let agencyCompletions = """
        SELECT learner_id, started, last_at FROM requirement_completion WHERE requirement_id = ? AND agency_id = ?
        """

    /// One agency's count for one KPI.
    public struct KPICount: Sendable, Equatable {
        public var agencyID: String
        public var agencyName: String
        public var requirement: Requirement
        public var relevant: Int
        public var met: Int
    }

    /// Every agency (or one) against every KPI, agencies with no relevant staff included.
    /// Summed from the stored tally (`ComplianceTally`), with the day boundaries `Standing` uses.
    public func kpiCounts(agency: String? = nil) throws -> [KPICount] {
        try kpiCounts(agency: agency, byMonth: false)
    }

    /// `byMonth`: whole years of completions summed month by month, for the tests.
    func kpiCounts(agency: String?, byMonth: Bool) throws -> [KPICount] {
        let local = clock.local, today = local.date(of: clock.now)
        return try database.read { db in
            let agencies = try agency.map { [try People.agency($0, in: db)] } ?? Agency.fetchAll(cached: db, sql: "SELECT * FROM agency ORDER BY name")
            var counts: [KPICount] = []
            for requirement in try Requirement.fetchAll(db) where requirement.kpi != nil && requirement.targetPercent != nil {
                let found = try Self.kpiCount(of: requirement, agencyID: agency == nil ? nil : agencies.first?.id,
                                              validSince: Standing.validSince(requirement, today: today).map(local.startOfDay),
                                              windowFrom: Standing.windowOpensFrom(requirement, today: today), byMonth: byMonth, in: db)
                for agency in agencies {
                    let (relevant, met) = found[agency.id] ?? (0, 0)
                    counts.append(KPICount(agencyID: agency.id, agencyName: agency.name, requirement: requirement,
                                           relevant: relevant, met: met))
                }
            }
            return counts
        }
    }

    /// Relevant staff and those meeting it, by agency: everyone it applies to, less new
    /// starters inside their window who have not done it; meeting it, everyone who has done
    /// it, or with renewals everyone whose last completion is on or after `validSince`
    /// (whole years from the yearly counts, the rest of the first year's whole months from
    /// the monthly counts, its first month row by row). `byMonth`: every whole month from the
    /// monthly counts, for the tests.
    static func kpiCount(of requirement: Requirement, agencyID: String?, validSince: Date?, windowFrom: LocalDate?,
                         byMonth: Bool = false, in db: Database) throws -> [String: (relevant: Int, met: Int)] {
        let only = agencyID == nil ? "" : " AND agency_id = :agency"
        var parts = ["""
            SELECT agency_id, learners AS relevant, \(validSince == nil ? "learners - never_done" : "0") AS met
            FROM requirement_tally WHERE requirement_id = :requirement\(only)
            """]
        if validSince != nil {
            parts.append(byMonth ? """
                SELECT agency_id, 0, learners FROM requirement_month
                WHERE requirement_id = :requirement AND month > substr(:validSince, 1, 7)\(only)
                """ : """
                SELECT agency_id, 0, learners FROM requirement_year
                WHERE requirement_id = :requirement AND year > substr(:validSince, 1, 4)\(only)
                UNION ALL
                SELECT agency_id, 0, learners FROM requirement_month
                WHERE requirement_id = :requirement AND month > substr(:validSince, 1, 7) AND month <= substr(:validSince, 1, 4) || '-12'\(only)
                """)
            parts.append("""
                SELECT agency_id, 0, 1 FROM requirement_completion WHERE requirement_id = :requirement
                  AND last_at >= :validSince AND last_at < date(substr(:validSince, 1, 7) || '-01', '+1 month')\(only)
                """)
        }
        if windowFrom != nil {
            let notDone = validSince == nil ? "last_at IS NULL" : "(last_at IS NULL OR last_at < :validSince)"
            parts.append("""
                SELECT agency_id, -1, 0 FROM requirement_completion
                WHERE requirement_id = :requirement AND started >= :windowFrom AND \(notDone)\(only)
                """)
        }
        let arguments: [String: (any DatabaseValueConvertible)?] = [
            "requirement": requirement.id, "agency": agencyID, "validSince": validSince, "windowFrom": windowFrom?.description,
        ]
        // Summed here as the rows come: SQLite's GROUP BY sorted each requirement's thousand
        // rows by agency first, about half the statement's time.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: parts.joined(separator: "\nUNION ALL\n")),
                                       arguments: StatementArguments(arguments))
        var counts: [String: (relevant: Int, met: Int)] = [:]
        // One lookup a row: the agency's entry is changed where it stands.
        func add(_ relevant: Int, _ met: Int, to sums: inout (relevant: Int, met: Int)) {
            sums.relevant += relevant; sums.met += met
        }
        while let row = try rows.next() {
            add(row[1], row[2], to: &counts[row[0] as String, default: (0, 0)])
        }
        return counts
    }

    // MARK: - Queries

    func applicable(to learner: Learner, in db: Database) throws -> [Requirement] {
        guard let role = learner.jobRole?.lowercased() else { return [] }
        let groups = try JobRoleGroups.names(in: db)
        return try Requirement.fetchAll(db).filter { requirement in
            (requirement.agencyID == nil || requirement.agencyID == learner.agencyID)
                && JobRoleGroups.expand(requirement.roles, groups: groups).contains(role)
        }
    }

    /// Sessions a learner could still book that would meet the requirement.
    static func sessions(meeting requirement: Requirement, in db: Database, now: Date, local: LocalTime, limit: Int = 3) throws -> [SessionSummary] {
        try Schedule.bookable(of: requirement.courseIDs, limit: limit, in: db, now: now, local: local, placesKept: true)
    }
}
