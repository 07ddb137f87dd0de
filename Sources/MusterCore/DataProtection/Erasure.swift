import Foundation
import GRDB

/// Erasing a learner: what identifies them goes, what the partnership's figures count stays.
///
/// Kept, because `report year`, `report kpi`, the evaluations and the charges count them:
/// every booking with its status, late-cancellation flag, minutes and history; ratings,
/// confidence and outcomes given in feedback (and whether it was anonymous); follow-up
/// answers other than the example; CPD hours, dates and kinds; certificates; training
/// accepted in place of a course; the letters' kinds and dates; and, on the learner row, the
/// agency, job role and start date in post, because KPI relevance is a role in an agency and
/// requirements fall due counted from the start date. `created_at` stays too: it says when
/// the record began, not who it was.
///
/// Gone: the name (now "Erased learner N") and email (now empty, which is no address); the
/// CPD profile and revalidation date; every free text they wrote or that was written to or
/// about them (`PersonalData.tables`: reflections, comments, action plans, answers to a
/// course's own text questions, follow-up examples, letters' bodies, evidence seen); and
/// their logins, which are closed, renamed and emptied of name, email and password.
///
/// The id goes too. A learner's id is their staff number or their email, both of which
/// identify them, so the record is given the pseudonymous id `erased-N`. SQLite's foreign
/// keys here have no `ON UPDATE CASCADE`, so erasure moves every row that refers to the
/// record itself: the referring columns are read from the schema's own foreign keys, so a
/// table added later is carried along (see `AppDatabase.writeRekeying` for why SQLite's
/// own checks are held off while it does).
///
/// Muster's own words elsewhere that name them — audit events' actors and details, booking
/// notes ("transferred from L23"), letters to colleagues ("passed to Ann Lee") — are
/// rewritten to the pseudonym. It is the one write that edits audit events, and only their
/// words: every event stays, with who acted, what they did and when, and the erasure's own
/// event says that it happened. What other learners wrote in their own feedback or
/// reflections is theirs and is left as they wrote it.
///
/// A learner who still holds a place on a session to come is refused until it is given up,
/// so the waiting list moves on as it would for anyone. All of it is one transaction, with
/// one audit event that names only the pseudonym.
public struct Erasure: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    /// What became of one learner.
    public struct Erased: Sendable, Equatable {
        /// The id they had, for the screen of the admin who asked; it is stored nowhere.
        public var formerID: String
        public var pseudonym: String
        public var name: String
        public var bookingsKept: Int
        /// Fields of free text emptied or replaced.
        public var textsRemoved: Int
        public var loginsClosed: Int
    }

    public struct Outcome: Sendable, Equatable {
        public var erased: [Erased]
        /// Rows of shared records (audit events, booking notes, letters to others) that named
        /// someone erased and were rewritten.
        public var recordsRewritten: Int
    }

    /// The setting that numbers pseudonyms, so none is ever given twice.
    static let counterKey = "erasure.count"

    public func erase(_ learnerID: String) throws -> Outcome {
        guard actor.role == .admin else { throw DataProtectionError.adminsOnly }
        let now = clock.now
        return try database.writeRekeying(keep: true) { db in
            let outcome = try Self.erase([learnerID], in: db, now: now)
            return (outcome, [Self.event(outcome, action: "learner.erase", actor: actor, at: now)])
        }
    }

    /// The audit event of an erasure: pseudonyms and counts, nothing that identified anyone.
    static func event(_ outcome: Outcome, action: String, actor: ActingUser, at now: Date, note: String? = nil) -> AuditEvent.Draft {
        let each = outcome.erased.map { e in
            "\(e.pseudonym): \(e.bookingsKept) booking\(e.bookingsKept == 1 ? "" : "s") kept, \(e.textsRemoved) text\(e.textsRemoved == 1 ? "" : "s") removed"
                + (e.loginsClosed > 0 ? ", \(e.loginsClosed) login\(e.loginsClosed == 1 ? "" : "s") closed" : "")
        }
        let detail = ([note].compactMap { $0 } + each + ["\(outcome.recordsRewritten) earlier record\(outcome.recordsRewritten == 1 ? "" : "s") that named them rewritten"])
            .joined(separator: "; ")
        return AuditEvent.Draft(actor: actor, at: now, action: action, recordType: "learner",
                                recordID: outcome.erased.count == 1 ? outcome.erased[0].pseudonym : nil, detail: detail)
    }

    /// Erases each learner inside the caller's transaction (`writeRekeying`): the one path of
    /// `learner erase` and `retention apply`.
    static func erase(_ learnerIDs: [String], in db: Database, now: Date) throws -> Outcome {
        let learnerReferences = try PersonalData.references(to: "learner", in: db)
        let userReferences = try PersonalData.references(to: "user", in: db)
        var counter = Int(try Setting.value(counterKey, in: db) ?? "") ?? 0
        var mentions = Mentions()
        var erased: [Erased] = []
        var earliest = now
        var actorsRenamed = 0

        func unused(_ id: String) throws -> Bool {
            try !Bool(fetchOne: db, "SELECT EXISTS (SELECT 1 FROM learner WHERE id = ?) OR EXISTS (SELECT 1 FROM \"user\" WHERE id = ?)", [id, id])
        }

        for requested in learnerIDs {
            let learner = try People.learner(requested, in: db).learner
            if try Bool(fetchOne: db, "SELECT erased_at IS NOT NULL FROM learner WHERE id = ?", [learner.id]) {
                throw DataProtectionError.alreadyErased(learner.id)
            }
            // A place kept by someone who no longer exists would be lost to the waiting list.
            let held = try String.fetchAll(db, sql: """
                SELECT b.session_id FROM booking b JOIN session s ON s.id = b.session_id
                WHERE b.learner_id = ? AND b.status IN ('confirmed','waitlisted') AND s.status = 'scheduled' AND s.starts_at > ?
                ORDER BY s.starts_at, s.id
                """, arguments: [learner.id, now])
            guard held.isEmpty else { throw DataProtectionError.placesHeld(learner.id, sessions: held) }
            var pseudonym: String
            repeat { counter += 1; pseudonym = "erased-\(counter)" } while try !unused(pseudonym)
            let name = "Erased learner \(counter)"
            earliest = min(earliest, learner.createdAt)
            mentions.identifier(learner.id, becomes: pseudonym)
            mentions.identifier(learner.email, becomes: pseudonym)
            mentions.name(learner.name, becomes: name)

            let texts = try removeWords(of: learner.id, in: db)
            try rekey("learner", from: learner.id, to: pseudonym, references: learnerReferences, in: db)
            try db.execute(sql: """
                UPDATE learner SET name = ?, email = '', cpd_profile = NULL, revalidation = NULL, erased_at = ? WHERE id = ?
                """, arguments: [name, now, pseudonym])

            // Their logins: closed for good, and renamed so that no user name identifies them.
            let logins = try Row.fetchAll(db, sql: "SELECT id, name, email FROM \"user\" WHERE learner_id = ? ORDER BY id",
                                          arguments: [pseudonym])
            for login in logins {
                var renamed = pseudonym, suffix = 1
                while try Bool(fetchOne: db, "SELECT EXISTS (SELECT 1 FROM \"user\" WHERE id = ?)", [renamed]) {
                    suffix += 1; renamed = "\(pseudonym)-\(suffix)"
                }
                mentions.identifier(login["id"], becomes: renamed)
                if let email = login["email"] as String? { mentions.identifier(email, becomes: renamed) }
                mentions.name(login["name"], becomes: name)
                try rekey("user", from: login["id"], to: renamed, references: userReferences, in: db)
                try db.execute(sql: "UPDATE \"user\" SET name = ?, email = NULL, password_hash = NULL, disabled = 1 WHERE id = ?",
                               arguments: [name, renamed])
                // A login may be older than the record it was later tied to: what it did is
                // found by its name, however long ago.
                try db.execute(sql: "UPDATE audit_event SET actor = ? WHERE actor = ?", arguments: [renamed, login["id"] as String])
                actorsRenamed += db.changesCount
            }
            let bookings = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking WHERE learner_id = ?", arguments: [pseudonym]) ?? 0
            erased.append(Erased(formerID: learner.id, pseudonym: pseudonym, name: name, bookingsKept: bookings,
                                 textsRemoved: texts, loginsClosed: logins.count))
        }
        try Setting.set(counterKey, to: String(counter), in: db)
        let rewritten = try rewriteMentions(mentions, since: earliest, in: db)
        return Outcome(erased: erased, recordsRewritten: rewritten + actorsRenamed)
    }

    /// Empties the learner's free text, table by table; returns how many fields it emptied.
    private static func removeWords(of learnerID: String, in db: Database) throws -> Int {
        var removed = 0
        for table in PersonalData.tables {
            for words in table.words {
                try db.execute(sql: """
                    UPDATE "\(table.name)" SET "\(words.column)" = ?
                    WHERE \(table.link.condition(table.name)) AND "\(words.column)" IS NOT NULL AND "\(words.column)" IS NOT ?
                    """, arguments: [words.erasedTo, learnerID, words.erasedTo])
                removed += db.changesCount
            }
        }
        // A self-recorded entry's title is theirs ("Supervision with my manager"); its kind says enough.
        try db.execute(sql: """
            UPDATE cpd_entry SET title = 'Self-recorded ' || kind WHERE learner_id = ? AND NOT verified AND title <> 'Self-recorded ' || kind
            """, arguments: [learnerID])
        removed += db.changesCount
        // Answers to a course's own questions: ratings and choices are counted, text is theirs.
        for row in try Row.fetchAll(db, sql: """
            SELECT id, form_id, answers FROM feedback
            WHERE booking_id IN (SELECT id FROM booking WHERE learner_id = ?) AND answers IS NOT NULL
            """, arguments: [learnerID]) {
            let questions = try (row["form_id"] as Int64?).map { try FeedbackForms.version($0, in: db) } ?? []
            let counted = Set(questions.filter { $0.kind != .text }.map(\.id))
            guard let answers = try JSONSerialization.jsonObject(with: Data((row["answers"] as String).utf8)) as? [String: Any] else { continue }
            let kept = answers.filter { counted.contains($0.key) }
            guard kept.count < answers.count else { continue }
            let json = kept.isEmpty ? nil : String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
            try db.execute(sql: "UPDATE feedback SET answers = ? WHERE id = ?", arguments: [json, row["id"] as Int64])
            removed += answers.count - kept.count
        }
        return removed
    }

    /// Gives a record a new primary key and points every row that refers to it at the new
    /// one. Rows hold the key as the record spells it (services write the id they read back);
    /// the lower- and upper-case spellings are moved too, so no row is left pointing at a key
    /// that is gone. With foreign keys enforced the first update refuses, so this can only
    /// run inside `writeRekeying`.
    private static func rekey(_ table: String, from old: String, to new: String,
                              references: [(table: String, column: String)], in db: Database) throws {
        try db.execute(sql: "UPDATE \"\(table)\" SET id = ? WHERE id = ?", arguments: [new, old])
        let spellings = Array(Set([old, old.lowercased(), old.uppercased()]))
        let marks = spellings.map { _ in "?" }.joined(separator: ", ")
        for reference in references {
            try db.execute(sql: "UPDATE \"\(reference.table)\" SET \"\(reference.column)\" = ? WHERE \"\(reference.column)\" IN (\(marks))",
                           arguments: StatementArguments([new] + spellings))
        }
    }

    /// Where Muster's own words may name a learner or their login, column by column; `since`
    /// is an indexed time before which nothing about them can have been written; `owners`
    /// say whose row it is, so that someone else of the same name keeps theirs ("Dear Ann
    /// Smith" to the other Ann Smith).
    static let sharedRecords: [(table: String, columns: [String], since: String?, owners: [String])] = [
        ("audit_event", ["actor", "record_id", "detail", "changes"], "at", ["record_id", "actor"]),
        ("booking_event", ["actor", "note"], nil, []),
        ("notification", ["subject", "body", "last_error"], nil, ["learner_id", "user_id"]),
        ("equivalent", ["evidence", "recorded_by"], nil, ["learner_id"]),
        ("certificate", ["issued_by"], nil, []),
        ("session", ["cancel_note"], nil, []),
    ]

    private static func rewriteMentions(_ mentions: Mentions, since earliest: Date, in db: Database) throws -> Int {
        // Learners and logins not being erased who share a name with someone who is.
        var namesakes: Set<String> = []
        let people = try Row.fetchCursor(db, sql: """
            SELECT id, name FROM learner WHERE erased_at IS NULL UNION ALL SELECT id, name FROM "user"
            """)
        while let person = try people.next() {
            if mentions.seeks(name: person["name"]) { namesakes.insert((person["id"] as String).lowercased()) }
        }
        var rewritten = 0
        for shared in sharedRecords {
            try mentions.scan(shared.table, shared.columns, since: shared.since.map { ($0, earliest) }, owners: shared.owners,
                              namesakes: namesakes, in: db) { rowID, scrubbed in
                let columns = scrubbed.keys.sorted()
                try db.execute(sql: "UPDATE \"\(shared.table)\" SET " + columns.map { "\"\($0)\" = ?" }.joined(separator: ", ")
                               + " WHERE rowid = ?", arguments: StatementArguments(columns.map { scrubbed[$0]! } + [rowID]))
                rewritten += 1
            }
        }
        return rewritten
    }
}

private extension Bool {
    init(fetchOne db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        self = try Bool.fetchOne(db, sql: sql, arguments: arguments) ?? false
    }
}
