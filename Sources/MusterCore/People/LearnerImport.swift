import CSV
import Foundation
import GRDB

/// Reads an HR extract of learners. Columns are found by their header names, in any order
/// and common spellings; every bad row is reported with its line, and one bad row means
/// nothing is imported, so a half-loaded partnership never happens.
struct LearnerImport {
    struct Row { var line: Int; var learner: Learner; var agencyName: String }

    var rows: [Row] = []
    /// The optional columns the file has: a column it lacks leaves that field as it was.
    var columns: Set<String> = []
    var ignored: [String] = []

    /// Header spellings seen in HR systems, reduced to letters and digits.
    static let headers: [String: [String]] = [
        "id": ["id", "learnerid", "staffnumber", "staffno", "employeeid", "employeenumber", "payrollnumber"],
        "name": ["name", "fullname", "learner", "learnername"],
        "email": ["email", "emailaddress", "workemail"],
        "agency": ["agency", "organisation", "organization", "employer", "partneragency"],
        "job_role": ["jobrole", "role", "jobtitle", "position"],
        "started": ["started", "startdate", "startedinpost", "dateinpost", "startdateinpost"],
        "cpd_profile": ["cpdprofile", "regulator", "professionalbody", "registrationbody"],
        "revalidation": ["revalidation", "revalidationdate", "renewaldate", "registrationrenewal"],
    ]

    static func key(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }

    static func read(_ url: URL, now: Date, problems: inout [String]) -> LearnerImport {
        var result = LearnerImport()
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problems.append("the file cannot be read")
            return result
        }
        guard let text = TextFile.decode(data) else {
            problems.append("the file is not text (it holds NUL bytes, as a spreadsheet's own format does): save it as CSV")
            return result
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            problems.append("line 1: no header row (\(error))")
            return result
        }
        let header = reader.headerRow ?? []
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let key = Self.key(name)
            if let column = headers.first(where: { $0.value.contains(key) })?.key, index[column] == nil {
                index[column] = position
            } else if !key.isEmpty {
                result.ignored.append(name)
            }
        }
        result.columns = Set(index.keys)
        let missing = ["name", "email", "agency"].filter { index[$0] == nil }
        if !missing.isEmpty {
            problems.append("line 1: missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (found: \(header.joined(separator: ", ")))")
            return result
        }
        let local = LocalTime(zone: .gmt)
        var seen: [String: Int] = [:]
        // Lines as a text editor counts them: a quoted field may hold line breaks.
        var nextLine = 2 + header.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        while let fields = reader.next() {
            let line = nextLine
            nextLine += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count }
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
            var revalidation: LocalDate?
            if let text = field("revalidation") {
                do { revalidation = try local.parseDate(text) } catch { reasons.append("revalidation: \(error)") }
            }
            let learner = Learner(id: id, name: field("name") ?? "", email: email, agencyID: "",
                                  jobRole: field("job_role"), started: started, cpdProfile: field("cpd_profile"),
                                  revalidation: revalidation, createdAt: now)
            reasons += learner.problems()
            let agencyName = field("agency") ?? ""
            if agencyName.isEmpty { reasons.append("an agency is required") }
            if let first = seen[id.lowercased()] {
                reasons.append("id \(id) is also on line \(first)")
            } else if !id.isEmpty {
                seen[id.lowercased()] = line
            }
            if reasons.isEmpty {
                result.rows.append(Row(line: line, learner: learner, agencyName: agencyName))
            } else {
                problems.append("line \(line): " + reasons.joined(separator: "; "))
            }
        }
        if let error = reader.error { problems.append("line \(nextLine): the file is not readable CSV (\(error))") }
        return result
    }

    /// Each agency the file names, as an existing agency or a new one, checked before any write.
    func agencies(in db: Database, problems: inout [String]) throws -> (all: [String: Agency], new: [Agency]) {
        var all: [String: Agency] = [:], new: [Agency] = []
        for row in rows {
            let key = row.agencyName.lowercased()
            if all[key] != nil { continue }
            if let found = try Agency.fetchOne(db, sql: "SELECT * FROM agency WHERE id = ? OR name = ? COLLATE NOCASE",
                                               arguments: [key, row.agencyName]) {
                all[key] = found
                continue
            }
            let agency = Agency(id: Agency.slug(row.agencyName), name: row.agencyName)
            if agency.id.isEmpty {
                problems.append("line \(row.line): agency '\(row.agencyName)' needs letters or digits in its name")
            } else if let holder = try Agency.fetchOne(db, key: agency.id) ?? new.first(where: { $0.id == agency.id }) {
                problems.append("line \(row.line): agency '\(row.agencyName)' would take the id '\(agency.id)' of '\(holder.name)'; use that name")
            } else {
                all[key] = agency
                new.append(agency)
            }
        }
        return (all, new)
    }
}

extension People {
    /// Adds new learners and updates known ones from a CSV file; agencies it names are added.
    /// `progress` hears how many of the file's learners have been written, of how many.
    public func importLearners(from url: URL, progress: (Int, Int) -> Void = { _, _ in }) throws -> ImportSummary {
        var problems: [String] = []
        let file = LearnerImport.read(url, now: clock.now, problems: &problems)
        guard problems.isEmpty else { throw PeopleError.badImport(file: url.path, problems: problems) }
        guard !file.rows.isEmpty else { throw PeopleError.badImport(file: url.path, problems: ["no learners in the file"]) }
        return try database.write(event("learner.import", nil, url.path)) { db in
            let (agencies, newAgencies) = try file.agencies(in: db, problems: &problems)
            guard problems.isEmpty else { throw PeopleError.badImport(file: url.path, problems: problems) }
            for agency in newAgencies { try agency.insert(db) }
            var summary = ImportSummary(kind: "learners", source: url.path)
            for (index, row) in file.rows.enumerated() {
                progress(index + 1, file.rows.count)
                var learner = row.learner
                learner.agencyID = agencies[row.agencyName.lowercased()]!.id
                do {
                    learner.cpdProfile = try learner.cpdProfile.flatMap { try CPDProfile.id($0, in: db) }
                } catch {
                    problems.append("line \(row.line): \(error)")
                    continue
                }
                if let existing = try Learner.fetchOne(db, key: learner.id) {
                    learner.id = existing.id
                    learner.createdAt = existing.createdAt
                    if !file.columns.contains("job_role") { learner.jobRole = existing.jobRole }
                    if !file.columns.contains("started") { learner.started = existing.started }
                    if !file.columns.contains("cpd_profile") { learner.cpdProfile = existing.cpdProfile }
                    if !file.columns.contains("revalidation") { learner.revalidation = existing.revalidation }
                    if existing == learner { summary.unchanged += 1; continue }
                    try learner.update(db)
                    summary.updated.append(learner.id)
                } else {
                    try learner.insert(db)
                    summary.added.append(learner.id)
                }
            }
            guard problems.isEmpty else { throw PeopleError.badImport(file: url.path, problems: problems) }
            if !newAgencies.isEmpty { summary.notes.append("new agencies: " + newAgencies.map(\.name).joined(separator: ", ")) }
            if !file.ignored.isEmpty { summary.notes.append("ignored columns: " + file.ignored.joined(separator: ", ")) }
            return summary
        }
    }
}
