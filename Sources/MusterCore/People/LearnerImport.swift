import CSV
import Foundation
import GRDB

/// Reads an HR extract of learners. Columns are found by their header names, in any order
/// and common spellings; every bad row is reported with its line, and one bad row means
/// nothing is imported, so a half-loaded partnership never happens.
struct LearnerImport {
    struct Row { var line: Int; var learner: Learner; var agencyName: String }

    /// Header spellings seen in HR systems, reduced to letters and digits.
    static let columns: [String: [String]] = [
        "id": ["id", "learnerid", "staffnumber", "staffno", "employeeid", "employeenumber", "payrollnumber"],
        "name": ["name", "fullname", "learner", "learnername"],
        "email": ["email", "emailaddress", "workemail"],
        "agency": ["agency", "organisation", "organization", "employer", "partneragency"],
        "job_role": ["jobrole", "role", "jobtitle", "position"],
        "started": ["started", "startdate", "startedinpost", "dateinpost", "startdateinpost"],
    ]

    static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }

    static func read(_ url: URL, now: Date, problems: inout [String]) -> (rows: [Row], ignored: [String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problems.append("the file cannot be read")
            return ([], [])
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: TextFile.decode(data), hasHeaderRow: true, trimFields: true)
        } catch {
            problems.append("line 1: no header row (\(error))")
            return ([], [])
        }
        let header = reader.headerRow ?? []
        var index: [String: Int] = [:], ignored: [String] = []
        for (position, name) in header.enumerated() {
            let key = Self.key(name)
            if let column = columns.first(where: { $0.value.contains(key) })?.key, index[column] == nil {
                index[column] = position
            } else if !key.isEmpty {
                ignored.append(name)
            }
        }
        let missing = ["name", "email", "agency"].filter { index[$0] == nil }
        if !missing.isEmpty {
            problems.append("line 1: missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (found: \(header.joined(separator: ", ")))")
            return ([], ignored)
        }
        let local = LocalTime(zone: .gmt)
        var rows: [Row] = [], seen: [String: Int] = [:]
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy(\.isEmpty) { continue }
            func field(_ column: String) -> String? {
                guard let position = index[column], position < fields.count else { return nil }
                let value = fields[position]
                return value.isEmpty ? nil : value
            }
            var reasons: [String] = []
            if fields.count != header.count { reasons.append("expected \(header.count) fields, found \(fields.count)") }
            let email = field("email") ?? ""
            let id = field("id") ?? email
            var started: LocalDate?
            if let text = field("started") {
                do { started = try local.parseDate(text) } catch { reasons.append("started: \(error)") }
            }
            let learner = Learner(id: id, name: field("name") ?? "", email: email, agencyID: "",
                                  jobRole: field("job_role"), started: started, createdAt: now)
            reasons += learner.problems()
            let agencyName = field("agency") ?? ""
            if agencyName.isEmpty { reasons.append("an agency is required") }
            if let first = seen[id.lowercased()] {
                reasons.append("id \(id) is also on line \(first)")
            } else if !id.isEmpty {
                seen[id.lowercased()] = line
            }
            if reasons.isEmpty {
                rows.append(Row(line: line, learner: learner, agencyName: agencyName))
            } else {
                problems.append("line \(line): " + reasons.joined(separator: "; "))
            }
        }
        if let error = reader.error { problems.append("line \(line + 1): the file is not readable text (\(error))") }
        return (rows, ignored)
    }
}

extension People {
    /// Adds new learners and updates known ones from a CSV file; agencies it names are added.
    public func importLearners(from url: URL) throws -> ImportSummary {
        var problems: [String] = []
        let (rows, ignored) = LearnerImport.read(url, now: clock.now, problems: &problems)
        guard problems.isEmpty else { throw PeopleError.badImport(file: url.path, problems: problems) }
        guard !rows.isEmpty else { throw PeopleError.badImport(file: url.path, problems: ["no learners in the file"]) }
        return try database.write(event("learner.import", nil, url.path)) { db in
            var summary = ImportSummary(kind: "learners", source: url.path)
            var agencies: [String: Agency] = [:], newAgencies: [String] = []
            for row in rows {
                var learner = row.learner
                let key = row.agencyName.lowercased()
                if agencies[key] == nil {
                    if let found = try? Self.agency(row.agencyName, in: db) {
                        agencies[key] = found
                    } else {
                        let agency = Agency(id: Agency.slug(row.agencyName), name: row.agencyName)
                        guard !agency.id.isEmpty, try !Agency.exists(db, key: agency.id) else {
                            throw PeopleError.badImport(file: url.path, problems: ["line \(row.line): agency '\(row.agencyName)' clashes with an existing agency id"])
                        }
                        try agency.insert(db)
                        agencies[key] = agency
                        newAgencies.append(agency.name)
                    }
                }
                learner.agencyID = agencies[key]!.id
                if var existing = try Learner.fetchOne(db, key: learner.id) {
                    learner.createdAt = existing.createdAt
                    learner.id = existing.id
                    if existing == learner { summary.unchanged += 1; continue }
                    existing = learner
                    try existing.update(db)
                    summary.updated.append(learner.id)
                } else {
                    try learner.insert(db)
                    summary.added.append(learner.id)
                }
            }
            if !newAgencies.isEmpty { summary.notes.append("new agencies: " + newAgencies.joined(separator: ", ")) }
            if !ignored.isEmpty { summary.notes.append("ignored columns: " + ignored.joined(separator: ", ")) }
            return summary
        }
    }
}
