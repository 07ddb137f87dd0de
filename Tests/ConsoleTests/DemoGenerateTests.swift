import Foundation
import GRDB
import Testing
@testable import Console
@testable import Evaluation
@testable import MusterCore

/// `demo generate` builds a partnership's history through the services' rules. One small
/// partnership (300 learners, two years) is generated once into a real file and read by
/// the tests that check what it holds; the others build their own.
@Suite struct DemoGenerateTests {
    /// Generated once for the suite, building it being the slow part; its folder is left
    /// in the temporary directory.
    static let generated: Result<Generated, any Error> = Result {
        let file = try DemoFile(removedWhenDropped: false)
        let (outcome, output, errors) = file.run("demo generate --learners 300 --years 2 --seed 7 --json")
        guard outcome == .succeeded else { throw DemoFailure(errors: errors) }
        return Generated(database: file.database, path: file.folder.appendingPathComponent("demo.sqlite").path, output: output)
    }

    struct Generated: Sendable {
        let database: AppDatabase
        let path: String
        let output: String
        func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }
    }

    struct DemoFailure: Error { let errors: String }

    func given() throws -> Generated { try Self.generated.get() }

    func count(_ sql: String, in file: Generated) throws -> Int {
        try file.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    // MARK: - What the file holds

    @Test func theGeneratedFilePassesSQLitesIntegrityAndForeignKeyChecks() throws {
        let file = try given()
        let integrity = try file.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        let foreignKeys = try file.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(integrity == ["ok"])
        #expect(foreignKeys.isEmpty)
    }

    @Test func noSessionHasMoreConfirmedPlacesThanItsCapacity() throws {
        let file = try given()
        #expect(try count("SELECT COUNT(*) FROM booking", in: file) > 500)
        #expect(try count("""
            SELECT COUNT(*) FROM session s
            WHERE (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status = 'confirmed') > s.capacity
               OR (SELECT COUNT(*) FROM booking b WHERE b.session_id = s.id AND b.status IN ('attended','partial','absent','excused')) > s.capacity
            """, in: file) == 0)
    }

    @Test func everyWaitingListRunsFromOneWithoutGaps() throws {
        let file = try given()
        let lists = try file.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT session_id FROM booking WHERE status = 'waitlisted' ORDER BY session_id").map { session in
                try Booking.fetchAll(db, sql: "SELECT * FROM booking WHERE session_id = ? AND status = 'waitlisted'", arguments: [session])
                    .map { try WaitingList.position(of: $0, in: db) }.sorted()
            }
        }
        #expect(!lists.isEmpty, "some sessions end with people still waiting")
        for positions in lists { #expect(positions == Array(1...positions.count)) }
    }

    @Test func everyAttendanceHasItsVerifiedCPDEntryAndNoAbsenceHasOne() throws {
        let file = try given()
        #expect(try count("""
            SELECT COUNT(*) FROM booking b WHERE b.status IN ('attended','partial')
              AND NOT EXISTS (SELECT 1 FROM cpd_entry c WHERE c.booking_id = b.id AND c.verified AND c.hours > 0)
            """, in: file) == 0)
        #expect(try count("""
            SELECT COUNT(*) FROM cpd_entry c JOIN booking b ON b.id = c.booking_id WHERE b.status NOT IN ('attended','partial')
            """, in: file) == 0)
        #expect(try count("SELECT COUNT(*) FROM cpd_entry WHERE NOT verified", in: file) > 0, "learning recorded elsewhere too")
    }

    @Test func theSchedulerCancelledUnderBookedSessionsAtTheirCutoff() throws {
        let file = try given()
        let lowNumbers = try count("SELECT COUNT(*) FROM session WHERE cancel_reason = 'low-numbers'", in: file)
        #expect(lowNumbers > 0)
        #expect(try count("""
            SELECT COUNT(*) FROM session s WHERE s.cancel_reason = 'low-numbers'
              AND EXISTS (SELECT 1 FROM scheduler_action a WHERE a.session_id = s.id AND a.action = 'cancel')
            """, in: file) == lowNumbers, "each by the scheduler, which recorded it")
        #expect(try count("SELECT COUNT(*) FROM audit_event WHERE actor = 'scheduler' AND action = 'scheduler.cancel'", in: file) == lowNumbers)
    }

    @Test func registersRecordAbsencesApologiesAndPartialAttendance() throws {
        let file = try given()
        for status in ["attended", "partial", "absent", "excused"] {
            #expect(try count("SELECT COUNT(*) FROM booking WHERE status = '\(status)'", in: file) > 0, "\(status)")
        }
        #expect(try count("SELECT COUNT(*) FROM session WHERE status = 'completed'", in: file) > 0)
        #expect(try count("SELECT COUNT(*) FROM booking WHERE late_cancellation", in: file) > 0)
    }

    @Test func feedbackComesOnlyFromThoseWhoAttended() throws {
        let file = try given()
        #expect(try count("SELECT COUNT(*) FROM feedback", in: file) > 0)
        #expect(try count("""
            SELECT COUNT(*) FROM feedback f JOIN booking b ON b.id = f.booking_id WHERE b.status NOT IN ('attended','partial')
            """, in: file) == 0)
    }

    @Test func everySessionsStoredEvaluationAgreesWithARecount() throws {
        let file = try given()
        #expect(try count("SELECT SUM(responses) FROM evaluation_tally", in: file) == count("SELECT COUNT(*) FROM feedback", in: file))
        #expect(try file.read { db in try EvaluationTally.drift(db) }.isEmpty)
    }

    @Test func everyPlaceKeptForTheAgencyTableAgreesWithARecount() throws {
        let file = try given()
        #expect(try count("SELECT COUNT(previous_came) FROM agency_place", in: file) > 0)
        #expect(try file.read { db in try AgencyPlaces.drift(db) }.isEmpty)
    }

    /// The session table as SQLite's own GROUP BY sums and orders the rows that
    /// `TrainingFigures.sessions` sums in Swift.
    static func groupedBySQLite(_ figures: TrainingFigures, from: LocalDate, to: LocalDate, in database: AppDatabase) throws -> [SessionTally] {
        guard let (rows, arguments) = figures.sessionRowsQuery(from: from, to: to, sessionBySession: false) else { return [] }
        return try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT x.year, x.month, x.course_id, c.area, c.format, x.status, x.cancel_reason, SUM(x.sessions), SUM(x.capacity),
                       SUM(x.attended), SUM(x.partial), SUM(x.absent), SUM(x.excused), SUM(x.late)
                FROM (\(rows)) x JOIN course c ON c.id = x.course_id
                GROUP BY x.year, x.month, x.course_id, x.status, x.cancel_reason
                HAVING SUM(x.sessions) > 0
                ORDER BY x.year, x.month, x.course_id, x.status, x.cancel_reason
                """, arguments: arguments).map { row in
                var tally = SessionTally(year: row[0], month: row[1], courseID: row[2], area: row[3], format: row[4], status: row[5],
                                         cancelReason: row[6], sessions: row[7], capacity: row[8])
                (tally.attended, tally.partial, tally.absent, tally.excused, tally.lateCancellations) = (row[9], row[10], row[11], row[12], row[13])
                return tally
            }
        }
    }

    /// Periods starting on the 1st and the 17th of every month of the history, a month and a
    /// half, four months and a year long, in zones either side of UTC: the agency and session
    /// tables and the evaluation read from the monthly sums are those read place by place and
    /// session by session.
    @Test func theReportsTablesFromMonthlySumsAreThoseCountedOneByOne() throws {
        let file = try given()
        #expect(try file.read { db in try AgencyMonths.drift(db) + SessionMonths.drift(db) + EvaluationMonths.drift(db) }.isEmpty)
        var learners = 0, sessions = 0, responses = 0
        let course = try #require(try file.read { db in
            try String.fetchOne(db, sql: "SELECT course_id FROM session GROUP BY course_id ORDER BY COUNT(*) DESC LIMIT 1")
        })
        for zone in ["Europe/London", "Pacific/Auckland", "America/New_York", "Asia/Kathmandu"] {
            let clock = try MusterClock.fixed(local: "2026-11-23 10:00", zone: try #require(TimeZone(identifier: zone)))
            let figures = TrainingFigures(database: file.database, clock: clock, actor: .localOperator)
            for first in LocalDate.firstDaysOfMonths(from: LocalDate(year: 2024, month: 10, day: 1), to: LocalDate(year: 2026, month: 10, day: 1)) {
                for start in [first, first.adding(days: 16)] {
                    for days in [45, 120, 365] {
                        let period = clock.local.startOfDay(start)..<clock.local.startOfDay(start.adding(days: days))
                        let summed = try figures.agencies(AgencyMonths.Reading(period))
                        #expect(try summed == figures.agencies(.placeByPlace(period)), "\(zone): \(days) days from \(start)")
                        learners += summed.reduce(0) { $0 + $1.learners }
                        let (from, to) = (start, start.adding(days: days - 1))
                        let grouped = try figures.sessions(from: from, to: to)
                        #expect(try grouped == figures.sessions(from: from, to: to, sessionBySession: true), "\(zone): \(days) days from \(start)")
                        if start == first && days == 365 {
                            #expect(try grouped == Self.groupedBySQLite(figures, from: from, to: to, in: file.database), "\(zone): a year from \(start)")
                        }
                        sessions += grouped.reduce(0) { $0 + $1.sessions }
                        for subject in [EvaluationScope.Subject.all, .course(course)] {
                            let scope = EvaluationScope(subject, from: from, to: to, closedOnly: subject == .all)
                            let evaluations = Evaluations(database: file.database, clock: clock, actor: .localOperator)
                            try file.read { db in
                                let summed = try evaluations.sums(scope, in: db)
                                #expect(try summed == evaluations.sums(scope, sessionBySession: true, in: db), "\(zone): \(scope)")
                                responses += summed["responses"] ?? 0
                            }
                        }
                    }
                }
            }
        }
        #expect(learners > 0 && sessions > 0 && responses > 0)
    }

    /// Every KPI read on the 1st and 15th of each month of two years, from the yearly sums,
    /// is the KPI read month by month.
    @Test func theKPITableFromYearlySumsIsTheOneReadMonthByMonth() throws {
        let file = try given()
        #expect(try file.read { db in try RequirementYears.drift(db) }.isEmpty)
        var met = 0
        for first in LocalDate.firstDaysOfMonths(from: LocalDate(year: 2025, month: 1, day: 1), to: LocalDate(year: 2026, month: 12, day: 1)) {
            for day in [first, first.adding(days: 14)] {
                let compliance = Compliance(database: file.database, clock: try MusterClock.fixed(local: "\(day) 09:00"), actor: .localOperator)
                let counts = try compliance.kpiCounts(agency: nil, byMonth: false)
                #expect(try counts == compliance.kpiCounts(agency: nil, byMonth: true), "\(day)")
                met += counts.reduce(0) { $0 + $1.met }
            }
        }
        #expect(met > 0)
    }

    @Test func everySessionsKeptCountsAgreeWithARecount() throws {
        let file = try given()
        #expect(try count("SELECT COUNT(*) FROM session_count", in: file) == count("SELECT COUNT(*) FROM session", in: file))
        #expect(try count("SELECT SUM(attended) FROM session_count", in: file) > 0)
        #expect(try file.read { db in try SessionCounts.drift(db) }.isEmpty)
    }

    /// The history is written with the figures' triggers suspended and counted once at the
    /// end; the file must come back with every trigger, unmarked and at the current schema.
    @Test func theFiguresTriggersAreBackAfterTheHistoryAndTheFileIsNotMarkedForARecount() throws {
        let file = try given()
        let fresh = try AppDatabase.inMemory()
        let triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        let expected = try fresh.read { db in try String.fetchAll(db, sql: triggers) }
        #expect(expected.contains("agency_place_booking_update") && expected.contains("requirement_completion_booking_update")
                && expected.contains("session_count_booking_update"))
        #expect(try file.read { db in try String.fetchAll(db, sql: triggers) } == expected)
        #expect(try file.read { db in try Setting.value(KeptFigures.pending, in: db) } == nil)
        #expect(try file.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == Schema.migrator.migrations.count)
    }

    /// Reading named comments best-rated and newest first until enough courses turn up, or
    /// each course's best few when that runs long, finds the quotes that ranking every named
    /// comment would: for any number asked, any period, and either way of reading.
    @Test func theQuotesReadAreTheQuotesFromEveryComment() throws {
        let file = try given()
        let every = try file.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.comment, c.title, l.job_role, a.name AS agency, f.course_rating, s.starts_at, s.course_id
                FROM feedback f JOIN booking b ON b.id = f.booking_id JOIN session s ON s.id = b.session_id
                JOIN course c ON c.id = s.course_id JOIN learner l ON l.id = b.learner_id JOIN agency a ON a.id = l.agency_id
                WHERE s.status = 'completed' AND b.status IN ('attended','partial') AND f.comment IS NOT NULL AND NOT f.anonymous
                """).map(DelegateQuote.init(row:))
        }
        #expect(every.count > 50 && Set(every.map(\.courseRating)).count >= 3 && Set(every.map(\.courseID)).count >= 5)
        let clock = try MusterClock.fixed(local: "2026-11-23 09:00")
        let local = clock.local
        let evaluations = Evaluations(database: file.database, clock: clock, actor: .localOperator)
        // The day of the first comment: a period quoting from fewer courses than are asked.
        let firstDay = local.date(of: every.map(\.startsAt).min()!)
        let periods: [(LocalDate?, LocalDate?)] = [(firstDay, firstDay),
            (nil, nil), (LocalDate(year: 2025, month: 4, day: 1), LocalDate(year: 2026, month: 3, day: 31)),
            (LocalDate(year: 2025, month: 6, day: 1), LocalDate(year: 2025, month: 6, day: 7))]
        var fewCourses = false
        for (from, to) in periods {
            let inPeriod = every.filter { quote in
                (from.map { quote.startsAt >= local.startOfDay($0) } ?? true) && (to.map { quote.startsAt < local.endOfDay($0) } ?? true)
            }
            fewCourses = fewCourses || (!inPeriod.isEmpty && Set(inPeriod.map(\.courseID)).count < 5)
            let scope = EvaluationScope(.all, from: from, to: to, closedOnly: true)
            for limit in [1, 5, 12, 60, every.count] {
                #expect(try evaluations.headline(scope, quotes: limit).quotes == DelegateQuote.choose(limit, from: inPeriod),
                        "\(limit) quotes from \(String(describing: from))")
                for budget in [0, 3] {
                    let read = try file.read { db in try evaluations.candidates(scope, limit, budget: budget, in: db) }
                    #expect(DelegateQuote.choose(limit, from: read) == DelegateQuote.choose(limit, from: inPeriod),
                            "\(limit) quotes from \(String(describing: from)) reading at most \(budget) rows before course by course")
                }
            }
        }
        #expect(fewCourses, "a period whose comments come from fewer courses than are quoted")
    }

    @Test func everyLearnersStoredComplianceAgreesWithARecount() throws {
        let file = try given()
        #expect(try count("SELECT COUNT(last_at) FROM requirement_completion", in: file) > 0)
        #expect(try file.read { db in try ComplianceTally.drift(db) }.isEmpty)
        // Every rule but the audit trail's, which a bulk-written demo (one event per batch)
        // cannot meet booking by booking.
        let checked = PartnershipInvariants.check(databaseAt: file.path).violations.filter { $0.rule != .audit }
        #expect(checked.isEmpty, "\(checked)")
    }

    @Test func agenciesAreOfUnevenSizeAndStaffFallUnderTheRequirements() throws {
        let file = try given()
        let sizes = try file.read { db in
            try Int.fetchAll(db, sql: "SELECT (SELECT COUNT(*) FROM learner l WHERE l.agency_id = a.id) FROM agency a")
        }
        #expect(sizes.count >= 6)
        #expect((sizes.max() ?? 0) >= 2 * max(1, sizes.min() ?? 0))
        #expect(try count("""
            SELECT COUNT(*) FROM learner WHERE lower(job_role) IN (SELECT role FROM job_role_group)
            """, in: file) == 300, "every job role is one the requirements know")
    }

    @Test func theSummaryCountsWhatTheDatabaseHolds() throws {
        let file = try given()
        let json = try #require(try parseJSON(file.output) as? [String: Any])
        #expect(json["learners"] as? Int == 300)
        #expect(json["years"] as? Int == 2)
        #expect(json["seed"] as? Int == 7)
        #expect(json["bookings"] as? Int == (try count("SELECT COUNT(*) FROM booking", in: file)))
        for key in ["agencies", "sessions", "cancelled_low_numbers", "cpd_entries", "feedback", "waitlisted", "refused"] {
            #expect(json[key] is Int, "\(key)")
        }
    }

    @Test func theAuditTrailHasOneEventPerBatchNotPerRow() throws {
        let file = try given()
        let batches = try count("SELECT COUNT(*) FROM audit_event WHERE action = 'demo.generate'", in: file)
        #expect(batches >= 2)
        #expect(batches < 20)
    }

    // MARK: - The same seed, the same database

    @Test func theSameSeedAndClockBuildTheSameDatabase() throws {
        let first = try DemoFile(), second = try DemoFile()
        #expect(first.run("demo generate --learners 120 --years 1 --seed 3").0 == .succeeded)
        #expect(second.run("demo generate --learners 120 --years 1 --seed 3").0 == .succeeded)
        let dump = try first.dump()
        #expect(dump.contains("## booking\n["))
        #expect(dump == (try second.dump()))
    }

    @Test func anotherSeedBuildsAnotherDatabase() throws {
        let first = try DemoFile(), second = try DemoFile()
        #expect(first.run("demo generate --learners 120 --years 1 --seed 3").0 == .succeeded)
        #expect(second.run("demo generate --learners 120 --years 1 --seed 4").0 == .succeeded)
        #expect(try first.dump() != second.dump())
    }

    // MARK: - Refusals

    @Test func aDatabaseThatAlreadyHasLearnersIsRefusedAndLeftAsItWas() throws {
        let file = try DemoFile()
        #expect(file.run(#"agency add council --name "City Council""#).0 == .succeeded)
        #expect(file.run(#"learner add P1 --name "Ann Lee" --email ann@council.example --agency council"#).0 == .succeeded)
        let before = try file.dump()
        let (outcome, _, errors) = file.run("demo generate --learners 50 --years 1")
        #expect(outcome == .failed)
        #expect(errors.contains("already holds 1 learner"))
        #expect(try file.dump() == before)
    }

    @Test func aDatabaseWithoutCoursesIsRefused() throws {
        let harness = try ConsoleHarness()
        let (outcome, _, errors) = harness.run("demo generate --learners 50 --years 1")
        #expect(outcome == .failed)
        #expect(errors.contains("no courses"))
    }

    @Test func sizesOutsideTheRangeAreRefusedWithTheRange() throws {
        let harness = try ConsoleHarness()
        #expect(harness.run("demo generate --learners 5 --years 1").2.contains("from 20 to"))
        #expect(harness.run("demo generate --learners 100 --years 0").2.contains("from 1 to 30"))
        #expect(harness.run("demo generate --years 2").2.contains("--learners"))
    }
}
