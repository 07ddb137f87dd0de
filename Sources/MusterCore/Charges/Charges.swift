import Foundation
import GRDB

/// One booking an agency is charged for.
public struct Charge: Sendable, Equatable {
    public enum Reason: String, Sendable, CaseIterable {
        case lateCancellation = "late-cancellation"
        case noShow = "no-show"
    }

    public var agencyID: String
    public var agency: String
    public var learnerID: String
    public var name: String
    public var sessionID: String
    public var courseTitle: String
    public var startsAt: Date
    public var minutes: Int
    public var reason: Reason
    public var pence: Int
}

/// Places wasted, ready for invoicing: late cancellations and absences without apology on
/// sessions that ran and whose register is closed, priced by the charging policy. Nothing
/// is billed before then, because the session may yet be cancelled and an absence may yet
/// become an apology. A colleague who takes the place (`transfer`) is not a cancellation,
/// an apology is not a no-show, a session the partnership cancelled wasted nobody's place,
/// and neither did a late cancellation whose place went straight to the waiting list or
/// whose learner booked again.
public struct Charges: Service {
    package let context: ServiceContext
    package init(context: ServiceContext) { self.context = context }

    public func policy() throws -> (charging: ChargingPolicy, lateWindowWorkingDays: Int) {
        try database.read { db in (try ChargingPolicy.load(db), try BookingPolicy.load(db).lateWindowWorkingDays) }
    }

    /// Sets the policy and, when given, the late window it shares with the booking rules.
    /// Exempt agencies are given as typed (id or name) and kept by id.
    public func setPolicy(_ policy: ChargingPolicy, exempting agencies: [String]? = nil, lateWindowWorkingDays window: Int? = nil) throws {
        try database.write(AuditEvent.Draft(actor: actor, at: clock.now, action: "charges.policy", recordType: "setting", recordID: nil,
                                            detail: "half day \(Pence.text(policy.halfDayPence)), full day \(Pence.text(policy.fullDayPence))")) { db in
            var policy = policy
            if let agencies { policy.exemptAgencies = try agencies.map { try People.agency($0, in: db).id } }
            try policy.save(db)
            if let window {
                var booking = try BookingPolicy.load(db)
                booking.lateWindowWorkingDays = window
                try booking.save(db)
            }
        }
    }

    /// Every chargeable booking on sessions starting from `from` to `to`, by agency, then
    /// session, then learner. Nothing when the policy charges nothing.
    public func chargeable(from: LocalDate, to: LocalDate, agency: String? = nil) throws -> [Charge] {
        let local = clock.local
        return try database.read { db in
            let policy = try ChargingPolicy.load(db)
            var arguments: StatementArguments = [local.startOfDay(from), local.endOfDay(to)]
            var agencyCondition = ""
            if let agency {
                agencyCondition = "AND l.agency_id = ?"
                arguments += [try People.agency(agency, in: db).id]
            }
            guard !policy.chargesNothing else { return [] }
            let exempt = Set(policy.exemptAgencies)
            return try Row.fetchAll(db, sql: """
                SELECT a.id AS agency_id, a.name AS agency, l.id AS learner_id, l.name, s.id AS session_id, c.title,
                       s.starts_at, s.ends_at, b.status
                FROM session s JOIN booking b ON b.session_id = s.id JOIN course c ON c.id = s.course_id
                JOIN learner l ON l.id = b.learner_id JOIN agency a ON a.id = l.agency_id
                WHERE s.starts_at >= ? AND s.starts_at < ? AND s.status = 'completed'
                  AND (b.status = 'absent' OR (b.status = 'cancelled' AND b.late_cancellation
                       AND NOT EXISTS (SELECT 1 FROM booking again WHERE again.session_id = b.session_id
                                       AND again.learner_id = b.learner_id AND again.id > b.id
                                       AND again.status IN ('attended','partial','absent','excused'))
                       AND NOT EXISTS (SELECT 1 FROM booking taken JOIN booking_event e ON e.booking_id = taken.id
                                       WHERE taken.session_id = b.session_id AND e.at = b.updated_at
                                       AND e.note = 'promoted from the waiting list'))) \(agencyCondition)
                ORDER BY a.name, s.starts_at, s.id, l.name, b.id
                """, arguments: arguments).compactMap { row in
                let reason: Charge.Reason = row["status"] == "absent" ? .noShow : .lateCancellation
                guard policy.charges(reason), !exempt.contains(row["agency_id"]) else { return nil }
                let minutes = Int((row["ends_at"] as Date).timeIntervalSince(row["starts_at"] as Date) / 60)
                guard policy.amount(forMinutes: minutes) > 0 else { return nil }
                return Charge(agencyID: row["agency_id"], agency: row["agency"], learnerID: row["learner_id"], name: row["name"],
                              sessionID: row["session_id"], courseTitle: row["title"], startsAt: row["starts_at"], minutes: minutes,
                              reason: reason, pence: policy.amount(forMinutes: minutes))
            }
        }
    }
}
