import Foundation

/// A temporary working folder laid out like the repository, with a tiny catalogue and
/// term: a new database started there seeds itself from them. Removed when dropped.
final class ScratchPartnership {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-scratch-\(UUID().uuidString)")
        try write("Courses/hate-crime.yaml", """
            title: Hate Crime
            area: community
            level: 2
            format: face-to-face
            duration: 3h
            cpd_hours: 3
            description: Recognising and reporting hate crime.
            """)
        try write("Courses/domestic-abuse.yaml", """
            title: Domestic Abuse
            area: all-age
            level: 2
            format: virtual
            duration: 3h
            cpd_hours: 3
            description: Understanding coercive control and risk.
            """)
        try write("Sessions/2027.yaml", """
            term: Spring 2027
            trainers:
              - id: jsmith
                name: Jane Smith
                email: jane@partnership.example
            sessions:
              - id: s101
                course: hate-crime
                date: 2027-03-30
                time: "09:30"
                venue: Civic Centre
                trainer: jsmith
            """)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func write(_ name: String, _ text: String) throws {
        let url = file(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
