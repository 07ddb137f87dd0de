import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The agency table's monthly sums (`AgencyMonths`) follow the kept places, and a period read
/// from them, with its ends read place by place, gives what counting its places one by one
/// gives: wherever the period starts and ends, in every zone.
@Suite struct AgencyMonthsTests {
    /// Learners L1…L4 of the council, seen from New Year 2027 in `zone`.
    func given(in zone: String = "Europe/London") throws -> Given {
        let given = try Given(now: "2027-01-01 09:00").learners(4)
        _ = try given.seeded()
        return Given(database: given.database, clock: try MusterClock.fixed(local: "2027-01-01 09:00", zone: try #require(TimeZone(identifier: zone))))
    }

    func at(_ now: String, _ given: Given) throws -> Given {
        Given(database: given.database, clock: try MusterClock.fixed(local: now, zone: given.clock.zone))
    }

    /// A session at 09:30 on each local day given, booked and marked as its learners say,
    /// then closed as run.
    @discardableResult
    func ran(_ visits: [(day: String, marks: [String: Register.Mark])], _ given: Given) throws -> Given {
        var last = given
        for (day, marks) in visits {
            let session = try given.session("\(day) 09:30")
            for learner in marks.keys.sorted() { _ = try given.bookings().book(session, for: learner) }
            last = try at("\(day) 18:00", given)
            for (learner, mark) in marks.sorted(by: { $0.key < $1.key }) {
                try Register(database: last.database, clock: last.clock, actor: .localOperator)
                    .mark(session, learners: [learner], as: mark, minutes: mark == .partial ? 60 : nil)
            }
            _ = try last.schedule.complete(session)
        }
        return last
    }

    /// The council's figures as "attended/partial/absent/excused learners late", read from the
    /// sums, after checking that reading every place one by one says the same.
    func council(_ given: Given, from: String, to: String) throws -> String {
        let local = given.clock.local
        let start = local.startOfDay(try local.parseDate(from)), period = start..<max(start, local.endOfDay(try local.parseDate(to)))
        let figures = TrainingFigures(database: given.database, clock: given.clock, actor: .localOperator)
        let summed = try figures.agencies(AgencyMonths.Reading(period)), counted = try figures.agencies(.placeByPlace(period))
        #expect(summed == counted, "\(from) to \(to) in \(given.clock.zone.identifier)")
        let council = try #require(summed.first { $0.agencyID == "council" })
        return "\(council.attended)/\(council.partial)/\(council.absent)/\(council.excused) \(council.learners) \(council.lateCancellations)"
    }

    /// Each month's totals, "agency month: places attended/partial/absent/excused came late",
    /// then the places learners came to by the month they came before, "... after month: places came".
    func sums(_ given: Given) throws -> [String] {
        try given.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT agency_id || ' ' || month || ': ' || places || ' ' || attended || '/' || partial || '/' || absent || '/' || excused
                       || ' ' || came || ' ' || late
                FROM agency_month_total ORDER BY agency_id, month
                """)
            + String.fetchAll(db, sql: """
                SELECT agency_id || ' ' || month || ' after ' || previous_month || ': ' || places || ' ' || came
                FROM agency_month ORDER BY agency_id, month, previous_month
                """)
        }
    }

    func drift(_ given: Given) throws -> [String] { try given.database.read { db in try AgencyMonths.drift(db) } }

    @Test func eachMonthSumsItsPlacesByTheMonthEachLearnerLastCameBefore() throws {
        let given = try given()
        _ = try given.people.addAgency(id: "police", name: "Police")
        let after = try ran([("2027-01-12", ["L1": .attended]), ("2027-03-02", ["L1": .partial, "L2": .absent])], given)
        #expect(try sums(after) == ["council 2027-01: 1 1/0/0/0 1 0", "council 2027-03: 2 0/1/1/0 1 0",
                                    "council 2027-01 after : 1 1", "council 2027-03 after : 1 0", "council 2027-03 after 2027-01: 1 1"])
        // L1 moves to the police, and the March session to April: the sums follow the places.
        var details = People.Details()
        details.agency = "police"
        _ = try after.people.edit("L1", details)
        try after.behindTheServices("move", on: "session", """
            UPDATE session SET starts_at = '2027-04-06 08:30:00.000', ends_at = '2027-04-06 11:30:00.000' WHERE starts_at LIKE '2027-03-02%'
            """)
        #expect(try sums(after) == ["council 2027-04: 1 0/0/1/0 0 0", "police 2027-01: 1 1/0/0/0 1 0", "police 2027-04: 1 0/1/0/0 1 0",
                                    "council 2027-04 after : 1 0", "police 2027-01 after : 1 1", "police 2027-04 after 2027-01: 1 1"])
        // L2's place deleted behind the services (its history first): its month goes.
        try after.behindTheServices("delete", on: "booking", """
            DELETE FROM booking_event WHERE booking_id IN (SELECT id FROM booking WHERE learner_id = 'L2');
            DELETE FROM booking WHERE learner_id = 'L2'
            """)
        #expect(try sums(after) == ["police 2027-01: 1 1/0/0/0 1 0", "police 2027-04: 1 0/1/0/0 1 0",
                                    "police 2027-01 after : 1 1", "police 2027-04 after 2027-01: 1 1"])
        #expect(try drift(after).isEmpty)
    }

    /// L1 and L2 came before the period and in it; L3 and L4 came twice near its start; each end
    /// falls either side of the month boundary nearest it, so every correction is needed.
    @Test(arguments: ["Europe/London", "Pacific/Auckland", "Pacific/Honolulu", "Asia/Kathmandu"])
    func aPeriodCountsEachLearnerOnceWhereverItsEndsFall(zone: String) throws {
        let after = try ran([
            ("2027-05-20", ["L1": .attended]), ("2027-05-27", ["L2": .attended]), ("2027-05-29", ["L2": .attended]), ("2027-06-02", ["L4": .attended]),
            ("2027-06-03", ["L3": .attended]), ("2027-06-04", ["L3": .attended]),
            ("2027-06-08", ["L1": .attended]), ("2027-06-20", ["L4": .partial]), ("2027-06-25", ["L3": .attended, "L2": .absent]),
            ("2027-07-15", ["L2": .attended]), ("2027-08-05", ["L1": .excused]),
        ], try given(in: zone))
        // Starts a week before June: L2 came on 27 May, inside it, so not again on the 29th
        // nor in July.
        #expect(try council(after, from: "2027-05-25", to: "2027-08-10") == "8/1/1/1 4 0")
        // Starts four days into June: L4 came on 2 June, before it, so counts on the 20th; L3
        // came on the 3rd and 4th, before it too, so counts on the 25th.
        #expect(try council(after, from: "2027-06-05", to: "2027-07-20") == "3/1/1/0 4 0")
        // Ends ten days before July: the 25th is out, and L4 on the 20th came in it already.
        #expect(try council(after, from: "2027-06-01", to: "2027-06-20") == "4/1/0/0 3 0")
        #expect(try council(after, from: "2027-01-01", to: "2027-12-31") == "9/1/1/1 4 0")
        // June less its first week and its last five days.
        #expect(try council(after, from: "2027-06-08", to: "2027-06-25") == "2/1/1/0 3 0")
        // Both ends nearest 1 July: read place by place.
        #expect(try council(after, from: "2027-06-20", to: "2027-07-10") == "1/1/1/0 2 0")
        // Backwards: nothing, whether within a month or across months.
        #expect(try council(after, from: "2027-06-25", to: "2027-06-03") == "0/0/0/0 0 0")
        #expect(try council(after, from: "2027-08-01", to: "2027-05-01") == "0/0/0/0 0 0")
        #expect(try drift(after).isEmpty)
    }

    /// A file from before the sums (migration v15 not yet run) gets them from its places.
    @Test func aFileFromBeforeTheSumsIsSummedOnUpgrade() throws {
        let file = try FileOnDisk()
        let opened = try file.open(now: "2027-01-01 09:00").learners(3)
        _ = try opened.seeded()
        let after = try ran([("2027-01-12", ["L1": .attended, "L2": .absent]), ("2027-02-09", ["L1": .attended])], opened)
        let before = try sums(after)
        try file.unmigrate("v15-agency-months", triggers: "agency_month_", tables: ["agency_month", "agency_month_total"])
        let upgraded = try file.open(now: "2027-03-01 09:00")
        #expect(try sums(upgraded) == before)
        #expect(try council(upgraded, from: "2027-01-01", to: "2027-12-31") == "2/0/1/0 1 0")
        #expect(try drift(upgraded).isEmpty)
    }
}
