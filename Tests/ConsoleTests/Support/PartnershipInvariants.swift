import Foundation
import GRDB

/// What must hold of a partnership's database whatever happened to the processes that wrote
/// it — many at once, or killed half-way: the file is sound, no session is overbooked,
/// waiting lists are first come first served, no learner holds two places at once, and
/// every change of a place is in its history and in the audit trail. Read with SQL from the
/// file itself, not through Muster's services, so a fault in them cannot hide a fault here.
struct PartnershipInvariants {
    /// One rule broken, named so a failing test says which.
    struct Violation: CustomStringConvertible, Equatable {
        enum Rule: String, CaseIterable { case integrity, foreignKeys, capacity, waitingPositions, waitingOrder,
                                               oneLivePlace, overlappingPlaces, liveOnCancelled, placeLeftEmpty, history, audit,
                                               evaluationTally, complianceTally, agencyPlaces, agencyMonths, sessionCounts, sessionMonths, evaluationMonths, requirementYears }
        var rule: Rule
        var detail: String
        var description: String { "\(rule.rawValue): \(detail)" }
    }

    var violations: [Violation] = []
    var now: String?
    /// Rows read to reach the verdict: sessions, bookings, their history and audit events.
    var rowsChecked = 0

    func broken(_ rule: Violation.Rule) -> Bool { violations.contains { $0.rule == rule } }

    /// Opens the file as the next `muster` would (a killed writer's journal is rolled back
    /// or replayed first) and checks every rule. A file SQLite cannot read is a violation,
    /// not an error, so a test reports it like any other broken rule.
    ///
    /// `now` (as the file stores instants) also checks that no session still to come leaves
    /// a place empty while someone waits for it who could take it.
    static func check(databaseAt path: String, now: String? = nil) -> PartnershipInvariants {
        var result = PartnershipInvariants()
        result.now = now
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            try queue.read { db in try result.check(db) }
        } catch {
            result.violations.append(Violation(rule: .integrity, detail: "the file cannot be read: \(error)"))
        }
        return result
    }

    private mutating func check(_ db: Database) throws {
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        if integrity != ["ok"] {
            violations.append(Violation(rule: .integrity, detail: integrity.prefix(5).joined(separator: "; ")))
            return
        }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").prefix(5) {
            violations.append(Violation(rule: .foreignKeys, detail: "\(row)"))
        }
        rowsChecked += try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM session) + (SELECT COUNT(*) FROM booking)
                 + (SELECT COUNT(*) FROM booking_event) + (SELECT COUNT(*) FROM audit_event)
            """) ?? 0
        try checkCapacity(db)
        try checkWaitingLists(db)
        try checkPlaces(db)
        if let now { try checkEmptyPlaces(db, now: now) }
        try checkHistory(db)
        try checkAudit(db)
        try checkEvaluationTally(db)
        try checkComplianceTally(db)
        try checkAgencyPlaces(db)
        try checkAgencyMonths(db)
        try checkSessionCounts(db)
        try checkSessionMonths(db)
        try checkEvaluationMonths(db)
        try checkRequirementYears(db)
    }

    /// Each session's stored evaluation counts its attendees and their answers as they stand:
    /// counted here afresh, in SQL of this checker's own, for the figures every other follows from.
    private mutating func checkEvaluationTally(_ db: Database) throws {
        let counted = """
            SELECT b.session_id, COUNT(*), COUNT(f.id), COUNT(f.comment), COUNT(f.action_plan), COUNT(u.id)
            FROM booking b LEFT JOIN feedback f ON f.booking_id = b.id LEFT JOIN follow_up u ON u.booking_id = b.id
            WHERE b.status = 'attended' OR b.status = 'partial' GROUP BY b.session_id
            """
        let stored = "SELECT session_id, attendees, responses, comments, actions, follow_ups FROM evaluation_tally"
        for session in try String.fetchAll(db, sql: """
            SELECT session_id FROM (\(counted) EXCEPT \(stored)) UNION SELECT session_id FROM (\(stored) EXCEPT \(counted)) LIMIT 5
            """) {
            violations.append(Violation(rule: .evaluationTally, detail: "\(session): the stored evaluation differs from its attendees and answers"))
        }
    }

    /// Each stored completion of a requirement is its learner's latest attended session of
    /// its courses or equivalent, on a learner it could apply to, and the stored counts add
    /// up to the completions: in SQL of this checker's own.
    private mutating func checkComplianceTally(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT c.requirement_id, c.learner_id FROM requirement_completion c
            LEFT JOIN learner l ON l.id = c.learner_id
            WHERE l.id IS NULL OR l.job_role IS NULL OR l.agency_id IS NOT c.agency_id OR l.started IS NOT c.started
               OR c.last_at IS NOT (SELECT MAX(at) FROM (
                    SELECT s.starts_at AS at FROM booking b JOIN session s ON s.id = b.session_id
                    WHERE b.learner_id = c.learner_id AND b.status = 'attended'
                      AND s.course_id IN (SELECT course_id FROM requirement_course WHERE requirement_id = c.requirement_id)
                    UNION ALL
                    SELECT completed_at FROM equivalent e WHERE e.learner_id = c.learner_id
                      AND e.course_id IN (SELECT course_id FROM requirement_course WHERE requirement_id = c.requirement_id)))
            LIMIT 5
            """) {
            violations.append(Violation(rule: .complianceTally,
                                        detail: "requirement \(row[0] as Int64), \(row[1] as String): the stored completion is not their latest"))
        }
        let counted = """
            SELECT requirement_id, agency_id, COUNT(*), SUM(last_at IS NULL) FROM requirement_completion GROUP BY 1, 2
            """
        let stored = "SELECT requirement_id, agency_id, learners, never_done FROM requirement_tally"
        let countedMonths = """
            SELECT requirement_id, agency_id, strftime('%Y-%m', last_at), COUNT(*) FROM requirement_completion
            WHERE last_at IS NOT NULL GROUP BY 1, 2, 3
            """
        let storedMonths = "SELECT requirement_id, agency_id, month, learners FROM requirement_month"
        for (one, other) in [(counted, stored), (stored, counted), (countedMonths, storedMonths), (storedMonths, countedMonths)] {
            for row in try Row.fetchAll(db, sql: "\(one) EXCEPT \(other) LIMIT 5") {
                violations.append(Violation(rule: .complianceTally,
                                            detail: "requirement \(row[0] as Int64), \(row[1] as String): the stored counts differ from the completions"))
            }
        }
    }

    /// The places kept for the agency table are exactly the bookings it counts (attended, in
    /// part, absent or excused on a session that ran; cancelled late on any), under the
    /// learner's agency and the session's start, and each place a learner came to names the
    /// one they came to before it: in SQL of this checker's own.
    private mutating func checkAgencyPlaces(_ db: Database) throws {
        let counted = """
            SELECT b.id, l.agency_id, s.starts_at,
                   CASE WHEN s.status = 'completed' AND b.status IN ('attended','partial','absent','excused') THEN b.status END,
                   b.late_cancellation
            FROM booking b JOIN session s ON s.id = b.session_id JOIN learner l ON l.id = b.learner_id
            WHERE b.late_cancellation OR (s.status = 'completed' AND b.status IN ('attended','partial','absent','excused'))
            """
        let stored = "SELECT booking_id, agency_id, starts_at, status, late FROM agency_place"
        for (one, other) in [(counted, stored), (stored, counted)] {
            for booking in try Int64.fetchAll(db, sql: "SELECT 1 FROM (\(one) EXCEPT \(other)) LIMIT 5") {
                violations.append(Violation(rule: .agencyPlaces, detail: "\(booking): a kept place differs from the bookings"))
            }
        }
        for booking in try Int64.fetchAll(db, sql: """
            SELECT p.booking_id FROM agency_place p
            WHERE p.previous_came IS NOT CASE WHEN p.status IN ('attended','partial') THEN (
                SELECT MAX(q.starts_at) FROM agency_place q WHERE q.learner_id = p.learner_id AND q.status IN ('attended','partial')
                  AND (q.starts_at < p.starts_at OR (q.starts_at = p.starts_at AND q.booking_id < p.booking_id))) END
            LIMIT 5
            """) {
            violations.append(Violation(rule: .agencyPlaces, detail: "booking \(booking): the place does not name the one its learner came to before"))
        }
    }

    /// Each agency's monthly totals are its kept places counted by the month they started,
    /// and those it came to by that month and the month the learner came before (none:
    /// ''): in SQL of this checker's own.
    private mutating func checkAgencyMonths(_ db: Database) throws {
        let counted = """
            SELECT agency_id, strftime('%Y-%m', starts_at), COUNT(*),
                   COUNT(CASE WHEN status = 'attended' THEN 1 END), COUNT(CASE WHEN status = 'partial' THEN 1 END),
                   COUNT(CASE WHEN status = 'absent' THEN 1 END), COUNT(CASE WHEN status = 'excused' THEN 1 END),
                   COUNT(CASE WHEN status IN ('attended','partial') THEN 1 END), COUNT(CASE WHEN late THEN 1 END)
            FROM agency_place GROUP BY 1, 2
            """
        let stored = "SELECT agency_id, month, places, attended, partial, absent, excused, came, late FROM agency_month_total"
        try compare(counted, stored, .agencyMonths, in: db) { row in "\(row[0] as String), \(row[1] as String): the month's totals differ from its places" }
        let came = """
            SELECT agency_id, strftime('%Y-%m', starts_at), IFNULL(strftime('%Y-%m', previous_came), ''), COUNT(*),
                   COUNT(CASE WHEN status IN ('attended','partial') THEN 1 END)
            FROM agency_place GROUP BY 1, 2, 3
            """
        try compare(came, "SELECT agency_id, month, previous_month, places, came FROM agency_month", .agencyMonths, in: db) { row in
            "\(row[0] as String), \(row[1] as String): the month's learners differ from its places"
        }
    }

    /// Each session's kept counts are its bookings counted by status (late cancellations
    /// apart) beside the session as it stands, one row per session: in SQL of this
    /// checker's own.
    private mutating func checkSessionCounts(_ db: Database) throws {
        let counted = """
            SELECT s.id, s.starts_at, s.course_id, s.status, s.cancel_reason, s.capacity,
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'confirmed'),
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'waitlisted'),
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'attended'),
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'partial'),
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'absent'),
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'excused'),
                   (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'cancelled' AND b.late_cancellation)
            FROM session s
            """
        let stored = """
            SELECT session_id, starts_at, course_id, status, cancel_reason, capacity,
                   confirmed, waitlisted, attended, partial, absent, excused, late
            FROM session_count
            """
        try compare(counted, stored, .sessionCounts, in: db) { row in "\(row[0] as String): the session's kept counts differ from its bookings" }
    }

    /// Each month's session sums are the sessions' kept counts grouped by the month they
    /// started, course, status and reason (none: ''): in SQL of this checker's own.
    private mutating func checkSessionMonths(_ db: Database) throws {
        let counted = """
            SELECT strftime('%Y-%m', starts_at), course_id, status, IFNULL(cancel_reason, ''), COUNT(*), TOTAL(capacity),
                   TOTAL(attended), TOTAL(partial), TOTAL(absent), TOTAL(excused), TOTAL(late)
            FROM session_count GROUP BY 1, 2, 3, 4
            """
        let stored = "SELECT month, course_id, status, cancel_reason, sessions, capacity, attended, partial, absent, excused, late FROM session_month"
        try compare(counted, stored, .sessionMonths, in: db) { row in "\(row[0] as String) \(row[1] as String): the month's sums differ from its sessions" }
    }

    /// Each course's monthly evaluation sums are its sessions' tallies grouped by the month
    /// they started and their status (a few of the columns): in SQL of this checker's own.
    private mutating func checkEvaluationMonths(_ db: Database) throws {
        let counted = """
            SELECT s.course_id, strftime('%Y-%m', s.starts_at), s.status, COUNT(*), TOTAL(t.attendees), TOTAL(t.responses),
                   TOTAL(t.comments), TOTAL(t.follow_ups), TOTAL(t.confidence_rose)
            FROM session s JOIN evaluation_tally t ON t.session_id = s.id GROUP BY 1, 2, 3
            """
        let stored = "SELECT course_id, month, status, sessions, attendees, responses, comments, follow_ups, confidence_rose FROM evaluation_month"
        try compare(counted, stored, .evaluationMonths, in: db) { row in "\(row[0] as String) \(row[1] as String): the month's evaluation sums differ from its sessions'" }
    }

    /// Each requirement's yearly sums are its monthly counts of last completions added up
    /// by year: in SQL of this checker's own.
    private mutating func checkRequirementYears(_ db: Database) throws {
        let counted = "SELECT requirement_id, substr(month, 1, 4), agency_id, COUNT(*), SUM(learners) FROM requirement_month GROUP BY 1, 2, 3"
        let stored = "SELECT requirement_id, year, agency_id, months, learners FROM requirement_year"
        try compare(counted, stored, .requirementYears, in: db) { row in "requirement \(row[0] as Int64), \(row[1] as String): the year's sums differ from its months" }
    }

    /// Rows `counted` gives that `stored` does not, and the reverse, five at most each way,
    /// each a violation of `rule` that `detail` describes.
    private mutating func compare(_ counted: String, _ stored: String, _ rule: Violation.Rule, in db: Database,
                                  detail: (Row) -> String) throws {
        for (one, other) in [(counted, stored), (stored, counted)] {
            for row in try Row.fetchAll(db, sql: "SELECT * FROM (\(one) EXCEPT \(other)) LIMIT 5") {
                violations.append(Violation(rule: rule, detail: detail(row)))
            }
        }
    }

    /// Confirmed places never exceed a session's capacity.
    private mutating func checkCapacity(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT s.id, s.capacity, COUNT(*) AS confirmed FROM session s
            JOIN booking b ON b.session_id = s.id AND b.status = 'confirmed'
            GROUP BY s.id HAVING COUNT(*) > s.capacity
            """) {
            violations.append(Violation(rule: .capacity, detail: "\(row["id"] as String): \(row["confirmed"] as Int) confirmed, capacity \(row["capacity"] as Int)"))
        }
    }

    /// Positions, ranked the way Muster ranks them (by when each joined, then by id), run
    /// 1…n; those who joined by booking are served in the order their bookings committed,
    /// and those moved back by a lower capacity stand ahead of them.
    private mutating func checkWaitingLists(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT b.id, b.session_id,
                   (SELECT COUNT(*) FROM booking o WHERE o.session_id = b.session_id AND o.status = 'waitlisted'
                      AND (o.waitlisted_at < b.waitlisted_at OR (o.waitlisted_at = b.waitlisted_at AND o.id < b.id))) + 1 AS position,
                   (SELECT e.id FROM booking_event e WHERE e.booking_id = b.id AND e.to_status = 'waitlisted'
                      ORDER BY e.id DESC LIMIT 1) AS joined_event,
                   (SELECT e.from_status FROM booking_event e WHERE e.booking_id = b.id AND e.to_status = 'waitlisted'
                      ORDER BY e.id DESC LIMIT 1) AS joined_from
            FROM booking b WHERE b.status = 'waitlisted'
            ORDER BY b.session_id, b.waitlisted_at, b.id
            """)
        for (session, waiting) in Dictionary(grouping: rows, by: { $0["session_id"] as String }).sorted(by: { $0.key < $1.key }) {
            let positions = waiting.map { $0["position"] as Int }
            if positions != Array(1...waiting.count) {
                violations.append(Violation(rule: .waitingPositions, detail: "\(session): positions \(positions)"))
            }
            // The list in Muster's order: those moved back, then those who joined, by the event that put them there.
            let movedBack = waiting.map { ($0["joined_from"] as String?) != nil }
            if let firstJoined = movedBack.firstIndex(of: false), movedBack[firstJoined...].contains(true) {
                violations.append(Violation(rule: .waitingOrder, detail: "\(session): a place moved back stands behind one who joined by booking"))
            }
            let joined = waiting.filter { ($0["joined_from"] as String?) == nil }.map { $0["joined_event"] as Int64? ?? 0 }
            if joined != joined.sorted() {
                violations.append(Violation(rule: .waitingOrder, detail: "\(session): joined in event order \(joined.sorted()), served as \(joined)"))
            }
        }
    }

    /// One live booking per learner per session; no two confirmed places at overlapping
    /// times; a cancelled session holds no live booking.
    private mutating func checkPlaces(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT session_id, learner_id, COUNT(*) AS n FROM booking WHERE status IN ('confirmed','waitlisted')
            GROUP BY session_id, learner_id COLLATE NOCASE HAVING COUNT(*) > 1
            """) {
            violations.append(Violation(rule: .oneLivePlace, detail: "\(row["learner_id"] as String) has \(row["n"] as Int) live bookings on \(row["session_id"] as String)"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT a.learner_id, sa.id AS first, sb.id AS second FROM booking a
            JOIN session sa ON sa.id = a.session_id
            JOIN booking b ON b.learner_id = a.learner_id AND b.status = 'confirmed' AND b.id > a.id
            JOIN session sb ON sb.id = b.session_id
            WHERE a.status = 'confirmed' AND sa.id <> sb.id AND sa.starts_at < sb.ends_at AND sb.starts_at < sa.ends_at
            """) {
            violations.append(Violation(rule: .overlappingPlaces, detail: "\(row["learner_id"] as String) confirmed on \(row["first"] as String) and \(row["second"] as String) at overlapping times"))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT b.id, b.session_id FROM booking b JOIN session s ON s.id = b.session_id
            WHERE s.status = 'cancelled' AND b.status IN ('confirmed','waitlisted')
            """) {
            violations.append(Violation(rule: .liveOnCancelled, detail: "booking \(row["id"] as Int64) is live on cancelled \(row["session_id"] as String)"))
        }
    }

    /// A session still to come with a free place has nobody waiting who could take it: only
    /// those holding a place at an overlapping time may wait beside an empty seat.
    private mutating func checkEmptyPlaces(_ db: Database, now: String) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT s.id, w.learner_id FROM session s
            JOIN booking w ON w.session_id = s.id AND w.status = 'waitlisted'
            WHERE s.status = 'scheduled' AND s.starts_at > ?
              AND (SELECT COUNT(*) FROM booking c WHERE c.session_id = s.id AND c.status = 'confirmed') < s.capacity
              AND NOT EXISTS (SELECT 1 FROM booking o JOIN session os ON os.id = o.session_id
                              WHERE o.learner_id = w.learner_id AND o.status = 'confirmed' AND os.id <> s.id
                                AND os.status = 'scheduled' AND os.starts_at < s.ends_at AND os.ends_at > s.starts_at)
            """, arguments: [now]) {
            violations.append(Violation(rule: .placeLeftEmpty, detail: "\(row["id"] as String) has a free place while \(row["learner_id"] as String) waits"))
        }
    }

    /// Each booking's history starts at its insert, each step leaves from where the last
    /// arrived, and the last arrives where the booking now is.
    private mutating func checkHistory(_ db: Database) throws {
        let events = try Row.fetchAll(db, sql: "SELECT booking_id, from_status, to_status FROM booking_event ORDER BY booking_id, id")
        let byBooking = Dictionary(grouping: events, by: { $0["booking_id"] as Int64 })
        for booking in try Row.fetchAll(db, sql: "SELECT id, status FROM booking ORDER BY id") {
            let id: Int64 = booking["id"], status: String = booking["status"]
            let chain = byBooking[id] ?? []
            var at: String? = nil
            var broken: String?
            for event in chain {
                let from: String? = event["from_status"], to: String = event["to_status"]
                if from != at { broken = "a step from \(from ?? "nothing") after arriving at \(at ?? "nothing")"; break }
                at = to
            }
            if broken == nil, at != status { broken = "history ends at \(at ?? "nothing") but the booking is \(status)" }
            if let broken { violations.append(Violation(rule: .history, detail: "booking \(id): \(broken)")) }
        }
    }

    /// The audit trail and the history tell the same story: every change of a place's
    /// status is in an audit event's changes exactly as often as it is in the history.
    private mutating func checkAudit(_ db: Database) throws {
        if let event = try Int64.fetchOne(db, sql: """
            SELECT id FROM audit_event WHERE json_extract(changes, '$.omitted.booking') IS NOT NULL LIMIT 1
            """) {
            violations.append(Violation(rule: .audit, detail: "audit event \(event) counts booking rows without showing them; the trail cannot be matched to the history"))
        }
        func tally(_ sql: String) throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                counts["\(row["booking_id"] as Int64) \(row["from_status"] as String? ?? "new") → \(row["to_status"] as String)", default: 0] += row["n"] as Int
            }
            return counts
        }
        let history = try tally("""
            SELECT booking_id, from_status, to_status, COUNT(*) AS n FROM booking_event GROUP BY 1, 2, 3
            """)
        let audited = try tally("""
            SELECT CAST(json_extract(r.value, '$.key') AS INTEGER) AS booking_id,
                   json_extract(r.value, '$.before.status') AS from_status,
                   json_extract(r.value, '$.after.status') AS to_status, COUNT(*) AS n
            FROM audit_event a, json_each(a.changes, '$.rows') r
            WHERE json_extract(r.value, '$.table') = 'booking' AND json_extract(r.value, '$.after.status') IS NOT NULL
            GROUP BY 1, 2, 3
            """)
        for key in Set(history.keys).union(audited.keys).sorted() where history[key, default: 0] != audited[key, default: 0] {
            violations.append(Violation(rule: .audit, detail: "booking \(key): \(history[key, default: 0]) in the history, \(audited[key, default: 0]) in the audit trail"))
        }
        // A cancelled session's own change of status is audited too.
        for row in try Row.fetchAll(db, sql: """
            SELECT s.id FROM session s WHERE s.status = 'cancelled' AND NOT EXISTS (
              SELECT 1 FROM audit_event a, json_each(a.changes, '$.rows') r
              WHERE json_extract(r.value, '$.table') = 'session'
                AND json_extract(r.value, '$.key') = s.id AND json_extract(r.value, '$.after.status') = 'cancelled')
            """) {
            violations.append(Violation(rule: .audit, detail: "session \(row["id"] as String) was cancelled without an audit event saying so"))
        }
    }
}
