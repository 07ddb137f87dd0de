import Foundation

/// A new database starts with the partnership's catalogue, requirements and schedule, so the first
/// `swift run muster` shows a working system.
public enum Seed {
    public static func importDefaults(into database: AppDatabase, clock: MusterClock,
                                      from root: URL) throws -> [ImportSummary] {
        var summaries: [ImportSummary] = []
        let courses = root.appendingPathComponent("Courses"), sessions = root.appendingPathComponent("Sessions")
        if FileManager.default.fileExists(atPath: courses.path) {
            summaries.append(try Catalogue(database: database, clock: clock, actor: .importer).importCourses(from: courses))
        }
        let requirements = courses.appendingPathComponent(RequirementFile.names[0])
        if FileManager.default.fileExists(atPath: requirements.path) {
            summaries.append(try Requirements(database: database, clock: clock, actor: .importer).importFile(requirements))
        }
        if FileManager.default.fileExists(atPath: sessions.path) {
            summaries.append(try Schedule(database: database, clock: clock, actor: .importer).importSessions(from: sessions))
        }
        return summaries
    }
}
