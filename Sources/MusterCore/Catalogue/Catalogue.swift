import Foundation
import GRDB

/// The course catalogue: searching it, keeping it, and importing it from `Courses/`.
public struct Catalogue: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Query: Sendable {
        public var text: String?
        public var area: CourseArea?
        public var level: Int?
        public var format: DeliveryFormat?
        public var includeRetired = false
        public init() {}
    }

    /// Every word typed must appear in the title or the description.
    public func courses(matching query: Query = Query()) throws -> [Course] {
        try database.read { db in
            var conditions: [String] = [], arguments = StatementArguments()
            let words = (query.text ?? "").split(whereSeparator: \.isWhitespace)
            // Each word anywhere in the title or description, ASCII letters in either case, as
            // LIKE '%word%' matched. Not LIKE itself: SQLite prepares a statement again every time
            // a LIKE pattern is bound, and preparing was two fifths of the whole search.
            for word in words {
                conditions.append("(instr(lower(title), lower(?)) > 0 OR instr(lower(description), lower(?)) > 0)")
                arguments += [String(word), String(word)]
            }
            if let area = query.area { conditions.append("area = ?"); arguments += [area.rawValue] }
            if let level = query.level { conditions.append("level = ?"); arguments += [level] }
            if let format = query.format { conditions.append("format = ?"); arguments += [format.rawValue] }
            if !query.includeRetired { conditions.append("retired = 0") }
            let sql = "SELECT * FROM course" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY title COLLATE NOCASE"
            // A statement is kept for each shape up to four words, as people search; a longer
            // search is prepared afresh, so no one's typing fills the connection's cache.
            return try Course.fetchAll(words.count <= 4 ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql), arguments: arguments)
        }
    }

    public func course(_ id: String) throws -> Course {
        try database.read { db in try Self.course(id, in: db) }
    }

    static func course(_ id: String, in db: Database) throws -> Course {
        if let course = try Course.fetchOne(db, key: id) { return course }
        let rows = try Row.fetchAll(db, sql: "SELECT id, title FROM course")
        let ids: [String] = rows.map { $0["id"] }
        // Someone may type a title where an id belongs; two courses may share a title.
        let titles = [String: String](rows.map { ($0["title"], $0["id"]) }, uniquingKeysWith: { first, _ in first })
        var suggestions = NearMatch.suggestions(for: id, among: ids)
        if suggestions.isEmpty {
            suggestions = NearMatch.suggestions(for: id, among: titles.keys).compactMap { titles[$0] }
        }
        throw CatalogueError.unknownCourse(id, suggestions: suggestions)
    }

    public func courseIDs() throws -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "SELECT id FROM course WHERE retired = 0 ORDER BY id") }
    }

    public func add(_ course: Course) throws {
        let problems = course.problems()
        guard problems.isEmpty else { throw CatalogueError.invalid(courseID: course.id, problems: problems) }
        try database.write(event("course.add", course.id, course.title)) { db in
            if try Course.exists(db, key: course.id) { throw CatalogueError.duplicateCourse(course.id) }
            try course.insert(db)
        }
    }

    /// Changes only what is given; the result must still keep every course rule.
    /// A change that throws rolls the whole edit back.
    public func edit(_ id: String, _ change: (inout Course) throws -> Void) throws -> Course {
        try database.write(event("course.edit", id)) { db in
            var course = try Self.course(id, in: db)
            try change(&course)
            course.id = id
            let problems = course.problems()
            guard problems.isEmpty else { throw CatalogueError.invalid(courseID: id, problems: problems) }
            try course.update(db)
            return course
        }
    }

    /// A retired course keeps its sessions and history but takes no new sessions.
    public func retire(_ id: String) throws {
        try database.write(event("course.retire", id)) { db in
            var course = try Self.course(id, in: db)
            if course.retired { throw CatalogueError.alreadyRetired(id) }
            course.retired = true
            try course.update(db)
        }
    }

    /// Reads every `*.yaml` in the directory, and writes nothing unless all of them are sound.
    public func importCourses(from directory: URL) throws -> ImportSummary {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { ["yaml", "yml"].contains($0.pathExtension) && !Requirements.isRequirementsFile($0) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw CatalogueError.badImport(directory: directory.path, problems: ["the folder cannot be read"])
        }
        var problems: [String] = []
        if files.isEmpty { problems.append("no course files (*.yaml) found") }
        let defaultMinimum = try database.read { db in try SchedulingPolicy.load(db) }.minAttendees
        let courses = files.compactMap { CourseFile.read($0, defaultMinimum: defaultMinimum, problems: &problems) }
        var seen: [String: String] = [:]
        for (file, id) in zip(files, files.map { $0.deletingPathExtension().lastPathComponent }) {
            if let other = seen[id] { problems.append("\(file.lastPathComponent): course \(id) is also \(other)") }
            seen[id] = file.lastPathComponent
        }
        guard problems.isEmpty else { throw CatalogueError.badImport(directory: directory.path, problems: problems) }

        var summary = ImportSummary(kind: "courses", source: directory.path)
        return try database.write(event("course.import", nil, directory.path)) { db in
            for (read, setsRetired, questions) in courses {
                var course = read
                if let existing = try Course.fetchOne(db, key: course.id) {
                    // `course retire` at the prompt outlives a file that does not mention it.
                    if !setsRetired { course.retired = existing.retired }
                    let formBefore = try FeedbackForms.current(for: course.id, in: db)?.id
                    try FeedbackForms.record(questions, for: course.id, in: db, now: clock.now)
                    let formChanged = try FeedbackForms.current(for: course.id, in: db)?.id != formBefore
                    if existing == course && !formChanged { summary.unchanged += 1; continue }
                    if existing != course { try course.update(db) }
                    summary.updated.append(course.id)
                } else {
                    try course.insert(db)
                    try FeedbackForms.record(questions, for: course.id, in: db, now: clock.now)
                    summary.added.append(course.id)
                }
            }
            return summary
        }
    }

    private func event(_ action: String, _ id: String?, _ detail: String? = nil) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "course", recordID: id, detail: detail)
    }

    public static func area(_ text: String) throws -> CourseArea {
        guard let area = CourseArea(rawValue: text.lowercased()) else { throw CatalogueError.unknownArea(text) }
        return area
    }

    public static func format(_ text: String) throws -> DeliveryFormat {
        guard let format = DeliveryFormat(rawValue: text.lowercased()) else { throw CatalogueError.unknownFormat(text) }
        return format
    }
}
