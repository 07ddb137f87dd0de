import Foundation
import GRDB

/// A learner's personal CPD area: what they attended (verified by the register) and what
/// they recorded themselves, measured against their regulator's profile.
public struct CPDArea: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public struct Totals: Sendable, Equatable {
        public var total = 0.0, verified = 0.0, selfRecorded = 0.0, participatory = 0.0

        init(_ entries: [CPDEntry]) {
            for entry in entries {
                total += entry.hours
                if entry.verified { verified += entry.hours } else { selfRecorded += entry.hours }
                if entry.participatory { participatory += entry.hours }
            }
        }
    }

    public struct Record: Sendable {
        public var learner: LearnerSummary
        /// Entries in the period asked for, oldest first.
        public var entries: [CPDEntry]
        public var totals: Totals
        /// Against the whole record: a profile's period is its own, not the period asked for.
        public var progress: CPDProgress
    }

    public func record(of learnerID: String, from: LocalDate? = nil, to: LocalDate? = nil) throws -> Record {
        let today = clock.local.date(of: clock.now)
        return try database.read { db in
            let summary = try actor.learner(learnerID, in: db)
            let all = try Row.fetchAll(cached: db, sql: """
                SELECT \(CPDEntry.columns.joined(separator: ", ")) FROM cpd_entry WHERE learner_id = ? ORDER BY date, id
                """, arguments: [summary.learner.id], as: { try CPDEntry(row: $0, at: 0) })
            let shown = all.filter { entry in from.map { entry.date >= $0 } ?? true && to.map { entry.date <= $0 } ?? true }
            let profile = try CPDProfile.named(summary.learner.cpdProfile, in: db)
            return Record(learner: summary, entries: shown, totals: Totals(shown),
                          progress: profile.progress(of: all, today: today, revalidation: summary.learner.revalidation))
        }
    }

    /// What a learner records of learning done elsewhere.
    public struct Draft: Sendable {
        public var date: LocalDate?
        public var title: String?
        public var hours: Double?
        public var kind: CPDEntry.Kind?
        public var participatory: Bool?
        public var reflection = CPDEntry.Reflection()
        public init() {}
    }

    public func add(for learnerID: String, _ draft: Draft) throws -> CPDEntry {
        let now = clock.now, today = clock.local.date(of: now)
        return try database.write(event("cpd.add", nil, learnerID)) { db in
            let learner = try actor.learner(learnerID, in: db).learner.refusingErased()
            var missing: [String] = []
            if draft.date == nil { missing.append("--date") }
            if draft.title == nil { missing.append("--title") }
            if draft.hours == nil { missing.append("--hours") }
            guard missing.isEmpty else { throw CPDError.invalidEntry(["missing " + missing.joined(separator: ", ")]) }
            var entry = CPDEntry(learnerID: learner.id, date: draft.date!, title: draft.title!, hours: draft.hours!,
                                 kind: draft.kind ?? .other, participatory: draft.participatory ?? false, verified: false,
                                 reflection: draft.reflection, createdAt: now, updatedAt: now)
            try Self.check(entry, today: today)
            try entry.insert(db)
            return entry
        } identifying: { $0.id.map(String.init) }
    }

    /// Changes a self-recorded entry; fields the draft leaves nil stay as they were.
    public func edit(_ id: Int64, _ draft: Draft) throws -> CPDEntry {
        let now = clock.now, today = clock.local.date(of: now)
        return try database.write(event("cpd.edit", String(id))) { db in
            var entry = try ownSelfRecorded(id, in: db)
            if let date = draft.date { entry.date = date }
            if let title = draft.title { entry.title = title }
            if let hours = draft.hours { entry.hours = hours }
            if let kind = draft.kind { entry.kind = kind }
            if let participatory = draft.participatory { entry.participatory = participatory }
            let given = draft.reflection
            if let learnt = given.learnt { entry.reflection.learnt = learnt }
            if let practice = given.practice { entry.reflection.practice = practice }
            if let peer = given.peerName { entry.reflection.peerName = peer }
            if let peerDate = given.peerDate { entry.reflection.peerDate = peerDate }
            if let outcome = given.peerOutcome { entry.reflection.peerOutcome = outcome }
            entry.updatedAt = now
            try Self.check(entry, today: today)
            try entry.update(db)
            return entry
        }
    }

    public func remove(_ id: Int64) throws -> CPDEntry {
        try database.write(event("cpd.remove", String(id))) { db in
            let entry = try ownSelfRecorded(id, in: db)
            try CPDEntry.deleteOne(db, key: id)
            return entry
        }
    }

    public func profiles() throws -> [CPDProfile] {
        try database.read { db in try CPDProfile.all(in: db) }
    }

    /// A partnership's own profile: hours over a rolling period, some of them participatory.
    public func addProfile(_ id: String, title: String, hours: Double, months: Int, participatory: Double) throws -> CPDProfile {
        let id = id.lowercased()
        var problems: [String] = []
        if !Course.isValidID(id) { problems.append("use lowercase letters, digits and hyphens for its id") }
        if hours <= 0 { problems.append("hours must be more than 0") }
        if !(1...120).contains(months) { problems.append("the period must be 1 to 120 months") }
        if participatory < 0 || participatory > hours { problems.append("participatory hours must be from 0 to the hours") }
        guard problems.isEmpty else { throw CPDError.invalidProfile(id, problems: problems) }
        return try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "cpd.profile.add", recordType: "cpd_profile",
                                                   recordID: id, detail: title)) { db in
            let taken = try Row.fetchOne(db, sql: "SELECT 1 FROM cpd_profile WHERE id = ?", arguments: [id]) != nil
            if taken || id == CPDProfile.none.id || CPDProfile.regulators.contains(where: { $0.id == id }) {
                throw CPDError.duplicateProfile(id)
            }
            try db.execute(sql: "INSERT INTO cpd_profile (id, title, hours, months, participatory_hours) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, title, hours, months, participatory])
            return try CPDProfile.named(id, in: db)
        }
    }

    /// Verified entries belong to the register; a learner reaches only their own entries,
    /// and hears nothing of anyone else's.
    private func ownSelfRecorded(_ id: Int64, in db: Database) throws -> CPDEntry {
        guard let entry = try CPDEntry.fetchOne(db, key: id),
              actor.role != .learner || actor.learnerID?.lowercased() == entry.learnerID.lowercased()
        else { throw CPDError.unknownEntry(id) }
        if entry.verified { throw CPDError.verifiedEntry(id, sessionID: entry.sessionID) }
        return entry
    }

    static func check(_ entry: CPDEntry, today: LocalDate) throws {
        var problems: [String] = []
        if entry.title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("a title is required") }
        if entry.title.count > 300 { problems.append("the title is longer than 300 characters") }
        if !(entry.hours > 0 && entry.hours <= 1000) { problems.append("hours must be more than 0 and at most 1000") }
        if entry.date > today { problems.append("\(entry.date) is in the future: record learning once it is done") }
        let reflection = entry.reflection
        if let peerDate = reflection.peerDate, peerDate > today { problems.append("the peer reflection's date \(peerDate) is in the future") }
        if (reflection.peerDate != nil || reflection.peerOutcome != nil) && !reflection.hasPeerReflection {
            problems.append("a peer reflection needs the peer's name (--peer)")
        }
        guard problems.isEmpty else { throw CPDError.invalidEntry(problems) }
    }

    func event(_ action: String, _ id: String?, _ detail: String? = nil) -> AuditEvent.Draft {
        AuditEvent.Draft(actor: actor, at: clock.now, action: action, recordType: "cpd_entry", recordID: id, detail: detail)
    }
}
