import Foundation
import GRDB
@testable import MusterCore
import Testing
@testable import Evaluation

/// A course's and everyone's evaluation is summed from monthly sums (`EvaluationMonths`) that
/// follow every session's tally, and gives what summing each session's tally gives, for any
/// period and whether or not only closed registers count.
@Suite struct EvaluationMonthsTests {
    /// A hate-crime session on `day` at `time`, attended by `learners`, the first `answered`
    /// of whom give feedback, and closed as run when `closed`.
    @discardableResult
    func ran(_ day: String, at time: String = "09:30", learners: [String], answered: Int, closed: Bool, _ given: Delegates) throws -> String {
        let early = try given.at("2026-11-23 10:00")
        var new = Schedule.NewSession(courseID: "hate-crime", date: try given.clock.local.parseDate(day), time: try given.clock.local.parseTime(time))
        new.capacity = 20
        let session = try Schedule(database: given.database, clock: early.clock, actor: .localOperator).add(new).id
        for learner in learners { _ = try Bookings(database: given.database, clock: early.clock, actor: .localOperator).book(session, for: learner) }
        let start = try given.clock.local.parseDateTime("\(day) \(time)")
        let during = Delegates(database: given.database, clock: .fixed(start.addingTimeInterval(3600)))
        try Register(database: given.database, clock: during.clock, actor: .localOperator).mark(session, learners: learners, as: .attended)
        let after = Delegates(database: given.database, clock: .fixed(start.addingTimeInterval(4 * 3600)))
        for learner in learners.prefix(answered) {
            _ = try after.evaluations.submit(session, for: learner, answers: Delegates.answers(["course_rating": "\(learner.count + 2)"]))
        }
        if closed { _ = try Schedule(database: given.database, clock: after.clock, actor: .localOperator).complete(session) }
        return session
    }

    /// s101 (12 January, open) and six more hate-crime sessions either side of month ends.
    func given(path: String? = nil) throws -> Delegates {
        let given = try Delegates.attended(path: path)
        try given.evaluations.submit("s101", for: "L1", answers: Delegates.answers())
        try ran("2027-01-31", at: "16:00", learners: ["L1", "L2"], answered: 2, closed: true, given)
        try ran("2027-02-01", learners: ["L3", "L4", "L5"], answered: 1, closed: true, given)
        try ran("2027-02-14", learners: ["L1", "L6"], answered: 2, closed: false, given)
        try ran("2027-02-28", at: "14:00", learners: ["L2"], answered: 1, closed: true, given)
        try ran("2027-03-01", learners: ["L3", "L8"], answered: 0, closed: true, given)
        try ran("2027-03-20", learners: ["L4"], answered: 1, closed: true, given)
        return given
    }

    /// The sums for `scope`, after checking that summing each session's tally says the same.
    func sums(_ scope: EvaluationScope, _ given: Delegates) throws -> Row {
        try given.database.read { db in
            let summed = try given.evaluations.sums(scope, in: db)
            #expect(try summed == given.evaluations.sums(scope, sessionBySession: true, in: db), "\(scope)")
            return summed
        }
    }

    @Test func aCoursesAndEveryonesEvaluationFromMonthlySumsIsTheSessionsSummed() throws {
        let given = try given()
        let dates: [String?] = [nil, "2027-01-01", "2027-01-20", "2027-02-01", "2027-02-02", "2027-02-15", "2027-02-28", "2027-03-01", "2027-03-31"]
        for from in dates {
            for to in dates where (from ?? "") <= (to ?? "9999") {
                for subject in [EvaluationScope.Subject.course("hate-crime"), .all] {
                    for closedOnly in [false, true] {
                        _ = try sums(EvaluationScope(subject, from: try from.map { try LocalDate(stored: $0) }, to: try to.map { try LocalDate(stored: $0) },
                                                     closedOnly: closedOnly), given)
                    }
                }
            }
        }
        // Every session's attendees and answers, and of February's closed ones only theirs.
        let all = try sums(EvaluationScope(.course("hate-crime")), given)
        #expect(all["attendees"] == 15 && all["responses"] == 8)
        let february = try sums(EvaluationScope(.all, from: try LocalDate(stored: "2027-02-01"), to: try LocalDate(stored: "2027-02-28"), closedOnly: true), given)
        #expect(february["attendees"] == 4 && february["responses"] == 2)
        #expect(try given.database.read { db in try EvaluationMonths.drift(db) }.isEmpty)
    }

    @Test func theSumsFollowASessionMovedClosedAndAnswered() throws {
        let given = try given()
        let march = try LocalDate(stored: "2027-03-01")...LocalDate(stored: "2027-03-31")
        func inMarch() throws -> Row {
            try sums(EvaluationScope(.course("hate-crime"), from: march.lowerBound, to: march.upperBound, closedOnly: true), given)
        }
        #expect(try inMarch()["attendees"] == 3)
        // s101 closed and moved into March behind the services, and answered once more
        _ = try Schedule(database: given.database, clock: given.clock, actor: .localOperator).complete("s101")
        try given.database.write(AuditEvent.Draft(actor: .localOperator, at: given.clock.now, action: "test", recordType: "session", detail: "")) { db in
            try db.execute(sql: "UPDATE session SET starts_at = '2027-03-10 09:30:00.000', ends_at = '2027-03-10 12:30:00.000' WHERE id = 's101'")
        }
        try given.at("2027-03-10 13:00").evaluations.submit("s101", for: "L2", answers: Delegates.answers())
        let moved = try inMarch()
        #expect(moved["attendees"] == 7 && moved["responses"] == 3)
        #expect(try given.database.read { db in try EvaluationMonths.drift(db) }.isEmpty)
    }

    /// The sums keep no trainer: a trainer's evaluation of a course, and one session's, are
    /// summed from their own sessions.
    @Test func aTrainersOwnAndOneSessionsEvaluationAreNotTakenFromTheSums() throws {
        let given = try given()
        let trainer = given.acting(as: ActingUser(id: "jsmith", role: .trainer))
        // s101, jsmith's, is the only session of the course with a trainer.
        #expect(try trainer.evaluations.summary(EvaluationScope(.course("hate-crime"))).attendees == 4)
        #expect(try given.evaluations.summary(EvaluationScope(.session("s101"))).attendees == 4)
        #expect(try given.evaluations.summary(EvaluationScope(.course("hate-crime"))).attendees == 15)
    }

    /// A file from before the sums (migration v17 not yet run) gets them from its tallies.
    @Test func aFileFromBeforeTheSumsIsSummedOnUpgrade() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-evaluation-months-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("muster.sqlite").path
        let before = try given(path: path)
        let figures = try sums(EvaluationScope(.all), before)
        try DatabaseQueue(path: path).write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 17) = 'evaluation_month_'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "DROP TABLE evaluation_month; DELETE FROM grdb_migrations WHERE identifier = 'v17-evaluation-months'")
            try db.execute(sql: "PRAGMA user_version = \(try #require(Schema.migrator.migrations.firstIndex(of: "v17-evaluation-months")))")
        }
        let upgraded = Delegates(database: try AppDatabase.open(path: path).database, clock: before.clock)
        #expect(try sums(EvaluationScope(.all), upgraded) == figures)
        #expect(figures["attendees"] == 15)
        #expect(try upgraded.database.read { db in try EvaluationMonths.drift(db) }.isEmpty)
    }
}
