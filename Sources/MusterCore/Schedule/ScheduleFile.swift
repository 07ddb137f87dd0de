import Foundation
import GRDB

/// A term of the schedule as the training team writes it in `Sessions/TERM.yaml`: the
/// trainers it names and its sessions, each with a stable id so re-importing updates them.
struct ScheduleFile {
    struct Trainer: Equatable { var id: String, name: String, email: String? }
    struct Entry {
        var place: String
        var id: String
        var courseID: String
        var date: LocalDate
        var time: LocalTimeOfDay
        var duration: Minutes?
        var venue: String?
        var onlineURL: String?
        var trainerID: String?
        var capacity: Int?
        var minAttendees: Int?
        var cutoffDays: Int?
    }

    var trainers: [Trainer] = []
    var entries: [Entry] = []

    static func read(_ url: URL, local: LocalTime, problems: inout [String]) -> ScheduleFile? {
        guard var fields = YAMLFields.file(url, problems: &problems) else { return nil }
        let place = fields.place
        var file = ScheduleFile()
        _ = fields.string("term")
        for (index, node) in (fields.sequence("trainers") ?? []).enumerated() {
            guard var trainer = YAMLFields(node, place: "\(place) trainer \(index + 1)", problems: &problems) else { continue }
            let id = trainer.requiredString("id"), name = trainer.requiredString("name"), email = trainer.string("email")
            problems += trainer.finish()
            if let id, let name { file.trainers.append(Trainer(id: id, name: name, email: email)) }
        }
        let sessions = fields.required("sessions") { f, k in f.sequence(k) } ?? []
        problems += fields.finish()
        for (index, node) in sessions.enumerated() {
            let label = (node.mapping?["id"]?.string).map { "session \($0)" } ?? "session \(index + 1)"
            guard var entry = YAMLFields(node, place: "\(place) \(label)", problems: &problems) else { continue }
            let id = entry.requiredString("id")
            let course = entry.requiredString("course")
            let date = entry.required("date") { f, k in f.custom(k) { try local.parseDate($0) } }
            let time = entry.required("time") { f, k in f.custom(k) { try local.parseTime($0) } }
            let duration = entry.custom("duration") { try Minutes(parsing: $0) }
            let venue = entry.string("venue"), online = entry.string("online"), trainer = entry.string("trainer")
            let capacity = entry.int("capacity"), minimum = entry.int("min_attendees"), cutoff = entry.int("cutoff_days")
            let found = entry.finish()
            problems += found
            if let id, !Session.isValidID(id) {
                problems.append("\(entry.place): '\(id)' is not a session id: use lowercase letters, digits and hyphens")
                continue
            }
            guard found.isEmpty, let id, let course, let date, let time else { continue }
            file.entries.append(Entry(place: entry.place, id: id, courseID: course, date: date, time: time,
                                      duration: duration, venue: venue, onlineURL: online, trainerID: trainer,
                                      capacity: capacity, minAttendees: minimum, cutoffDays: cutoff))
        }
        return file
    }
}

extension Schedule {
    /// Imports one term file or every `*.yaml` in a folder, all or nothing. `progress` hears
    /// how many of the sessions have been written, of how many.
    public func importSessions(from url: URL, progress: (Int, Int) -> Void = { _, _ in }) throws -> ImportSummary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ScheduleError.badImport(source: url.path, problems: ["no such file or folder"])
        }
        let files = isDirectory.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [])
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            : [url]
        var problems: [String] = []
        if files.isEmpty { problems.append("no schedule files (*.yaml) found") }
        let local = clock.local
        let terms = files.compactMap { ScheduleFile.read($0, local: local, problems: &problems) }
        guard problems.isEmpty else { throw ScheduleError.badImport(source: url.path, problems: problems) }

        let now = clock.now
        return try database.write(event("session.import", nil, url.path)) { db in
            var summary = ImportSummary(kind: "sessions", source: url.path)
            var seen: [String: String] = [:]
            for trainer in terms.flatMap(\.trainers) {
                try db.execute(sql: """
                    INSERT INTO user (id, name, email, role) VALUES (?, ?, ?, 'trainer')
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email
                    """, arguments: [trainer.id, trainer.name, trainer.email])
            }
            let entries = terms.flatMap(\.entries)
            for (index, entry) in entries.enumerated() {
                progress(index + 1, entries.count)
                if let other = seen[entry.id.lowercased()] {
                    problems.append("\(entry.place): id \(entry.id) is also used by \(other)")
                    continue
                }
                seen[entry.id.lowercased()] = entry.place
                do {
                    try importEntry(entry, now: now, local: local, db: db, summary: &summary)
                } catch {
                    problems.append("\(entry.place): \(error)")
                }
            }
            guard problems.isEmpty else { throw ScheduleError.badImport(source: url.path, problems: problems) }
            return summary
        }
    }

    private func importEntry(_ entry: ScheduleFile.Entry, now: Date, local: LocalTime, db: Database,
                             summary: inout ImportSummary) throws {
        let course = try Catalogue.course(entry.courseID, in: db)
        let trainerID = try entry.trainerID.map { try Self.trainer($0, in: db) }
        let startsAt = try local.existingInstant(on: entry.date, at: entry.time)
        let minutes = entry.duration?.value ?? course.durationMinutes
        let capacity = entry.capacity ?? course.capacity
        let existing = try Session.fetchOne(db, key: entry.id)
        var session = existing ?? Session(
            id: entry.id, courseID: course.id, startsAt: startsAt, endsAt: startsAt, venue: nil, onlineURL: nil,
            trainerID: nil, capacity: capacity, minAttendees: 0, cutoffDays: nil, status: .scheduled, createdAt: now)
        if let existing, existing.status != .scheduled {
            summary.unchanged += 1
            summary.notes.append("\(existing.id) is \(existing.status.rawValue); left as it is")
            return
        }
        if existing == nil, course.retired { throw ScheduleError.retiredCourse(course.id) }
        if let existing, existing.courseID != course.id {
            throw ScheduleError.idTaken(existing.id, courseID: existing.courseID)
        }
        session.courseID = course.id
        session.startsAt = startsAt
        session.endsAt = startsAt.addingTimeInterval(TimeInterval(minutes * 60))
        session.venue = entry.venue
        session.onlineURL = entry.onlineURL
        session.trainerID = trainerID
        session.capacity = capacity
        session.minAttendees = entry.minAttendees ?? min(course.minAttendees, capacity)
        session.cutoffDays = entry.cutoffDays
        let problems = session.problems()
        guard problems.isEmpty else { throw ScheduleError.invalid(session.id, problems: problems) }
        if let existing {
            if existing == session { summary.unchanged += 1; return }
            let confirmed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking WHERE session_id = ? AND status = 'confirmed'",
                                             arguments: [session.id]) ?? 0
            if session.capacity < confirmed {
                throw ScheduleError.capacityBelowConfirmed(session.id, capacity: session.capacity, confirmed: confirmed)
            }
            try session.update(db)
            summary.updated.append(session.id)
        } else {
            try session.insert(db)
            summary.added.append(session.id)
        }
    }
}
