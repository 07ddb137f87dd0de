import CSV
import Foundation
import GRDB
import Testing
@testable import MusterCore
@testable import Reports

/// Charges for places wasted, over a year built through the services: each rule checked
/// against the bookings counted here with SQL of its own.
@Suite struct ChargesTests {
    let year: ReportingYear
    var charges: Charges { Charges(database: year.database, clock: year.reportClock, actor: .localOperator) }

    init() throws { year = try ReportingYear() }

    func charge(half: Int = 5000, full: Int = 9000, _ change: (inout ChargingPolicy) -> Void = { _ in }) throws {
        var policy = try charges.policy().charging
        policy.halfDayPence = half; policy.fullDayPence = full
        change(&policy)
        try charges.setPolicy(policy)
    }

    func all() throws -> [Charge] { try charges.chargeable(from: year.from, to: year.to) }

    func count(_ condition: String) throws -> Int {
        try year.database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM booking b JOIN session s ON s.id = b.session_id JOIN learner l ON l.id = b.learner_id
                JOIN course c ON c.id = s.course_id
                WHERE s.starts_at >= '2027-01-01' AND s.starts_at < '2028-01-01' AND \(condition)
                """) ?? 0
        }
    }

    @Test func nothingIsChargedUnderTheDefaultPolicy() throws {
        #expect(try charges.policy().charging.chargesNothing)
        #expect(try all().isEmpty)
    }

    @Test func lateCancellationsAndNoShowsOnSessionsThatRanAreChargedByTheHalfOrFullDay() throws {
        try charge()
        let charged = try all()
        let late = try count("""
            s.status = 'completed' AND b.status = 'cancelled' AND b.late_cancellation
            AND NOT EXISTS (SELECT 1 FROM booking_event e WHERE e.at = b.updated_at AND e.note LIKE 'promoted%'
                            AND e.booking_id IN (SELECT id FROM booking WHERE session_id = s.id))
            """)
        let absent = try count("s.status = 'completed' AND b.status = 'absent'")
        #expect(late > 0 && absent > 0)
        #expect(charged.filter { $0.reason == .lateCancellation }.count == late)
        #expect(charged.filter { $0.reason == .noShow }.count == absent)
        // Six hours is a full day; three hours or less a half day.
        #expect(charged.allSatisfy { $0.pence == ($0.minutes > 240 ? 9000 : 5000) })
        #expect(charged.contains { $0.pence == 9000 } && charged.contains { $0.pence == 5000 })
        // No apology is charged, nor a place handed to a colleague, nor a session the partnership cancelled.
        let excused = try year.database.read { db in
            try Set(Row.fetchAll(db, sql: "SELECT session_id, learner_id FROM booking WHERE status IN ('excused','attended','partial')")
                .map { "\($0["session_id"] as String) \($0["learner_id"] as String)" })
        }
        #expect(charged.allSatisfy { $0.reason == .lateCancellation || !excused.contains("\($0.sessionID) \($0.learnerID)") })
        let transferred = try year.database.read { db in
            try Set(Int64.fetchAll(db, sql: "SELECT booking_id FROM booking_event WHERE note LIKE 'transferred to%'"))
        }
        #expect(!transferred.isEmpty)
        #expect(try count("b.id IN (\(transferred.map(String.init).joined(separator: ","))) AND b.late_cancellation") == 0)
        let cancelledSessions = try year.database.read { db in try Set(String.fetchAll(db, sql: "SELECT id FROM session WHERE status = 'cancelled'")) }
        #expect(charged.allSatisfy { !cancelledSessions.contains($0.sessionID) })
    }

    @Test func exemptAgenciesAndReasonsTurnedOffAreNotCharged() throws {
        try charge()
        let everything = try all()
        try charges.setPolicy(try charges.policy().charging, exempting: ["Police", "health"])
        let exempted = try all()
        #expect(exempted.count == everything.filter { !["police", "health"].contains($0.agencyID) }.count)
        #expect(everything.contains { $0.agencyID == "police" })
        try charge { $0.chargesNoShows = false; $0.exemptAgencies = [] }
        #expect(try all().count == everything.filter { $0.reason == .lateCancellation }.count)
        try charge(half: 0) { $0.chargesNoShows = true }
        #expect(try all().allSatisfy { $0.minutes > 240 })   // a half day at nothing is not a charge
    }

    @Test func theInvoiceTotalsEachAgencyAndReadsBackAsCSVAndJSON() throws {
        try charge(half: 4950)
        let invoice = ChargesInvoice(try all(), local: year.reportClock.local)
        #expect(invoice.totals.reduce(0) { $0 + $1.pence } == invoice.totalPence)
        for total in invoice.totals {
            let mine = invoice.charges.filter { $0.agencyID == total.agencyID }
            #expect(total.bookings == mine.count && total.pence == mine.reduce(0) { $0 + $1.pence })
        }
        var csv = ""
        try invoice.write(.csv) { csv += $0 }
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        #expect(reader.headerRow == ChargesInvoice.columns)
        var amounts: [String] = []
        while let row = reader.next() { amounts.append(row[8]) }
        #expect(amounts.count == invoice.charges.count && amounts.contains("49.50"))
        let json = try JSONSerialization.jsonObject(with: Data(invoice.json.serialized().utf8)) as! [String: Any]
        #expect((json["charges"] as! [Any]).count == invoice.charges.count)
        #expect(json["total"] as? Double == Double(invoice.totalPence) / 100)
    }

    @Test func moneyIsReadAsPeopleTypeIt() {
        #expect(Pence.parse("50") == 5000 && Pence.parse("£49.50") == 4950 && Pence.parse("49.5") == 4950 && Pence.parse("0") == 0)
        for bad in ["", "5x", "-5", "49.505", ".5", "£", "1e3", "٥٠"] { #expect(Pence.parse(bad) == nil, "\(bad)") }
        #expect(Pence.text(4950) == "49.50" && Pence.text(9000) == "90.00")
    }
}
