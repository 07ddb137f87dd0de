import Foundation
import GRDB
import Testing
@testable import MusterCore

@Suite struct ComplianceTests {
    func d(_ text: String) throws -> LocalDate { try LocalDate(stored: text) }

    func requirements(_ given: Given) -> Requirements { Requirements(database: given.database, clock: given.clock, actor: .localOperator) }
    func compliance(_ given: Given, as actor: ActingUser = .localOperator) -> Compliance {
        Compliance(database: given.database, clock: given.clock, actor: actor)
    }

    /// The fixtures' catalogue; L1…L3 are Social Workers, L4 a Teacher; `hate-crime` is required of
    /// social workers (KPI 9.1) and renewed every 12 months.
    func given(now: String = "2027-01-01 09:00", renew: Int? = 12, within: Int? = nil) throws -> Given {
        let given = try Given(now: now).seeded().learners(4)
        for learner in ["L1", "L2", "L3", "L4"] {
            var details = People.Details()
            details.jobRole = learner == "L4" ? "Teacher" : "Social Worker"
            _ = try given.people.edit(learner, details)
        }
        _ = try requirements(given).add(Requirement(kpi: "9.1", title: "Hate crime", courseIDs: ["hate-crime"], roles: ["Social Worker"],
                                                    withinMonths: within, renewMonths: renew, targetPercent: 80))
        return given
    }

    // MARK: - The rule, at its edges

    /// An agency's grid reads only its own learners under each requirement, from an index
    /// alone: with the agency last in the index, a requirement of all staff read the whole
    /// partnership's (100 ms for a grid of 600 learners on a decade's file).
    @Test func anAgencysGridReadsOnlyItsOwnLearnersFromTheIndex() throws {
        let given = try Given()
        let plan = try given.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Compliance.agencyCompletions, arguments: [1, "an-agency"]).map { $0["detail"] as String }
        }
        #expect(plan == ["SEARCH requirement_completion USING COVERING INDEX requirement_completion_by_agency (requirement_id=? AND agency_id=?)"])
    }

    @Test func aRenewalIsMetThenDueForSixtyDaysThenOverdue() throws {
        let rule = Requirement(title: "r", courseIDs: ["c"], roles: ["x"], renewMonths: 12)
        let done = try d("2024-02-29") // valid until 2025-02-28: a leap day has no anniversary
        #expect(Standing(rule, started: nil, completed: done, today: try d("2024-12-29")).status == .met)
        #expect(Standing(rule, started: nil, completed: done, today: try d("2024-12-30")).status == .due)
        let lastDay = Standing(rule, started: nil, completed: done, today: try d("2025-02-28"))
        #expect(try lastDay.status == .due && lastDay.compliant && lastDay.validUntil == (d("2025-02-28")))
        let after = Standing(rule, started: nil, completed: done, today: try d("2025-03-01"))
        #expect(after.status == .overdue && !after.compliant)
        let once = Requirement(title: "r", courseIDs: ["c"], roles: ["x"])
        #expect(Standing(once, started: nil, completed: done, today: try d("2040-01-01")).status == .met)
    }

    @Test func aStartingWindowIsMissingThenDueThenOverdueAtItsMonthEnd() throws {
        let rule = Requirement(title: "r", courseIDs: ["c"], roles: ["x"], withinMonths: 6)
        let started = try d("2026-08-31") // six months on is 2027-02-28
        let early = Standing(rule, started: started, completed: nil, today: try d("2026-12-29"))
        #expect(try early.status == .missing && early.dueBy == (d("2027-02-28")) && !early.expected)
        #expect(Standing(rule, started: started, completed: nil, today: try d("2026-12-30")).status == .due)
        #expect(Standing(rule, started: started, completed: nil, today: try d("2027-02-28")).status == .due)
        let late = Standing(rule, started: started, completed: nil, today: try d("2027-03-01"))
        #expect(late.status == .overdue && late.expected)
        #expect(Standing(rule, started: started, completed: try d("2026-09-10"), today: try d("2026-10-01")).status == .met)
        #expect(Standing(rule, started: nil, completed: nil, today: try d("2026-10-01")).status == .missing)
    }

    /// The KPI table counts in SQL with the day boundaries of `validSince` and
    /// `windowOpensFrom`; they must agree with the rule for every day.
    @Test func theKPIBoundariesAgreeWithTheRuleOnEveryDay() throws {
        let rule = Requirement(title: "r", courseIDs: ["c"], roles: ["x"], withinMonths: 3, renewMonths: 6)
        let today = try d("2027-03-31")
        let since = try #require(Standing.validSince(rule, today: today)), opens = try #require(Standing.windowOpensFrom(rule, today: today))
        for offset in -400...0 {
            let day = today.adding(days: offset)
            #expect(Standing(rule, started: nil, completed: day, today: today).compliant == (day >= since))
            #expect(Standing(rule, started: day, completed: nil, today: today).expected == !(day >= opens))
        }
    }

    // MARK: - Learners

    @Test func onlyFullAttendanceMeetsARequirement() throws {
        let given = try given()
        for learner in ["L1", "L2"] { _ = try given.bookings().book("s101", for: learner) }
        let after = try given.at("2027-01-12 13:00")
        let register = Register(database: after.database, clock: after.clock, actor: .localOperator)
        try register.mark("s101", learners: ["L1"], as: .attended)
        try register.mark("s101", learners: ["L2"], as: .partial, minutes: 170)
        let l1 = try compliance(after).learner("L1").lines
        #expect(l1.map(\.standing.status) == [.met])
        #expect(try l1.first?.standing.validUntil == (d("2028-01-12")) && l1.first?.evidence == "session s101")
        let l2 = try compliance(after).learner("L2").lines
        #expect(l2.map(\.standing.status) == [.missing])
        // Partial attendance still earns CPD hours.
        #expect(try CPDArea(database: after.database, clock: after.clock, actor: .localOperator).record(of: "L2").totals.total > 2.8)
    }

    @Test func anEquivalentAnAdminRecordsMeetsItWithItsEvidence() throws {
        let given = try given()
        try requirements(given).recordEquivalent(learner: "L3", course: "hate-crime", on: try d("2026-12-01"),
                                                 evidence: "council e-learning certificate")
        let line = try #require(try compliance(given).learner("L3").lines.first)
        #expect(try line.standing.status == .met && line.standing.completed == (d("2026-12-01")))
        #expect(line.evidence == "equivalent: council e-learning certificate")
        #expect(throws: ComplianceError.evidenceRequired) {
            try requirements(given).recordEquivalent(learner: "L3", course: "hate-crime", on: try d("2026-12-01"), evidence: " ")
        }
    }

    @Test func whatIsNotMetComesWithSessionsThatWouldMeetIt() throws {
        let given = try given()
        let line = try #require(try compliance(given).learner("L1").lines.first)
        #expect(line.standing.status == .missing)
        #expect(line.nextSessions.map(\.session.id) == ["s101"])
        // A teacher owes nothing here.
        #expect(try compliance(given).learner("L4").lines.isEmpty)
    }

    /// Booking closes a number of working days before a session, its own or the
    /// partnership's, so the sessions offered are the soonest still open with a place however
    /// many sooner ones have closed or filled: here fifteen, more than are read at first.
    @Test func theSessionsOfferedAreTheSoonestStillOpenWithAPlace() throws {
        let given = try given()
        for day in 10...23 { _ = try given.session("2027-02-\(day) 09:30", cutoffDays: 60) }
        let full = try given.session("2027-02-24 09:30", capacity: 1)
        _ = try given.bookings().book(full, for: "L4")
        let open = try ["2027-02-25", "2027-02-26", "2027-03-01", "2027-03-02"].map { try given.session("\($0) 09:30") }
        let now = given.clock.now, local = given.clock.local
        let everyOpen = try given.database.read { db in
            let policy = try SchedulingPolicy.load(db)
            return try String.fetchAll(db, sql: "SELECT id FROM session WHERE course_id = 'hate-crime' AND status = 'scheduled'")
                .map { try Schedule.summary($0, in: db) }
                .filter { $0.session.startsAt > now && $0.freePlaces > 0 && now < policy.cutoff(of: $0.session, in: local) }
                .sorted { $0.session.startsAt < $1.session.startsAt }.map(\.session.id)
        }
        #expect(everyOpen.suffix(4) == open[...] && everyOpen.count <= 5)
        let line = try #require(try compliance(given).learner("L1").lines.first)
        #expect(line.nextSessions.map(\.session.id) == Array(everyOpen.prefix(3)))
        #expect(try given.database.read { db in
            try Schedule.alternatives(to: Schedule.summary(open[3], in: db).session, in: db, now: now, local: local, limit: 2).map(\.session.id)
        } == Array(everyOpen.filter { $0 != open[3] }.prefix(2)))
    }

    @Test func aLearnerSeesOnlyTheirOwnCompliance() throws {
        let given = try given()
        let l1 = ActingUser(id: "l1", role: .learner, learnerID: "L1")
        #expect(throws: PeopleError.unknownLearner("L2", suggestions: [])) { try compliance(given, as: l1).learner("L2") }
        #expect(try compliance(given, as: l1).learner("L1").lines.count == 1)
    }

    @Test func roleGroupsFromTheFileApplyToEveryTitleInThem() throws {
        let given = try Given().seeded().learners(2)
        var details = People.Details()
        details.jobRole = "health visitor"
        _ = try given.people.edit("L1", details)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("requirements-\(UUID()).yaml")
        try """
            role_groups:
              frontline: [Health Visitor, Social Worker]
            requirements:
              - kpi: "2.1"
                title: Domestic abuse
                courses: [domestic-abuse]
                roles: [frontline]
                target: 80
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let summary = try requirements(given).importFile(file)
        #expect(summary.added == ["2.1"])
        #expect(try requirements(given).importFile(file).unchanged == 1)
        #expect(try compliance(given).learner("L1").lines.map(\.requirement.kpi) == ["2.1"])
        #expect(try compliance(given).learner("L2").lines.isEmpty)
    }

    @Test func aRequirementNamingAnUnknownCourseIsRefusedWhole() throws {
        let given = try Given().seeded()
        #expect(throws: ComplianceError.self) {
            try requirements(given).add(Requirement(kpi: "3.1", title: "x", courseIDs: ["hate-crim"], roles: ["Teacher"]))
        }
        #expect(try requirements(given).all().isEmpty)
    }

    @Test func aRetiredRequirementStopsCounting() throws {
        let given = try given()
        #expect(try compliance(given).kpiCounts().count == 1)
        let retired = try requirements(given).retire("9.1")
        #expect(retired.retired)
        #expect(try compliance(given).learner("L1").lines.isEmpty)
        #expect(try compliance(given).kpiCounts().isEmpty)
        #expect(throws: ComplianceError.unknownRequirement("9.9", known: ["9.1"])) { try requirements(given).retire("9.9") }
    }

    @Test func aBrokenRequirementsFileImportsNothingNotEvenItsGroups() throws {
        let given = try Given().seeded()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("requirements-\(UUID()).yaml")
        try """
            role_groups:
              frontline: [Health Visitor]
            requirements:
              - kpi: "2.1"
                title: Domestic abuse
                courses: [domestic-abuse]
                roles: [frontline]
              - kpi: "2.2"
                title: Hate crime
                courses: [hate-crim]
                roles: [frontline]
                taget: 80
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            try requirements(given).importFile(file)
        } throws: { error in
            let text = "\(error)"
            return text.contains("KPI 2.2: unknown field 'taget'")
        }
        #expect(try requirements(given).all().isEmpty)
        #expect(try requirements(given).roleGroups().isEmpty)
    }

    @Test func anAgencysGridShowsItsOwnStaffWithEachOnesStanding() throws {
        let given = try given()
        _ = try given.people.addAgency(id: "police", name: "Police")
        var moved = People.Details()
        moved.agency = "police"; moved.jobRole = "Detective"
        _ = try given.people.edit("L2", moved)
        _ = try requirements(given).add(Requirement(kpi: "9.2", title: "Domestic abuse", courseIDs: ["domestic-abuse"], roles: ["Detective"],
                                                    targetPercent: 80))
        _ = try given.bookings().book("s101", for: "L1")
        let after = try given.at("2027-01-12 13:00")
        try Register(database: after.database, clock: after.clock, actor: .localOperator).mark("s101", learners: ["L1"], as: .attended)
        let grid = try compliance(after).agency("council")
        #expect(grid.requirements.map(\.kpi) == ["9.1"])
        // The teacher owes nothing, and L2 is a police detective now: 9.2 is police's alone.
        #expect(grid.rows.map(\.learner.id) == ["L1", "L3"])
        for row in grid.rows {
            #expect(try row.standings == [compliance(after).learner(row.learner.id).lines.first?.standing])
        }
        #expect(grid.rows.map { $0.standings.first??.status } == [.met, .missing])
        let police = try compliance(after).agency("police")
        #expect(police.requirements.map(\.kpi) == ["9.2"] && police.rows.map(\.learner.id) == ["L2"])
    }

    // MARK: - The KPI counts

    /// A population of learners with random roles, start dates and attendance: the SQL
    /// counts must equal what each learner's own standing says.
    @Test func kpiCountsAgreeWithEachLearnersStanding() throws {
        let given = try Given(now: "2026-01-01 09:00").seeded()
        _ = try given.people.addAgency(id: "health", name: "Health")
        _ = try given.people.addAgency(id: "police", name: "Police")
        var random = SeededGenerator(seed: 7)
        let roles = ["Social Worker", "Teacher", "Health Visitor"]
        for number in 1...60 {
            var details = People.Details()
            details.name = "Learner \(number)"; details.email = "l\(number)@x.example"
            details.agency = random.below(2) == 0 ? "health" : "police"
            details.jobRole = roles[random.below(roles.count)]
            if random.below(3) > 0 { details.started = try d("2026-01-01").adding(days: random.below(500)) }
            _ = try given.people.add("L\(number)", details)
        }
        _ = try requirements(given).add(Requirement(kpi: "1.1", title: "Hate crime", courseIDs: ["hate-crime"],
                                                    roles: ["Social Worker", "Health Visitor"], withinMonths: 3, renewMonths: 12, targetPercent: 80))
        _ = try requirements(given).add(Requirement(kpi: "1.2", title: "DA", courseIDs: ["domestic-abuse"], roles: ["Social Worker"],
                                                    targetPercent: 90))
        // Attendance on the fixture sessions and on sessions a year earlier.
        for (sessionID, attendAt) in [("s101", "2027-01-12 13:00"), ("s102", "2027-03-02 13:00")] {
            let booked = (1...60).filter { _ in random.below(2) == 0 }.map { "L\($0)" }
            var full: [String] = []
            for learner in booked {
                if (try? given.bookings().book(sessionID, for: learner, force: true)) != nil { full.append(learner) }
            }
            let then = try given.at(attendAt)
            let register = Register(database: then.database, clock: then.clock, actor: .localOperator)
            let confirmed = try register.entries(sessionID).entries.filter { $0.status == .confirmed }.map(\.learnerID)
            let attended = confirmed.filter { _ in random.below(3) > 0 }
            if !attended.isEmpty { try register.mark(sessionID, learners: attended, as: .attended) }
        }
        var metOnHateCrime: [String: Int] = [:]
        for today in ["2027-03-10 09:00", "2027-06-30 09:00", "2028-01-12 09:00", "2028-01-13 09:00"] {
            let then = try given.at(today)
            let counts = try compliance(then).kpiCounts()
            metOnHateCrime[today] = counts.filter { $0.requirement.kpi == "1.1" }.reduce(0) { $0 + $1.met }
            for count in counts {
                let learners = try then.people.learners(agency: count.agencyID).map(\.learner.id)
                var relevant = 0, met = 0
                for learner in learners {
                    guard let line = try compliance(then).learner(learner).lines.first(where: { $0.requirement.kpi == count.requirement.kpi })
                    else { continue }
                    if line.standing.expected { relevant += 1 }
                    if line.standing.compliant { met += 1 }
                }
                #expect(count.relevant == relevant && count.met == met, "\(today) \(count.agencyID) \(count.requirement.kpi!)")
            }
            #expect(counts.count == 4)
        }
        // The population is not trivial: people met it, and a year on from s101 it lapsed.
        #expect(metOnHateCrime["2028-01-12 09:00"]! > 0)
        #expect(metOnHateCrime["2028-01-13 09:00"]! < metOnHateCrime["2028-01-12 09:00"]!)
    }
}
