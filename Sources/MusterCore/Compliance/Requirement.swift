import Foundation
import GRDB

/// Training that given job roles (and optionally one agency) must complete: any one of its
/// courses, perhaps within months of starting in post, perhaps renewed. With a KPI code and
/// a target it is also a line of the partnership's KPI table.
public struct Requirement: Sendable, Equatable {
    public var id: Int64?
    public var kpi: String?
    public var title: String
    public var courseIDs: [String]
    /// Job roles and role groups as written, lowercased.
    public var roles: [String]
    public var agencyID: String?
    public var withinMonths: Int?
    public var renewMonths: Int?
    public var targetPercent: Int?
    public var retired = false

    public init(kpi: String? = nil, title: String, courseIDs: [String], roles: [String], agencyID: String? = nil,
                withinMonths: Int? = nil, renewMonths: Int? = nil, targetPercent: Int? = nil) {
        self.kpi = kpi; self.title = title; self.courseIDs = courseIDs; self.roles = roles.map { $0.lowercased() }
        self.agencyID = agencyID; self.withinMonths = withinMonths; self.renewMonths = renewMonths
        self.targetPercent = targetPercent
    }

    /// How it is named in lists and errors: its KPI code when it has one.
    public var label: String { kpi.map { "KPI \($0)" } ?? "requirement \(id ?? 0)" }

    func problems() -> [String] {
        var problems: [String] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("a title is required") }
        if courseIDs.isEmpty { problems.append("name at least one course") }
        if roles.isEmpty || roles.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            problems.append("name the job roles or role groups it applies to")
        }
        if let within = withinMonths, !(1...120).contains(within) { problems.append("within months must be 1 to 120") }
        if let renew = renewMonths, !(1...120).contains(renew) { problems.append("renewal months must be 1 to 120") }
        if let target = targetPercent, !(0...100).contains(target) { problems.append("the target must be a percentage from 0 to 100") }
        if let kpi, kpi.isEmpty || kpi.contains(where: \.isWhitespace) { problems.append("'\(kpi)' is not a KPI code: e.g. 1.4") }
        return problems
    }

    /// KPI codes in the order people read them: 1.9 before 1.10.
    public static func kpiOrder(_ a: String?, _ b: String?) -> Bool {
        let x = (a ?? "").split(separator: ".").map { Int($0) ?? Int.max }, y = (b ?? "").split(separator: ".").map { Int($0) ?? Int.max }
        return x.lexicographicallyPrecedes(y)
    }

    // MARK: - Storage

    static func fetchAll(_ db: Database, includingRetired: Bool = false) throws -> [Requirement] {
        let courses = Dictionary(grouping: try Row.fetchAll(cached: db, sql: "SELECT requirement_id, course_id FROM requirement_course ORDER BY rowid"),
                                 by: { $0["requirement_id"] as Int64 })
        let roles = Dictionary(grouping: try Row.fetchAll(cached: db, sql: "SELECT requirement_id, role FROM requirement_role ORDER BY rowid"),
                               by: { $0["requirement_id"] as Int64 })
        return try Row.fetchAll(cached: db, sql: "SELECT * FROM requirement" + (includingRetired ? "" : " WHERE NOT retired"), as: { row in
            let id: Int64 = row["id"]
            var requirement = Requirement(kpi: row["kpi"], title: row["title"],
                                          courseIDs: (courses[id] ?? []).map { $0["course_id"] },
                                          roles: (roles[id] ?? []).map { $0["role"] }, agencyID: row["agency_id"],
                                          withinMonths: row["within_months"], renewMonths: row["renew_months"],
                                          targetPercent: row["target_percent"])
            requirement.id = id
            requirement.retired = row["retired"]
            return requirement
        }).sorted { a, b in
            switch (a.kpi, b.kpi) {
            case (nil, nil): (a.id ?? 0) < (b.id ?? 0)
            case (nil, _): false
            case (_, nil): true
            default: kpiOrder(a.kpi, b.kpi)
            }
        }
    }

    /// Writes the requirement and its courses and roles, replacing what was there, and works
    /// out afresh who it applies to and who has done it.
    mutating func save(_ db: Database, now: Date) throws {
        if let id {
            try db.execute(sql: """
                UPDATE requirement SET kpi = ?, title = ?, agency_id = ?, within_months = ?, renew_months = ?,
                  target_percent = ?, retired = ? WHERE id = ?
                """, arguments: [kpi, title, agencyID, withinMonths, renewMonths, targetPercent, retired, id])
            try db.execute(sql: "DELETE FROM requirement_course WHERE requirement_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM requirement_role WHERE requirement_id = ?", arguments: [id])
        } else {
            try db.execute(sql: """
                INSERT INTO requirement (kpi, title, agency_id, within_months, renew_months, target_percent, retired, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [kpi, title, agencyID, withinMonths, renewMonths, targetPercent, retired, now])
            id = db.lastInsertedRowID
        }
        for course in courseIDs {
            try db.execute(sql: "INSERT OR IGNORE INTO requirement_course (requirement_id, course_id) VALUES (?, ?)", arguments: [id, course])
        }
        for role in roles {
            try db.execute(sql: "INSERT OR IGNORE INTO requirement_role (requirement_id, role) VALUES (?, ?)", arguments: [id, role])
        }
        try ComplianceTally.recount(self, in: db)
    }
}

/// Who a requirement applies to: its roles with each group's members put in its place.
enum JobRoleGroups {
    /// The roles a requirement names, each group replaced by its members, from the groups
    /// read once (`names(in:)`): a learner's compliance asks this of every requirement, and a
    /// query per role named was most of its statements.
    static func expand(_ roles: [String], groups: [String: [String]]) -> [String] {
        Array(Set(roles.flatMap { groups[$0] ?? [$0] })).sorted()
    }

    static func names(in db: Database) throws -> [String: [String]] {
        Dictionary(grouping: try Row.fetchAll(db, sql: "SELECT name, role FROM job_role_group ORDER BY name, role"),
                   by: { $0["name"] as String }).mapValues { $0.map { $0["role"] as String } }
    }
}
