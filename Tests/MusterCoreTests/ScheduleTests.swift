import Foundation
import GRDB
import Testing
@testable import MusterCore

@Suite struct ScheduleTests {
    func newSession(_ course: String = "hate-crime", _ date: String = "2027-05-11", _ time: String = "09:30") throws -> Schedule.NewSession {
        let local = LocalTime(zone: MusterClock.defaultZone)
        return Schedule.NewSession(courseID: course, date: try local.parseDate(date), time: try local.parseTime(time))
    }

    /// Sessions of hate-crime with these ids, imported from a file, a day apart from 1 June 2027.
    func imported(_ ids: [String], into given: Given) throws {
        let entries = ids.enumerated().map { day, id in
            "  - id: \(id)\n    course: hate-crime\n    date: 2027-06-\(Digits.padded(day + 1, 2))\n    time: \"09:30\""
        }
        let folder = try TemporaryDirectory()
        try withExtendedLifetime(folder) {
            _ = try given.schedule.importSessions(from: try folder.write("Sessions/imported.yaml", "sessions:\n" + entries.joined(separator: "\n") + "\n"))
        }
    }

    @Test func aNewSessionTakesItsLengthAndPlacesFromTheCourseAndAShortId() throws {
        let given = try Given().seeded()
        let session = try given.schedule.add(try newSession())
        #expect(session.id == "s104")
        #expect(session.endsAt.timeIntervalSince(session.startsAt) == 3 * 3600)
        #expect(session.capacity == 20)
        #expect(session.minAttendees == 6)
        #expect(given.clock.local.format(session.startsAt) == "2027-05-11 09:30")
        #expect(try given.schedule.add(try newSession()).id == "s105")
    }

    @Test func theAuditTrailNamesASessionByItsIdHoweverItWasTyped() throws {
        let given = try Given().seeded()
        var changes = Schedule.Changes()
        changes.capacity = 18
        _ = try given.schedule.edit("S103", changes)
        _ = try given.schedule.cancel("S103", reason: .venue, note: nil)
        let ids = try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT record_id FROM audit_event WHERE action IN ('session.edit','session.cancel') ORDER BY id")
        }
        #expect(ids == ["s103", "s103"])
    }

    @Test func aHugeNumericIdFromAFileDoesNotStopNewSessions() throws {
        let given = try Given().seeded()
        try imported(["s99999999999999999999"], into: given)
        #expect(try given.schedule.add(try newSession()).id == "s104")
    }

    /// Finding the highest number must not read every session's id (88 ms on a decade's):
    /// the query must name the partial index's condition exactly as v21 built it.
    @Test func theNextIdIsFoundInTheIndexOfSessionNumbers() throws {
        let given = try Given().seeded()
        let plan = try given.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Schedule.nextIDQuery).map { $0["detail"] as String }
        }
        #expect(plan.count == 1 && plan.allSatisfy { $0.hasPrefix("SEARCH session USING ") && $0.contains("INDEX session_number") },
                "\(plan)")
        try imported(["s950", "s1000a"], into: given)
        #expect(try given.schedule.add(try newSession()).id == "s951")
    }

    @Test func trainersAreMatchedWhateverTheCase() throws {
        let given = try Given().seeded()
        var query = Schedule.Query()
        query.trainerID = "JSMITH"
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s101", "s103"])
    }

    @Test func aSessionInThePastIsRefused() throws {
        let given = try Given().seeded()
        #expect(throws: ScheduleError.inThePast("2026-11-20 09:30")) {
            try given.schedule.add(try newSession("hate-crime", "2026-11-20"))
        }
        #expect(try given.count("session") == 3)
    }

    @Test func aSessionMustKeepCapacityMinimumAndPlaceRules() throws {
        let given = try Given().seeded()
        var new = try newSession()
        new.capacity = 0
        #expect(throws: ScheduleError.self) { try given.schedule.add(new) }
        new.capacity = 10
        new.minAttendees = 11
        #expect(throws: ScheduleError.self) { try given.schedule.add(new) }
        new.minAttendees = nil
        new.venue = "Civic Centre"
        new.onlineURL = "https://meet.example/x"
        #expect(throws: ScheduleError.self) { try given.schedule.add(new) }
        #expect(try given.count("session") == 3)
    }

    @Test func aSmallerCapacityLowersTheCoursesDefaultMinimumToFit() throws {
        let given = try Given().seeded()
        var new = try newSession()
        new.capacity = 4
        #expect(try given.schedule.add(new).minAttendees == 4)
    }

    @Test func aRetiredCourseTakesNoNewSessions() throws {
        let given = try Given().seeded()
        try given.catalogue.retire("hate-crime")
        #expect(throws: ScheduleError.retiredCourse("hate-crime")) { try given.schedule.add(try newSession()) }
        #expect(try given.schedule.session("s101").summary.session.status == .scheduled)
    }

    @Test func anUnknownTrainerOrSessionIsNamedWithNearMatches() throws {
        let given = try Given().seeded()
        var new = try newSession()
        new.trainerID = "jsmth"
        #expect(throws: ScheduleError.unknownTrainer("jsmth", suggestions: ["jsmith"])) { try given.schedule.add(new) }
        #expect(throws: ScheduleError.unknownSession("s10", suggestions: ["s101", "s102", "s103"])) {
            try given.schedule.session("s10")
        }
    }

    @Test func listsStartTodayAndFilterByCourseDatesStatusAndTrainer() throws {
        let given = try Given(now: "2027-02-01 10:00").seeded()
        #expect(try given.schedule.sessions().map(\.session.id) == ["s102", "s103"])
        var query = Schedule.Query()
        query.includePast = true
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s101", "s102", "s103"])
        query = Schedule.Query(); query.courseID = "domestic-abuse"
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s102"])
        query = Schedule.Query(); query.from = try given.clock.local.parseDate("2027-03-02")
        query.to = try given.clock.local.parseDate("2027-03-02")
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s102"])
        query = Schedule.Query(); query.trainerID = "jsmith"
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s103"])
        _ = try given.schedule.cancel("s103", reason: .venue, note: nil)
        query = Schedule.Query(); query.status = .cancelled
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s103"])
    }

    @Test func openSessionsAreThoseStillTakingBookings() throws {
        // s103 closes 7 days before 6 April; s102 closes 5 days before 2 March.
        let given = try Given(now: "2027-03-01 10:00").seeded()
        var query = Schedule.Query()
        query.openOnly = true
        #expect(try given.schedule.sessions(matching: query).map(\.session.id) == ["s103"])
    }

    @Test func cancellingRecordsTheReasonAndCannotBeRepeated() throws {
        let given = try Given().seeded()
        let cancelled = try given.schedule.cancel("s101", reason: .trainerUnavailable, note: "trainer sick")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.cancelReason == .trainerUnavailable)
        #expect(throws: ScheduleError.notScheduled("s101", status: .cancelled)) {
            try given.schedule.cancel("s101", reason: .other, note: nil)
        }
        #expect(throws: ScheduleError.notScheduled("s101", status: .cancelled)) {
            var changes = Schedule.Changes(); changes.capacity = 30
            return try given.schedule.edit("s101", changes)
        }
    }

    @Test func aRegisterClosesOnlyAfterTheSessionHasStarted() throws {
        let given = try Given().seeded()
        #expect(throws: ScheduleError.self) { try given.schedule.complete("s101") }
        let later = try Given(now: "2027-01-12 13:00")
        let schedule = Schedule(database: given.database, clock: later.clock, actor: .localOperator)
        #expect(try schedule.complete("s101").status == .completed)
    }

    @Test func movingASessionKeepsItsLengthAndLocalTime() throws {
        let given = try Given().seeded()
        var changes = Schedule.Changes()
        changes.date = try given.clock.local.parseDate("2027-04-13")
        let moved = try given.schedule.edit("s102", changes)
        #expect(given.clock.local.format(moved.startsAt) == "2027-04-13 09:30")
        #expect(moved.endsAt.timeIntervalSince(moved.startsAt) == 3 * 3600)
    }
}

@Suite struct ScheduleImportTests {
    @Test func importingATermTwiceChangesNothingTheSecondTime() throws {
        let given = try Given()
        _ = try given.catalogue.importCourses(from: Fixture.url("Courses"))
        let first = try given.schedule.importSessions(from: Fixture.url("Sessions"))
        #expect(first.added == ["s101", "s102", "s103"])
        let second = try given.schedule.importSessions(from: Fixture.url("Sessions/2027-spring.yaml"))
        #expect(second.added.isEmpty && second.updated.isEmpty && second.unchanged == 3)
        let s103 = try given.schedule.session("s103").summary
        #expect(s103.session.capacity == 16 && s103.session.cutoffDays == 7 && s103.trainerName == "Jane Smith")
    }

    @Test func aTermCannotTurnAnExistingSessionIntoAnotherCourse() throws {
        let given = try Given().seeded()
        let folder = try TemporaryDirectory()
        let file = try folder.write("Sessions/clash.yaml", """
            sessions:
              - id: s101
                course: domestic-abuse
                date: 2027-06-01
                time: "09:30"
            """)
        #expect(throws: ScheduleError.badImport(source: file.path, problems: [
            "Sessions/clash.yaml session s101: s101 is already a session of hate-crime; give this session another id",
        ])) { try given.schedule.importSessions(from: file) }
        #expect(try given.schedule.session("s101").summary.session.courseID == "hate-crime")
    }

    /// A term whose second session has the given time.
    func term(secondTime: String) -> String {
        """
        sessions:
          - id: s201
            course: hate-crime
            date: 2027-05-04
            time: "09:30"
          - id: s202
            course: hate-crimes
            date: 2027-05-05
            time: "\(secondTime)"
        """
    }

    @Test func aTermWithABadTimeOrAnUnknownCourseImportsNothing() throws {
        let given = try Given()
        _ = try given.catalogue.importCourses(from: Fixture.url("Courses"))
        let folder = try TemporaryDirectory()
        let file = try folder.write("Sessions/term.yaml", term(secondTime: "9.30"))
        do {
            _ = try given.schedule.importSessions(from: file)
            Issue.record("a bad term was imported")
        } catch let ScheduleError.badImport(_, problems) {
            #expect(problems.contains { $0.contains("session s202") && $0.contains("'9.30' is not a time") })
        }
        _ = try folder.write("Sessions/term.yaml", term(secondTime: "09:30"))
        do {
            _ = try given.schedule.importSessions(from: file)
            Issue.record("a term with an unknown course was imported")
        } catch let ScheduleError.badImport(_, problems) {
            #expect(problems == ["Sessions/term.yaml session s202: no course 'hate-crimes'; did you mean hate-crime?"])
        }
        #expect(try given.count("session") == 0)
    }
}
