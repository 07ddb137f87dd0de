import Foundation
import Testing
@testable import MusterCore
@testable import Reports

/// The calendar feeds, read back by Python's icalendar.
@Suite struct CalendarFeedTests {
    /// Sessions on either side of both clock changes of 2027 (the last Sundays of March and
    /// October are the 28th and the 31st), in July and in December; Sean holds a place on
    /// each, and waits for a place on s207, which Ann holds.
    struct Partnership {
        let database: AppDatabase
        let clock: MusterClock
        let folder: URL

        var schedule: Schedule { Schedule(database: database, clock: clock, actor: .localOperator) }
        var bookings: Bookings { Bookings(database: database, clock: clock, actor: .localOperator) }

        static let title = "Hate Crime, Prejudice; and Ünderstanding — Ymwybyddiaeth o Droseddau Casineb, i Ymarferwyr; 安全"

        init() throws {
            database = try AppDatabase.inMemory()
            clock = try MusterClock.fixed(local: "2026-11-23 10:00")
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-calendar-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let catalogue = Catalogue(database: database, clock: clock, actor: .localOperator)
            try catalogue.add(Course(id: "hate-crime", title: Self.title, area: .community, format: .faceToFace,
                                     durationMinutes: 180, cpdHours: 3, capacity: 10, minAttendees: 1))
            try catalogue.add(Course(id: "domestic-abuse", title: "Domestic Abuse", area: .allAge, format: .virtual,
                                     durationMinutes: 120, cpdHours: 2, capacity: 10, minAttendees: 1))
            try importTerm(moving: nil)
            let people = People(database: database, clock: clock, actor: .localOperator)
            _ = try people.addAgency(id: "police", name: "West Midlands Police")
            for (id, name) in [("P1", "Sean O'Brien"), ("P2", "Ann Lee")] {
                var details = People.Details()
                details.name = name; details.email = "\(id.lowercased())@police.example"; details.agency = "police"
                _ = try people.add(id, details)
            }
            for session in ["s201", "s202", "s203", "s204", "s205", "s206"] { _ = try bookings.book(session, for: "P1") }
            _ = try bookings.book("s207", for: "P2")
            _ = try bookings.book("s207", for: "P1")  // waits
        }

        /// The term file; `moving` gives s205 a new start time, as the training team would.
        func importTerm(moving newTime: String?) throws {
            let term = """
                term: 2027
                trainers:
                  - id: jsmith
                    name: Jane Smith
                sessions:
                  - { id: s201, course: hate-crime, date: 2027-03-27, time: "09:30", venue: "Civic Centre, Room 1; east wing", trainer: jsmith }
                  - { id: s202, course: hate-crime, date: 2027-03-29, time: "09:30", venue: Civic Centre, trainer: jsmith }
                  - { id: s203, course: domestic-abuse, date: 2027-07-12, time: "09:30", online: "https://meet.example/j/da?pwd=a,b;c" }
                  - { id: s204, course: hate-crime, date: 2027-10-30, time: "09:30", venue: Civic Centre }
                  - { id: s205, course: hate-crime, date: 2027-11-01, time: "\(newTime ?? "09:30")", venue: Civic Centre }
                  - { id: s206, course: domestic-abuse, date: 2027-12-07, time: "09:30", online: "https://meet.example/j/da2" }
                  - { id: s207, course: hate-crime, date: 2027-12-08, time: "09:30", venue: Civic Centre, capacity: 1 }
                """
            let file = folder.appendingPathComponent("2027.yaml")
            try Data(term.utf8).write(to: file)
            _ = try schedule.importSessions(from: file)
        }

        /// The feed `id` names, as a file, read back by icalendar.
        func export(_ id: String, zone: TimeZone = MusterClock.defaultZone) throws -> (text: String, read: ICalendarReader.Calendar) {
            let clock = MusterClock.fixed(self.clock.now, zone: zone)
            let calendar = try Schedule(database: database, clock: clock, actor: .localOperator).calendar(for: id)
            var text = ""
            try CalendarFeed.write(calendar, clock: clock) { text += $0 }
            return (text, try ICalendarReader.read(text: text))
        }
    }

    @Test func aLearnersFeedHoldsEverySessionWithAPlaceAndReadsBackWithICalendar() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        let (text, calendar) = try partnership.export("P1")
        #expect(calendar.version == "2.0" && calendar.method == nil && calendar.calscale == "GREGORIAN")
        #expect(calendar.prodid.contains("Muster"))
        #expect(calendar.name == "Training: Sean O'Brien")
        #expect(calendar.zones == ["Europe/London"])
        // s207 is only waited for: never in the calendar.
        #expect(calendar.events.count == 6)
        #expect(calendar.event("s207") == nil)
        let domain = try #require(try partnership.database.setting("calendar.uid_domain"))
        #expect(calendar.events.map(\.uid) == ["s201", "s202", "s203", "s204", "s205", "s206"].map { "session-\($0)@\(domain)" })
        #expect(Set(calendar.events.map(\.status)) == ["CONFIRMED"])

        let s201 = try #require(calendar.event("s201"))
        #expect(s201.summary == Partnership.title)
        #expect(s201.location == "Civic Centre, Room 1; east wing")
        #expect(s201.url == nil)
        #expect(s201.description.contains("Course: \(Partnership.title) (hate-crime)"))
        #expect(s201.description.contains("Trainer: Jane Smith") && s201.description.contains("Session: s201"))
        let s203 = try #require(calendar.event("s203"))
        #expect(s203.location == "Online")
        #expect(s203.url == "https://meet.example/j/da?pwd=a,b;c")
        #expect(s203.description.contains("Join online: https://meet.example/j/da?pwd=a,b;c"))
        #expect(s203.description.contains("Trainer: to be confirmed"))

        // 09:30 in London is 08:30 UTC in summer time, 09:30 in winter: both as icalendar
        // reads the zone, and through the rules the file carries.
        let expected = [("s201", "2027-03-27T09:30:00Z"), ("s202", "2027-03-29T08:30:00Z"), ("s203", "2027-07-12T08:30:00Z"),
                        ("s204", "2027-10-30T08:30:00Z"), ("s205", "2027-11-01T09:30:00Z"), ("s206", "2027-12-07T09:30:00Z")]
        for (session, start) in expected {
            let event = try #require(calendar.event(session))
            #expect(event.dtstart == start, "\(session)")
            #expect(event.dtstartByVtimezone == start, "\(session) through the file's VTIMEZONE")
        }
        #expect(calendar.event("s203")?.dtend == "2027-07-12T10:30:00Z")
        #expect(calendar.event("s203")?.dtendByVtimezone == "2027-07-12T10:30:00Z")
        #expect(text.contains("DTSTART;TZID=Europe/London:20270712T093000\r\n"))
        #expect(text.contains("DTSTAMP:20261123T100000Z\r\n"))
        expectWellFormedLines(text)
    }

    @Test func aSessionCancelledOrAPlaceGivenUpIsSentAgainAsCancelledUnderTheSameUID() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        let before = try partnership.export("P1").read
        let sessionBefore = try #require(try partnership.export("s201").read.events.first)

        _ = try partnership.schedule.cancel("S201", reason: .trainerUnavailable, note: "Jane is unwell")
        _ = try partnership.bookings.unbook("s203", for: "P1")
        let after = try partnership.export("P1").read

        #expect(after.events.count == 6)
        for session in ["s201", "s203"] {
            let was = try #require(before.event(session)), now = try #require(after.event(session))
            #expect(now.uid == was.uid)
            #expect(now.status == "CANCELLED", "\(session)")
            #expect(now.sequence > was.sequence, "\(session)")
        }
        #expect(after.event("s201")?.description.hasPrefix("Cancelled: the trainer is unavailable.\nJane is unwell") == true)
        #expect(after.event("s203")?.description.hasPrefix("Cancelled: you no longer have a place") == true)
        // What did not change keeps its SEQUENCE: a calendar has nothing new to take.
        #expect(after.event("s202")?.sequence == before.event("s202")?.sequence)
        #expect(after.event("s202")?.status == "CONFIRMED")

        let sessionAfter = try #require(try partnership.export("s201").read.events.first)
        #expect(sessionAfter.uid == sessionBefore.uid && sessionAfter.uid == after.event("s201")?.uid)
        #expect(try partnership.export("S201").read.events.first?.uid == sessionAfter.uid)  // ids are matched without case
        #expect(sessionAfter.status == "CANCELLED" && sessionBefore.status == "CONFIRMED")
        #expect(sessionAfter.sequence > sessionBefore.sequence)
        #expect(sessionAfter.description.contains("the trainer is unavailable") && sessionAfter.description.contains("Jane is unwell"))
    }

    @Test func aPlaceBookedAgainAfterCancellingIsOneConfirmedEventWithAHigherSequence() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        _ = try partnership.bookings.unbook("s204", for: "P1")
        let cancelled = try #require(try partnership.export("P1").read.event("s204"))
        _ = try partnership.bookings.book("s204", for: "P1")
        let rebooked = try partnership.export("P1").read
        #expect(rebooked.events.filter { $0.uid == cancelled.uid }.count == 1)
        #expect(cancelled.status == "CANCELLED")
        #expect(rebooked.event("s204")?.status == "CONFIRMED")
        #expect((rebooked.event("s204")?.sequence ?? 0) > cancelled.sequence)
    }

    @Test func aSessionMovedByReimportingTheTermFileRaisesItsSequenceInBothFeeds() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        let learnerBefore = try #require(try partnership.export("P1").read.event("s205"))
        let sessionBefore = try #require(try partnership.export("s205").read.events.first)
        try partnership.importTerm(moving: "13:00")
        let learnerAfter = try #require(try partnership.export("P1").read.event("s205"))
        let sessionAfter = try #require(try partnership.export("s205").read.events.first)
        #expect(learnerAfter.dtstart == "2027-11-01T13:00:00Z" && sessionAfter.dtstart == "2027-11-01T13:00:00Z")
        #expect(learnerAfter.sequence > learnerBefore.sequence)
        #expect(sessionAfter.sequence > sessionBefore.sequence)
        // The learner's copy is never behind the session's own.
        #expect(learnerAfter.sequence >= sessionAfter.sequence)
    }

    /// Someone who imports their own feed and later a session's: the session's later change
    /// must outrank every booking change the learner's feed already carried.
    @Test func aSessionChangedAfterBookingChangesOutranksTheLearnersEarlierFeedInItsOwnFeed() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        for _ in 0..<3 {   // many booking changes on s205 before the session itself changes
            _ = try partnership.bookings.unbook("s205", for: "P1")
            _ = try partnership.bookings.book("s205", for: "P1")
        }
        let learnerFeed = try #require(try partnership.export("P1").read.event("s205"))
        try partnership.importTerm(moving: "13:00")
        let sessionFeed = try #require(try partnership.export("s205").read.events.first)
        #expect(sessionFeed.sequence > learnerFeed.sequence)
        #expect(try partnership.export("P1").read.event("s205")?.sequence == sessionFeed.sequence)
    }

    @Test func aPlaceMovedBackToTheWaitingListIsCancelledInTheLearnersCalendar() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        _ = try partnership.bookings.book("s206", for: "P2")
        var changes = Schedule.Changes()
        changes.capacity = 1
        changes.force = true
        _ = try partnership.schedule.edit("s206", changes)  // Ann booked last: she goes back to the list
        let ann = try partnership.export("P2").read
        #expect(ann.event("s206")?.status == "CANCELLED")
        #expect(ann.event("s206")?.description.hasPrefix("Cancelled: your place went back to the waiting list") == true)
        #expect(try partnership.export("P1").read.event("s206")?.status == "CONFIRMED")
    }

    @Test func outsideLondonTimesAreUTCAndNoZoneIsDefined() throws {
        let partnership = try Partnership()
        defer { try? FileManager.default.removeItem(at: partnership.folder) }
        let (text, calendar) = try partnership.export("P1", zone: TimeZone(identifier: "America/New_York")!)
        #expect(calendar.zones.isEmpty && !text.contains("VTIMEZONE") && !text.contains("TZID"))
        #expect(text.contains("DTSTART:20270712T083000Z\r\n"))
        #expect(calendar.event("s203")?.dtstart == "2027-07-12T08:30:00Z")
        #expect(calendar.event("s206")?.dtstart == "2027-12-07T09:30:00Z")
        #expect(calendar.event("s203")?.dtstartByVtimezone == nil)
    }
}
