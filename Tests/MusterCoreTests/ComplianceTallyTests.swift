import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The stored completions and counts behind the KPI table (`ComplianceTally`) follow every
/// change that could move them, and agree with a recount after each.
@Suite struct ComplianceTallyTests {
    func requirements(_ given: Given) -> Requirements { Requirements(database: given.database, clock: given.clock, actor: .localOperator) }
    func register(_ given: Given) -> Register { Register(database: given.database, clock: given.clock, actor: .localOperator) }

    func drift(_ given: Given) throws -> [String] { try given.database.read { db in try ComplianceTally.drift(db) } }

    /// Each learner's stored last completion of KPI 9.1 (nil: stored as never; absent: not theirs).
    func completions(_ given: Given) throws -> [String: String?] {
        try given.database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT learner_id, last_at FROM requirement_completion WHERE requirement_id = (SELECT id FROM requirement WHERE kpi = '9.1')
                """).map { ($0["learner_id"] as String, $0["last_at"] as String?) })
        }
    }

    func tally(_ given: Given) throws -> [String] {
        try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT agency_id || ' ' || learners || ' ' || never_done FROM requirement_tally ORDER BY agency_id")
        }
    }

    /// L1…L3 social workers of the council, L4 a teacher; KPI 9.1 asks social workers for hate-crime.
    func given() throws -> Given {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(4)
        _ = try given.people.addAgency(id: "police", name: "Police")
        for learner in ["L1", "L2", "L3", "L4"] {
            try edit(learner, role: learner == "L4" ? "Teacher" : "Social Worker", in: given)
        }
        _ = try requirements(given).add(Requirement(kpi: "9.1", title: "Hate crime", courseIDs: ["hate-crime"], roles: ["Social Worker"],
                                                    renewMonths: 12, targetPercent: 80))
        return given
    }

    func edit(_ learner: String, role: String? = nil, agency: String? = nil, in given: Given) throws {
        var details = People.Details()
        details.jobRole = role; details.agency = agency
        _ = try given.people.edit(learner, details)
    }

    /// L1 booked on s101 and marked there, seen just after it.
    func attendedByL1(_ given: Given) throws -> Given {
        _ = try given.bookings().book("s101", for: "L1")
        let after = try given.at("2027-01-12 13:00")
        try register(after).mark("s101", learners: ["L1"], as: .attended)
        return after
    }

    @Test func attendanceCorrectionsAndEquivalentsMoveEachLearnersLastCompletion() throws {
        let given = try given()
        #expect(try completions(given) == ["L1": nil, "L2": nil, "L3": nil])
        #expect(try tally(given) == ["council 3 3"])
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s101", for: learner) }
        let after = try given.at("2027-01-12 13:00")
        try register(after).mark("s101", learners: ["L1", "L2"], as: .attended)
        #expect(try completions(after)["L1"]??.hasPrefix("2027-01-12") == true)
        #expect(try tally(after) == ["council 3 1"])
        // The register corrected: L2 was not there after all.
        try register(after).mark("s101", learners: ["L2"], as: .absent)
        #expect(try completions(after)["L2"] == .some(nil))
        try requirements(after).recordEquivalent(learner: "L3", course: "hate-crime", on: try LocalDate(stored: "2026-12-01"),
                                                 evidence: "council e-learning")
        #expect(try completions(after)["L3"]??.hasPrefix("2026-12-01") == true)
        #expect(try tally(after) == ["council 3 1"])
        #expect(try drift(after).isEmpty)
    }

    @Test func aLearnersNewRoleOrAgencyMovesThemBetweenRequirementsAndCounts() throws {
        let given = try given()
        try edit("L4", role: "social worker", in: given)
        try edit("L1", agency: "police", in: given)
        try edit("L2", role: "Teacher", in: given)
        #expect(try Set(completions(given).keys) == ["L1", "L3", "L4"])
        #expect(try tally(given) == ["council 2 2", "police 1 1"])
        #expect(try drift(given).isEmpty)
    }

    @Test func aRequirementsNewCoursesAndARoleGroupsNewMembersAreCountedOnImport() throws {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(3)
        try edit("L1", role: "Health Visitor", in: given)
        try edit("L2", role: "School Nurse", in: given)
        let files = try TemporaryDirectory()
        func file(members: String, courses: String) throws -> URL {
            try files.write("requirements.yaml", """
                role_groups:
                  frontline: [\(members)]
                requirements:
                  - kpi: "2.1"
                    title: Domestic abuse
                    courses: [\(courses)]
                    roles: [frontline]
                    target: 80
                """)
        }
        _ = try requirements(given).importFile(try file(members: "Health Visitor", courses: "domestic-abuse"))
        func who() throws -> [String] {
            try given.database.read { db in try String.fetchAll(db, sql: "SELECT learner_id FROM requirement_completion ORDER BY learner_id") }
        }
        #expect(try who() == ["L1"])
        // The requirement itself is unchanged: only the group's members are new.
        let summary = try requirements(given).importFile(try file(members: "Health Visitor, School Nurse", courses: "domestic-abuse"))
        #expect(summary.unchanged == 1)
        #expect(try who() == ["L1", "L2"])
        try requirements(given).recordEquivalent(learner: "L2", course: "hate-crime", on: try LocalDate(stored: "2026-12-01"), evidence: "e-learning")
        _ = try requirements(given).importFile(try file(members: "Health Visitor, School Nurse", courses: "domestic-abuse, hate-crime"))
        #expect(try given.database.read { db in try String.fetchOne(db, sql: "SELECT last_at FROM requirement_completion WHERE learner_id = 'L2'") }?
            .hasPrefix("2026-12-01") == true)
        _ = try requirements(given).retire("2.1")
        #expect(try who().isEmpty)
        #expect(try drift(given).isEmpty)
    }

    @Test func anErasedLearnersCompletionStaysCountedUnderTheirNewName() throws {
        let after = try attendedByL1(try given())
        let erased = try Erasure(database: after.database, clock: after.clock, actor: .localOperator).erase("L1")
        let pseudonym = try #require(erased.erased.first?.pseudonym)
        let stored = try completions(after)
        #expect(stored["L1"] == nil && stored[pseudonym]??.hasPrefix("2027-01-12") == true)
        #expect(try tally(after) == ["council 3 2"])
        #expect(try drift(after).isEmpty)
    }

    @Test func aSessionMovedAfterItsRegisterMovesItsAttendeesCompletions() throws {
        let after = try attendedByL1(try given())
        try after.behindTheServices("move", on: "session", "UPDATE session SET starts_at = '2027-01-05 09:30:00.000' WHERE id = 's101'")
        #expect(try completions(after)["L1"] == .some("2027-01-05 09:30:00.000"))
        #expect(try after.database.read { db in try String.fetchAll(db, sql: "SELECT month FROM requirement_month") } == ["2027-01"])
        #expect(try drift(after).isEmpty)
    }

    /// Stored by the instant, so a completion on the first of a summer month sits in the
    /// month before; it still counts for exactly its twelve months.
    @Test func aCompletionOnTheFirstOfASummerMonthCountsForExactlyItsRenewal() throws {
        let given = try given()
        try requirements(given).recordEquivalent(learner: "L1", course: "hate-crime", on: try LocalDate(stored: "2026-04-01"), evidence: "e-learning")
        #expect(try completions(given)["L1"] == .some("2026-03-31 23:00:00.000"))
        func met(_ today: String) throws -> Int {
            let then = try given.at(today)
            return try Compliance(database: then.database, clock: then.clock, actor: .localOperator).kpiCounts().reduce(0) { $0 + $1.met }
        }
        #expect(try met("2027-03-31 09:00") == 1)
        #expect(try met("2027-04-01 09:00") == 1)
        #expect(try met("2027-04-02 09:00") == 0)
    }

    @Test func driftNamesWhatTheTriggersMissed() throws {
        let given = try given()
        _ = try given.bookings().book("s101", for: "L1")
        let after = try given.at("2027-01-12 13:00")
        try after.behindTheServices("break", on: "session", "DROP TRIGGER requirement_completion_booking_update")
        try register(after).mark("s101", learners: ["L1"], as: .attended)
        #expect(try drift(after) == ["requirement 1, learner L1"])
        // The counts no longer follow the completions.
        try after.behindTheServices("break", on: "session", "DROP TRIGGER requirement_completion_counted_insert")
        try requirements(after).recordEquivalent(learner: "L2", course: "hate-crime", on: try LocalDate(stored: "2026-12-01"), evidence: "e-learning")
        #expect(try drift(after) == ["requirement 1, learner L1", "requirement 1, agency council", "requirement 1, agency council, 2026-12"])
    }

    /// A file from the Muster before the tally (migration v12 not yet run) gets it filled from
    /// the attendance it already holds, with the same KPI figures, and the person is told.
    @Test func aFileFromBeforeTheTallyIsCountedOnUpgradeAndThePersonIsTold() throws {
        let file = try FileOnDisk()
        let given = try file.open(now: "2027-01-01 09:00").seeded().learners(3)
        for learner in ["L1", "L2", "L3"] {
            try edit(learner, role: "Social Worker", in: given)
        }
        _ = try requirements(given).add(Requirement(kpi: "9.1", title: "Hate crime", courseIDs: ["hate-crime"], roles: ["Social Worker"],
                                                    renewMonths: 12, targetPercent: 80))
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s101", for: learner) }
        let after = try given.at("2027-01-12 13:00")
        try register(after).mark("s101", learners: ["L1"], as: .attended)
        let before = try Compliance(database: after.database, clock: after.clock, actor: .localOperator).kpiCounts()
        #expect(before.map(\.met) == [1])
        // The yearly sums too, made later from it.
        try file.unmigrate("v18-requirement-years", triggers: "requirement_year_", tables: ["requirement_year"])
        try file.unmigrate("v12-compliance-tally", triggers: "requirement_completion_",
                           tables: ["requirement_completion", "requirement_tally", "requirement_month"])
        var told = 0
        let upgraded = try AppDatabase.open(path: file.path, upgrading: { told += 1 }).database
        #expect(told == 1)
        #expect(try Compliance(database: upgraded, clock: after.clock, actor: .localOperator).kpiCounts() == before)
        #expect(try upgraded.read { db in try ComplianceTally.drift(db) }.isEmpty)
        _ = try AppDatabase.open(path: file.path, upgrading: { told += 1 })
        #expect(told == 1)
    }
}
