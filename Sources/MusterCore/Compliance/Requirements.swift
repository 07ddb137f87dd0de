import Foundation
import GRDB

/// The partnership's training requirements: added at the prompt or imported from
/// `Courses/requirements.yaml`, and the equivalents an admin accepts in place of a course.
public struct Requirements: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public static func isRequirementsFile(_ url: URL) -> Bool {
        RequirementFile.names.contains(url.lastPathComponent.lowercased())
    }

    public func all() throws -> [Requirement] {
        try database.read { db in try Requirement.fetchAll(db) }
    }

    public func roleGroups() throws -> [String: [String]] {
        try database.read { db in try JobRoleGroups.names(in: db) }
    }

    public func add(_ draft: Requirement) throws -> Requirement {
        try database.write(event("requirement.add", draft.kpi, draft.title)) { db in
            var requirement = try Self.checked(draft, in: db)
            if let kpi = requirement.kpi,
               try Row.fetchOne(db, sql: "SELECT 1 FROM requirement WHERE kpi = ?", arguments: [kpi]) != nil {
                throw ComplianceError.duplicateKPI(kpi)
            }
            try requirement.save(db, now: clock.now)
            return requirement
        } identifying: { $0.id.map(String.init) }
    }

    /// Retired requirements stop counting; their history stays.
    public func retire(_ text: String) throws -> Requirement {
        try database.write(event("requirement.retire", text)) { db in
            var requirement = try Self.requirement(text, in: db)
            requirement.retired = true
            try requirement.save(db, now: clock.now)
            return requirement
        }
    }

    /// Reads the whole file before writing anything; requirements are matched by KPI code.
    public func importFile(_ url: URL) throws -> ImportSummary {
        var problems: [String] = []
        let file = RequirementFile.read(url, problems: &problems)
        guard let file, problems.isEmpty else { throw ComplianceError.badImport(file: url.path, problems: problems) }
        var summary = ImportSummary(kind: "requirements", source: url.path)
        return try database.write(event("requirement.import", nil, url.path)) { db in
            let groupsBefore = try JobRoleGroups.names(in: db)
            try db.execute(sql: "DELETE FROM job_role_group")
            // In a fixed order, so the same file writes the same rows (and the same audit event).
            for (name, members) in file.groups.sorted(by: { $0.key < $1.key }) {
                for member in Set(members).sorted() {
                    try db.execute(sql: "INSERT INTO job_role_group (name, role) VALUES (?, ?)", arguments: [name, member])
                }
            }
            let existing = try Requirement.fetchAll(db, includingRetired: true)
            var saved: Set<Int64> = []
            for (place, read) in file.requirements {
                var requirement: Requirement
                do { requirement = try Self.checked(read, in: db) } catch {
                    problems.append("\(place): \(error)")
                    continue
                }
                if let old = existing.first(where: { $0.kpi == requirement.kpi }) {
                    requirement.id = old.id
                    requirement.retired = old.retired
                    if old == requirement { summary.unchanged += 1; continue }
                    summary.updated.append(requirement.kpi!)
                } else {
                    summary.added.append(requirement.kpi!)
                }
                try requirement.save(db, now: clock.now)
                saved.insert(requirement.id!)
            }
            // A group's new members owe (or no longer owe) what its requirements ask.
            let groupsAfter = try JobRoleGroups.names(in: db)
            let changedGroups = Set(groupsBefore.keys).union(groupsAfter.keys).filter { groupsBefore[$0] != groupsAfter[$0] }
            for requirement in existing where !saved.contains(requirement.id!) && !changedGroups.isDisjoint(with: requirement.roles) {
                try ComplianceTally.recount(requirement, in: db)
            }
            guard problems.isEmpty else { throw ComplianceError.badImport(file: url.path, problems: problems) }
            summary.notes.append("\(file.groups.count) job-role groups")
            return summary
        }
    }

    /// Training done elsewhere that counts as the course: the agency's own e-learning, a
    /// previous employer's certificate. The evidence says what was seen.
    public func recordEquivalent(learner learnerID: String, course courseID: String, on date: LocalDate, evidence: String) throws {
        let local = clock.local
        guard !evidence.trimmingCharacters(in: .whitespaces).isEmpty else { throw ComplianceError.evidenceRequired }
        if date > local.date(of: clock.now) { throw ComplianceError.futureCompletion(date) }
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "requirement.equivalent", recordType: "learner",
                                            recordID: learnerID, detail: "\(courseID) \(date): \(evidence)")) { db in
            let learner = try People.learner(learnerID, in: db).learner
            let course = try Catalogue.course(courseID, in: db)
            try db.execute(sql: """
                INSERT INTO equivalent (learner_id, course_id, completed_at, evidence, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [learner.id, course.id, local.startOfDay(date), evidence, actor.id, clock.now])
        }
    }

    static func checked(_ draft: Requirement, in db: Database) throws -> Requirement {
        var requirement = draft
        var problems = draft.problems()
        for (index, course) in draft.courseIDs.enumerated() {
            do { requirement.courseIDs[index] = try Catalogue.course(course, in: db).id } catch { problems.append("\(error)") }
        }
        if let agency = draft.agencyID {
            do { requirement.agencyID = try People.agency(agency, in: db).id } catch { problems.append("\(error)") }
        }
        guard problems.isEmpty else { throw ComplianceError.invalid(draft.kpi ?? draft.title, problems: problems) }
        return requirement
    }

    /// A requirement by KPI code or number.
    static func requirement(_ text: String, in db: Database) throws -> Requirement {
        let all = try Requirement.fetchAll(db, includingRetired: true)
        if let found = all.first(where: { $0.kpi == text }) ?? all.first(where: { $0.id.map(String.init) == text }) {
            return found
        }
        throw ComplianceError.unknownRequirement(text, known: all.compactMap(\.kpi))
    }

    func event(_ action: String, _ id: String?, _ detail: String? = nil) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "requirement", recordID: id, detail: detail)
    }
}

public enum ComplianceError: Error, Equatable, CustomStringConvertible, MusterError {
    case invalid(String, problems: [String])
    case duplicateKPI(String)
    case unknownRequirement(String, known: [String])
    case badImport(file: String, problems: [String])
    case evidenceRequired
    case futureCompletion(LocalDate)
    case needsLearnerOrAgency

    public var description: String {
        switch self {
        case .invalid(let name, let problems):
            "requirement \(name): " + problems.joined(separator: "; ")
        case .duplicateKPI(let kpi):
            "KPI \(kpi) already has a requirement; retire it first (requirement retire \(kpi))"
        case .unknownRequirement(let text, let known):
            "no requirement '\(text)'" + (known.isEmpty ? "" : "; KPI codes: " + known.joined(separator: ", "))
        case .badImport(let file, let problems):
            "nothing imported from \(file):\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case .evidenceRequired:
            "say what evidence was seen (--evidence \"certificate from …\")"
        case .futureCompletion(let date):
            "\(date) is in the future: record training once it is done"
        case .needsLearnerOrAgency:
            "name a learner, or an agency with --agency"
        }
    }
}
