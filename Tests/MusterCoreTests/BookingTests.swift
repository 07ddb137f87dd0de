import Foundation
import GRDB
import Testing
@testable import MusterCore

@Suite struct BookingTests {
    /// Courses, a term, ten learners; now is 2026-11-23 10:00.
    func given() throws -> Given { try Given().seeded().learners(10) }

    /// Lists read bookings by position (`Booking.columns`); every field must read as by name.
    @Test func aBookingReadByPositionIsTheBookingReadByName() throws {
        let given = try Given().seeded().learners(1)
        _ = try given.bookings().book("s101", for: "L1")
        try given.database.writer.write { db in
            try db.execute(sql: """
                UPDATE booking SET waitlisted_at = '2027-01-02 10:00:00.250', confirmed_at = '2027-01-03 11:00:00.000',
                  late_cancellation = 1, minutes_attended = 42
                """)
        }
        let (byName, byPosition) = try given.database.read { db in
            (try Booking.fetchOne(db, sql: "SELECT * FROM booking"),
             try Row.fetchOne(db, sql: "SELECT \(Booking.columns.joined(separator: ", ")) FROM booking").map { Booking(row: $0, at: 0) })
        }
        #expect(byName != nil && byPosition == byName)
        #expect(byPosition?.minutesAttended == 42 && byPosition?.lateCancellation == true && byPosition?.waitlistedAt != nil)
    }

    @Test func placesAreConfirmedUntilFullThenTheWaitingListNumbersEachLearner() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 2)
        let bookings = given.bookings()
        #expect(try bookings.book(session, for: "L1").booking.status == .confirmed)
        #expect(try bookings.book(session, for: "L2").booking.status == .confirmed)
        let third = try bookings.book(session, for: "L3")
        #expect(third.booking.status == .waitlisted && third.position == 1)
        #expect(try bookings.book(session, for: "L4").position == 2)
        #expect(try given.notifications(.bookingConfirmed).map(\.learnerID) == ["L1", "L2"])
        #expect(try given.notifications(.waitlisted).map(\.learnerID) == ["L3", "L4"])
        #expect(try given.notifications(.waitlisted)[1].body.contains("number 2"))
    }

    @Test func aSecondLiveBookingOnTheSameSessionIsRefused() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 1)
        _ = try given.bookings().book(session, for: "L1")
        _ = try given.bookings().book(session, for: "L2")
        #expect(throws: BookingError.alreadyBooked(session, learnerID: "L2", status: .waitlisted, position: 1)) {
            try given.bookings().book(session, for: "l2")
        }
        #expect(try given.count("booking") == 2)
    }

    @Test func cancelledCompletedStartedAndRetiredSessionsTakeNoBookings() throws {
        let given = try given()
        _ = try given.schedule.cancel("s102", reason: .venue, note: nil)
        #expect(throws: BookingError.sessionNotOpen("s102", status: .cancelled)) { try given.bookings().book("s102", for: "L1") }
        let later = try given.at("2027-01-12 10:00")
        #expect(throws: BookingError.sessionStarted("s101")) { try later.bookings().book("s101", for: "L1") }
        _ = try later.schedule.complete("s101")
        #expect(throws: BookingError.sessionNotOpen("s101", status: .completed)) { try later.bookings().book("s101", for: "L1") }
        try given.catalogue.retire("advanced-child-protection")
        #expect(throws: BookingError.retiredCourse("advanced-child-protection")) { try given.bookings().book("s103", for: "L1") }
        #expect(try given.count("booking") == 0)
    }

    @Test func bookingClosesAtTheCutOffUnlessAnAdminForcesIt() throws {
        // s103 starts Tuesday 2027-04-06 09:30 and closes 7 working days before: Easter
        // Monday and Good Friday do not count, so it closes on Wednesday 24 March.
        let late = try given().at("2027-03-24 09:30")
        #expect(throws: BookingError.bookingClosed("s103", closedAt: "2027-03-24 09:30")) {
            try late.bookings().book("s103", for: "L1")
        }
        let trainer = ActingUser(id: "jsmith", role: .trainer)
        #expect(throws: BookingError.forceNeedsAdmin) { try late.bookings(as: trainer).book("s103", for: "L1", force: true) }
        #expect(try late.bookings().book("s103", for: "L1", force: true).booking.status == .confirmed)
        let justBefore = try late.at("2027-03-24 09:29")
        #expect(try justBefore.bookings().book("s103", for: "L2").booking.status == .confirmed)
    }

    @Test func aConfirmedPlaceAtAnOverlappingTimeIsNamed() throws {
        let given = try given()
        let evening = try given.session("2027-05-04 22:00")           // until 01:00 on the 5th
        let earlyNextDay = try given.session("2027-05-05 00:30")      // overlaps across midnight
        let afterwards = try given.session("2027-05-05 01:00")        // starts as the first ends
        _ = try given.bookings().book(evening, for: "L1")
        #expect(throws: BookingError.overlapping(learnerID: "L1", sessionID: evening, course: "Hate Crime", when: "2027-05-04 22:00")) {
            try given.bookings().book(earlyNextDay, for: "L1")
        }
        #expect(try given.bookings().book(afterwards, for: "L1").booking.status == .confirmed)
        #expect(try given.bookings().book(earlyNextDay, for: "L2").booking.status == .confirmed)
    }

    /// A place's history with a status no Muster wrote (a hand edit, a fault) is refused as
    /// unreadable, not a crash of the command.
    @Test func aHistoryRowThatCannotBeReadIsAnErrorNotACrash() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30")
        _ = try given.bookings().book(session, for: "L1")
        #expect(try given.bookings().history(ofSession: session).count == 1)
        try given.behindTheServices("corrupt", on: "booking_event", "UPDATE booking_event SET to_status = 'lost'")
        #expect(throws: (any Error).self) { try given.bookings().history(ofSession: session) }
    }

    /// The clash check reads the learner's confirmed places from the index alone, not every
    /// place of their career with its session; a file from before the index gains it.
    @Test func theClashCheckReadsOnlyTheLearnersConfirmedPlaces() throws {
        let file = try FileOnDisk()
        _ = try file.open(now: "2026-11-23 10:00")
        try DatabaseQueue(path: file.path).write { db in
            try db.execute(sql: """
                DROP INDEX booking_on_learner_status;
                CREATE INDEX booking_on_learner_id ON booking(learner_id);
                DELETE FROM grdb_migrations WHERE identifier = 'v19-booking-by-learner-and-status';
                PRAGMA user_version = 18;
                """)
        }
        let given = try file.open(now: "2026-11-23 10:00")
        #expect(try given.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'booking' AND name LIKE 'booking_on_learner%'")
        } == ["booking_on_learner_status"])
        // Planned after a statement has run: an EXPLAIN alone would not see the new schema.
        let plan = try given.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Booking.overlappingPlaceSQL, arguments: ["L1", "s1", Date(), Date()]).map { $0["detail"] as String }
        }
        #expect(plan.contains("SEARCH b USING COVERING INDEX booking_on_learner_status (learner_id=? AND status=?)"), "\(plan)")
    }

    @Test func givingUpAPlacePromotesTheLongestWaitingInTheSameTransaction() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 1)
        for learner in ["L1", "L2", "L3"] { _ = try given.bookings().book(session, for: learner) }
        let release = try given.bookings().unbook(session, for: "L1")
        #expect(release.promoted == ["L2"])
        #expect(try given.notifications(.promoted).map(\.learnerID) == ["L2"])
        let detail = try given.schedule.session(session)
        #expect(detail.roster.map(\.learnerID) == ["L2"])
        #expect(detail.waitingList.map(\.learnerID) == ["L3"])
    }

    /// Found by the concurrency soak: promotion gave L1 a second place at the same time.
    @Test func aWaiterWhoMeanwhileTookAnOverlappingPlaceIsPassedOverAndKeepsTheirTurn() throws {
        // Given L1 waits for a full session, then takes a place on another at the same time
        let given = try given()
        let full = try given.session("2027-05-04 09:30", capacity: 1)
        let sameTime = try given.session("2027-05-04 10:00")
        for learner in ["L2", "L1", "L3"] { _ = try given.bookings().book(full, for: learner) }
        #expect(try given.bookings().book(sameTime, for: "L1").booking.status == .confirmed)

        // When the full session's place is given up, and later a second place appears
        let release = try given.bookings().unbook(full, for: "L2")
        var changes = Schedule.Changes()
        changes.capacity = 2
        _ = try given.schedule.edit(full, changes)

        // Then L3, behind L1, takes each place; L1 keeps their place and their turn
        #expect(release.promoted == ["L3"])
        let detail = try given.schedule.session(full)
        #expect(detail.roster.map(\.learnerID) == ["L3"])
        #expect(detail.waitingList.map(\.learnerID) == ["L1"])
        #expect(try given.bookings().bookings(of: "L1", includeAll: false).map(\.booking.status).sorted { $0.rawValue < $1.rawValue }
                == [.confirmed, .waitlisted])
    }

    @Test func aWaiterPassedOverForAClashTakesTheFreePlaceOnceTheClashingPlaceIsGone() throws {
        // Given L1 waits for a full session while holding a place at the same time elsewhere,
        // and is passed over when a place on the full one frees
        let given = try given()
        let full = try given.session("2027-05-04 09:30", capacity: 1)
        let sameTime = try given.session("2027-05-04 10:00")
        let alsoSameTime = try given.session("2027-05-04 09:00")
        for learner in ["L2", "L1"] { _ = try given.bookings().book(full, for: learner) }
        _ = try given.bookings().book(sameTime, for: "L1")
        #expect(try given.bookings().unbook(full, for: "L2").promoted.isEmpty)

        // When L1 gives up the clashing place
        _ = try given.bookings().unbook(sameTime, for: "L1")

        // Then L1 takes the free place they were waiting for, and is told
        #expect(try given.schedule.session(full).roster.map(\.learnerID) == ["L1"])
        #expect(try given.database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification WHERE learner_id = 'L1' AND kind = 'promoted'")
        } == 1)

        // And the same when the clashing session itself is cancelled
        _ = try given.bookings().book(full, for: "L3")
        _ = try given.bookings().book(alsoSameTime, for: "L3")
        #expect(try given.bookings().unbook(full, for: "L1").promoted.isEmpty)
        #expect(try given.schedule.session(full).waitingList.map(\.learnerID) == ["L3"])
        _ = try given.schedule.cancel(alsoSameTime, reason: .venue, note: nil)
        #expect(try given.schedule.session(full).roster.map(\.learnerID) == ["L3"])
    }

    @Test func leavingTheWaitingListPromotesNobodyAndClosesTheGap() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 1)
        for learner in ["L1", "L2", "L3", "L4"] { _ = try given.bookings().book(session, for: learner) }
        #expect(try given.bookings().unbook(session, for: "L3").promoted.isEmpty)
        #expect(try given.bookings().bookings(of: "L4", includeAll: false).first?.position == 2)
        #expect(try given.notifications(.promoted).isEmpty)
    }

    @Test func theWaitingListKeepsJoinOrderThroughMixedCancellationsAndCapacityChanges() throws {
        var given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 2)
        for (minute, learner) in ["L1", "L2", "L3", "L4", "L5", "L6"].enumerated() {
            given = try given.at("2026-11-23 10:0\(minute)")
            _ = try given.bookings().book(session, for: learner)
        }
        // Confirmed L1 L2; waiting L3 L4 L5 L6.
        given = try given.at("2026-11-24 09:00")
        _ = try given.bookings().unbook(session, for: "L4")            // leaves the queue
        _ = try given.bookings().unbook(session, for: "L1")            // L3 promoted
        var changes = Schedule.Changes()
        changes.capacity = 3
        _ = try given.schedule.edit(session, changes)                  // L5 promoted
        _ = try given.bookings().book(session, for: "L7")              // joins behind L6
        changes.capacity = 1
        changes.force = true
        _ = try given.schedule.edit(session, changes)                  // L3 and L5 go back, ahead of L6
        let detail = try given.schedule.session(session)
        #expect(detail.roster.map(\.learnerID) == ["L2"])
        #expect(detail.waitingList.map(\.learnerID) == ["L3", "L5", "L6", "L7"])
        #expect(try given.notifications(.movedToWaitingList).map(\.learnerID) == ["L3", "L5"])
        _ = try given.bookings().unbook(session, for: "L2")
        #expect(try given.schedule.session(session).roster.map(\.learnerID) == ["L3"])
    }

    @Test func loweringCapacityBelowTheConfirmedPlacesNeedsForce() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 3)
        for learner in ["L1", "L2", "L3"] { _ = try given.bookings().book(session, for: learner) }
        var changes = Schedule.Changes()
        changes.capacity = 2
        #expect(throws: ScheduleError.capacityBelowConfirmed(session, capacity: 2, confirmed: 3)) {
            try given.schedule.edit(session, changes)
        }
        #expect(try given.schedule.session(session).summary.confirmed == 3)
    }

    @Test func raisingCapacityPromotesAsManyAsFit() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 1)
        for learner in ["L1", "L2", "L3", "L4"] { _ = try given.bookings().book(session, for: learner) }
        var changes = Schedule.Changes()
        changes.capacity = 3
        _ = try given.schedule.edit(session, changes)
        let detail = try given.schedule.session(session)
        #expect(detail.roster.map(\.learnerID) == ["L1", "L2", "L3"])
        #expect(detail.waitingList.map(\.learnerID) == ["L4"])
    }

    @Test func aCancellationWithinTwoWorkingDaysIsRecordedAsLate() throws {
        // A Monday 09:30 session: the late window opens the Thursday before at 09:30.
        let given = try given()
        let monday = try given.session("2027-05-10 09:30")
        for learner in ["L1", "L2"] { _ = try given.bookings().book(monday, for: learner) }
        #expect(try given.at("2027-05-06 09:29").bookings().unbook(monday, for: "L1").booking.lateCancellation == false)
        #expect(try given.at("2027-05-06 09:30").bookings().unbook(monday, for: "L2").booking.lateCancellation == true)
    }

    @Test func theLateWindowSkipsBankHolidays() throws {
        // Tuesday 30 March 2027, after Easter: Monday 29 and Friday 26 are bank holidays, so two
        // working days before is Wednesday 24 March.
        let given = try given()
        let afterEaster = try given.session("2027-03-30 09:30")
        for learner in ["L1", "L2"] { _ = try given.bookings().book(afterEaster, for: learner) }
        #expect(try given.at("2027-03-24 09:29").bookings().unbook(afterEaster, for: "L1").booking.lateCancellation == false)
        #expect(try given.at("2027-03-24 09:30").bookings().unbook(afterEaster, for: "L2").booking.lateCancellation == true)
        #expect(BankHolidays.englandAndWales.count == 48)
    }

    @Test func theLateWindowCanBeWidened() throws {
        let given = try given()
        var policy = BookingPolicy()
        policy.lateWindowWorkingDays = 5
        try given.bookings().setPolicy(policy)
        let monday = try given.session("2027-05-10 09:30")
        _ = try given.bookings().book(monday, for: "L1")
        #expect(try given.at("2027-05-03 10:00").bookings().unbook(monday, for: "L1").booking.lateCancellation)
    }

    @Test func cancellingASessionCancelsEveryBookingAndOffersOtherDates() throws {
        let given = try given()
        let first = try given.session("2027-05-04 09:30", capacity: 1)
        let other = try given.session("2027-06-01 09:30", capacity: 5)
        for learner in ["L1", "L2"] { _ = try given.bookings().book(first, for: learner) }
        _ = try given.schedule.cancel(first, reason: .trainerUnavailable, note: "Trainer unwell")
        let detail = try given.schedule.session(first)
        #expect(detail.roster.isEmpty && detail.waitingList.isEmpty)
        let letters = try given.notifications(.sessionCancelled)
        #expect(letters.map(\.learnerID) == ["L1", "L2"])
        #expect(letters[0].body.contains("the trainer is unavailable"))
        #expect(letters[0].body.contains(other) && letters[0].body.contains("2027-06-01 09:30"))
        let history = try given.bookings().history(ofSession: first)
        #expect(history.filter { $0.event.toStatus == .cancelled }.allSatisfy { $0.event.note == "session cancelled: trainer-unavailable" })
    }

    @Test func aTransferHandsOverTheSamePlaceWithoutALateCancellation() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 1)
        _ = try given.bookings().book(session, for: "L1")
        _ = try given.bookings().book(session, for: "L2")
        let taken = try given.at("2027-05-03 09:00").bookings().transfer(session, from: "L1", to: "L3")
        #expect(taken.status == .confirmed && taken.learnerID == "L3")
        let detail = try given.schedule.session(session)
        #expect(detail.roster.map(\.learnerID) == ["L3"])
        #expect(detail.waitingList.map(\.learnerID) == ["L2"])
        let given1 = try given.bookings().bookings(of: "L1", includeAll: true)
        #expect(given1.first?.booking.lateCancellation == false)
        #expect(try given.notifications(.transferred).map(\.learnerID) == ["L1", "L3"])
        #expect(throws: BookingError.notConfirmed(session, learnerID: "L2")) {
            try given.bookings().transfer(session, from: "L2", to: "L4")
        }
    }

    @Test func everyChangeIsKeptInTheBookingsHistory() throws {
        let given = try given()
        let session = try given.session("2027-05-04 09:30", capacity: 1)
        _ = try given.bookings().book(session, for: "L1")
        _ = try given.bookings().book(session, for: "L2")
        _ = try given.bookings().unbook(session, for: "L1")
        let history = try given.bookings().history(ofSession: session).map {
            "\($0.learnerID) \($0.event.fromStatus?.rawValue ?? "-")>\($0.event.toStatus.rawValue)"
        }
        #expect(history == ["L1 ->confirmed", "L2 ->waitlisted", "L1 confirmed>cancelled", "L2 waitlisted>confirmed"])
        #expect(try given.bookings().bookings(of: "L1", includeAll: true).first?.history.count == 2)
        #expect(try given.bookings().bookings(of: "L1", includeAll: false).isEmpty)
        #expect(try given.bookings().bookings(of: "L2", includeAll: false).map(\.booking.status) == [.confirmed])
    }

    @Test func aLearnerBooksOnlyThemselvesAndIsToldNothingOfOthers() throws {
        let given = try given()
        let learner = ActingUser(id: "l1user", role: .learner, learnerID: "L1")
        #expect(try given.bookings(as: learner).book("s101", for: "L1").booking.status == .confirmed)
        #expect(throws: PeopleError.unknownLearner("L2", suggestions: [])) { try given.bookings(as: learner).book("s101", for: "L2") }
        #expect(throws: PeopleError.unknownLearner("L99", suggestions: [])) { try given.bookings(as: learner).book("s101", for: "L99") }
    }

    @Test func afterRepeatedAbsencesALearnerNeedsStaffToBookThem() throws {
        let given = try given()
        var policy = BookingPolicy()
        policy.noShowLimit = 2
        try given.bookings().setPolicy(policy)
        let past = [try given.session("2027-05-04 09:30"), try given.session("2027-05-11 09:30")]
        for session in past { _ = try given.bookings().book(session, for: "L1") }
        try given.database.writer.write { db in
            try db.execute(sql: "UPDATE booking SET status = 'absent' WHERE learner_id = 'L1'")
        }
        let later = try given.at("2027-06-01 10:00")
        let next = try later.session("2027-07-06 09:30")
        let learner = ActingUser(id: "l1user", role: .learner, learnerID: "L1")
        #expect(throws: BookingError.tooManyAbsences(learnerID: "L1", absences: 2)) { try later.bookings(as: learner).book(next, for: "L1") }
        #expect(try later.bookings().book(next, for: "L1").booking.status == .confirmed)
        let yearOn = try given.at("2028-06-01 10:00")
        let afterAYear = try yearOn.session("2028-07-04 09:30")
        #expect(try yearOn.bookings(as: learner).book(afterAYear, for: "L1").booking.status == .confirmed)
    }
}
