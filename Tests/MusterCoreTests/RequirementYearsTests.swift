import Foundation
import GRDB
import Testing
@testable import MusterCore

/// The yearly sums of last completions (`RequirementYears`) follow the monthly counts, and a
/// KPI read from them is the KPI read month by month, whatever day it is read on.
@Suite struct RequirementYearsTests {
    func requirements(_ given: Given) -> Requirements { Requirements(database: given.database, clock: given.clock, actor: .localOperator) }

    /// L1…L3 social workers of the council, asked for hate-crime every three years, with
    /// equivalents recorded in 2024, 2025 and 2026 (L1 twice: their last is June 2026).
    func given() throws -> Given {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(3)
        for learner in ["L1", "L2", "L3"] {
            var details = People.Details()
            details.jobRole = "Social Worker"
            _ = try given.people.edit(learner, details)
        }
        _ = try requirements(given).add(Requirement(kpi: "9.1", title: "Hate crime", courseIDs: ["hate-crime"], roles: ["Social Worker"],
                                                    renewMonths: 36, targetPercent: 80))
        for (learner, day) in [("L1", "2024-02-10"), ("L2", "2024-12-31"), ("L3", "2025-07-01"), ("L1", "2026-06-01")] {
            try requirements(given).recordEquivalent(learner: learner, course: "hate-crime", on: try LocalDate(stored: day), evidence: "e-learning")
        }
        return given
    }

    func years(_ given: Given) throws -> [String] {
        try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT year || ' ' || agency_id || ' ' || months || ' ' || learners FROM requirement_year ORDER BY year, agency_id")
        }
    }

    /// Those meeting KPI 9.1 on `day`, after checking that reading it month by month says the same.
    func met(on day: String, _ given: Given) throws -> Int {
        let then = try given.at("\(day) 09:00")
        let compliance = Compliance(database: then.database, clock: then.clock, actor: .localOperator)
        let counts = try compliance.kpiCounts(agency: nil, byMonth: false)
        #expect(try counts == compliance.kpiCounts(agency: nil, byMonth: true), "\(day)")
        return counts.reduce(0) { $0 + $1.met }
    }

    @Test func eachYearSumsTheMonthsItsLearnersLastCompletedIn() throws {
        let given = try given()
        #expect(try years(given) == ["2024 council 1 1", "2025 council 1 1", "2026 council 1 1"])
        // L2 moves to the police: the year follows the monthly count.
        _ = try given.people.addAgency(id: "police", name: "Police")
        var details = People.Details()
        details.agency = "police"
        _ = try given.people.edit("L2", details)
        #expect(try years(given) == ["2024 police 1 1", "2025 council 1 1", "2026 council 1 1"])
        // Retired, it counts nobody.
        _ = try requirements(given).retire("9.1")
        #expect(try years(given).isEmpty)
        #expect(try given.database.read { db in try RequirementYears.drift(db) }.isEmpty)
    }

    @Test func theKPIFromYearlySumsIsTheKPIReadMonthByMonthOnEveryDay() throws {
        let given = try given()
        #expect(try met(on: "2027-03-01", given) == 3)
        // Three years after L2's last: out on 1 January 2028, L3 out in July.
        #expect(try met(on: "2027-12-31", given) == 3)
        #expect(try met(on: "2028-01-01", given) == 2)
        #expect(try met(on: "2028-07-02", given) == 1)
        for first in LocalDate.firstDaysOfMonths(from: LocalDate(year: 2026, month: 12, day: 1), to: LocalDate(year: 2029, month: 7, day: 1)) {
            for day in [first, first.adding(days: 14)] { _ = try met(on: day.description, given) }
        }
    }

    /// A file from before the yearly sums (migration v18 not yet run) gets them from its months.
    @Test func aFileFromBeforeTheYearsIsSummedOnUpgrade() throws {
        let file = try FileOnDisk()
        let opened = try file.open(now: "2027-01-01 09:00")
        _ = try opened.seeded().learners(1)
        var details = People.Details()
        details.jobRole = "Social Worker"
        _ = try opened.people.edit("L1", details)
        _ = try requirements(opened).add(Requirement(kpi: "9.1", title: "Hate crime", courseIDs: ["hate-crime"], roles: ["Social Worker"],
                                                     renewMonths: 36, targetPercent: 80))
        try requirements(opened).recordEquivalent(learner: "L1", course: "hate-crime", on: try LocalDate(stored: "2025-05-05"), evidence: "e-learning")
        try file.unmigrate("v18-requirement-years", triggers: "requirement_year_", tables: ["requirement_year"])
        let upgraded = try file.open(now: "2027-01-01 09:00")
        #expect(try years(upgraded) == ["2025 council 1 1"])
        #expect(try upgraded.database.read { db in try RequirementYears.drift(db) }.isEmpty)
    }
}
