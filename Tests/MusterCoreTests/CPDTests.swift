import Foundation
import Testing
@testable import MusterCore

@Suite struct CPDTests {
    /// L1–L3 confirmed on s101 (hate-crime, face-to-face, 3 CPD hours, 2027-01-12 09:30–12:30).
    func given(at now: String = "2027-01-12 13:00") throws -> Given {
        let given = try Given(now: "2027-01-01 09:00").seeded().learners(3)
        for learner in ["L1", "L2", "L3"] { _ = try given.bookings().book("s101", for: learner) }
        return try given.at(now)
    }

    func register(_ given: Given) -> Register { Register(database: given.database, clock: given.clock, actor: .localOperator) }
    func cpd(_ given: Given, as actor: ActingUser = .localOperator) -> CPDArea {
        CPDArea(database: given.database, clock: given.clock, actor: actor)
    }

    func entry(_ date: String, hours: Double, participatory: Bool = false, peer: String? = nil) throws -> CPDEntry {
        CPDEntry(learnerID: "L1", date: try LocalDate(stored: date), title: "t", hours: hours, kind: .other,
                 participatory: participatory, verified: false, reflection: .init(peerName: peer),
                 createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    func draft(_ date: String, _ title: String, hours: Double) throws -> CPDArea.Draft {
        var draft = CPDArea.Draft()
        draft.date = try LocalDate(stored: date); draft.title = title; draft.hours = hours
        return draft
    }

    /// A CPD area reads its entries by position; each is the entry GRDB reads by name, every
    /// field filled or empty.
    @Test func entriesReadByPositionAreTheEntriesReadByName() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        var draft = try draft("2027-01-05", "Reading on coercive control", hours: 1.5)
        draft.kind = .reading; draft.participatory = true
        draft.reflection = .init(learnt: "Patterns", practice: "Ask sooner", peerName: "Sam", peerDate: try LocalDate(stored: "2027-01-06"),
                                 peerOutcome: "Agreed")
        _ = try cpd(given).add(for: "L1", draft)
        _ = try cpd(given).add(for: "L1", try self.draft("2027-01-07", "Webinar", hours: 1))
        let record = try cpd(given).record(of: "L1")
        let byName = try given.database.read { db in try CPDEntry.fetchAll(db, sql: "SELECT * FROM cpd_entry WHERE learner_id = 'L1' ORDER BY date, id") }
        #expect(record.entries == byName)
        #expect(byName.count == 3 && byName.contains { $0.verified && $0.bookingID != nil && $0.sessionID == "s101" })
        #expect(byName.contains { $0.reflection.peerDate != nil && $0.participatory && $0.hours == 1.5 })
    }

    @Test func attendingCreatesAVerifiedEntryWithTheCoursesHours() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        let record = try cpd(given).record(of: "L1")
        let entry = try #require(record.entries.first)
        #expect(record.entries.count == 1)
        #expect(entry.hours == 3 && entry.verified && entry.participatory && entry.kind == .course)
        #expect(entry.date.description == "2027-01-12" && entry.sessionID == "s101" && entry.title == "Hate Crime")
        #expect(record.totals.verified == 3 && record.totals.selfRecorded == 0)
    }

    @Test func partialAttendanceEarnsTheMinutesActuallyAttended() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L2"], as: .partial, minutes: 100)
        #expect(try cpd(given).record(of: "L2").entries.map(\.hours) == [1.67])
        try register(given).mark("s101", learners: ["L2"], as: .partial, minutes: 90)
        #expect(try cpd(given).record(of: "L2").entries.map(\.hours) == [1.5])
    }

    @Test func aCorrectedMarkTakesTheEntryAway() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        try register(given).mark("s101", learners: ["L1"], as: .absent)
        #expect(try cpd(given).record(of: "L1").entries.isEmpty)
        try register(given).mark("s101", learners: ["L1"], as: .excused)
        #expect(try cpd(given).record(of: "L1").entries.isEmpty)
    }

    @Test func liveAndOnlineSessionsAreParticipatoryButWebinarsAndELearningAreNot() {
        #expect(VerifiedCPD.isParticipatory(.faceToFace) && VerifiedCPD.isParticipatory(.virtual))
        #expect(!VerifiedCPD.isParticipatory(.webinar) && !VerifiedCPD.isParticipatory(.eLearning))
        #expect(VerifiedCPD.kind(of: .eLearning) == .eLearning && VerifiedCPD.kind(of: .webinar) == .webinar)
    }

    @Test func verifiedEntriesChangeOnlyWithTheRegister() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        let id = try #require(try cpd(given).record(of: "L1").entries.first?.id)
        #expect(throws: CPDError.verifiedEntry(id, sessionID: "s101")) { try cpd(given).edit(id, try draft("2027-01-01", "x", hours: 9)) }
        #expect(throws: CPDError.verifiedEntry(id, sessionID: "s101")) { try cpd(given).remove(id) }
        #expect(try cpd(given).record(of: "L1").entries.first?.hours == 3)
    }

    @Test func aLearnerCannotReadOrChangeAnothersCPD() throws {
        let given = try given()
        let theirs = try cpd(given).add(for: "L2", try draft("2027-01-05", "Reading", hours: 1))
        let l1 = ActingUser(id: "l1", role: .learner, learnerID: "L1")
        #expect(throws: PeopleError.unknownLearner("L2", suggestions: [])) { try cpd(given, as: l1).record(of: "L2") }
        #expect(throws: PeopleError.unknownLearner("L2", suggestions: [])) { try cpd(given, as: l1).add(for: "L2", try draft("2027-01-05", "x", hours: 1)) }
        #expect(throws: CPDError.unknownEntry(theirs.id!)) { try cpd(given, as: l1).edit(theirs.id!, try draft("2027-01-05", "x", hours: 1)) }
        #expect(throws: CPDError.unknownEntry(theirs.id!)) { try cpd(given, as: l1).remove(theirs.id!) }
        // The same answer as for an entry that does not exist: nothing is revealed.
        #expect(throws: CPDError.unknownEntry(999)) { try cpd(given, as: l1).remove(999) }
        #expect(try cpd(given).record(of: "L2").entries.map(\.title) == ["Reading"])
        // Their own entries they may change.
        let mine = try cpd(given, as: l1).add(for: "L1", try draft("2027-01-05", "Mine", hours: 1))
        var change = CPDArea.Draft()
        change.hours = 2
        #expect(try cpd(given, as: l1).edit(mine.id!, change).hours == 2)
        _ = try cpd(given, as: l1).remove(mine.id!)
        #expect(try cpd(given, as: l1).record(of: "L1").entries.isEmpty)
    }

    @Test func selfRecordedEntriesAreCheckedAndBadOnesWriteNothing() throws {
        let given = try given()
        #expect(throws: CPDError.invalidEntry(["2027-01-13 is in the future: record learning once it is done"])) {
            try cpd(given).add(for: "L1", try draft("2027-01-13", "Tomorrow", hours: 1))
        }
        #expect(throws: CPDError.invalidEntry(["hours must be more than 0 and at most 1000"])) {
            try cpd(given).add(for: "L1", try draft("2027-01-05", "Nothing", hours: 0))
        }
        var peerless = try draft("2027-01-05", "Supervision", hours: 1)
        peerless.reflection.peerOutcome = "agreed to read more"
        #expect(throws: CPDError.invalidEntry(["a peer reflection needs the peer's name (--peer)"])) { try cpd(given).add(for: "L1", peerless) }
        #expect(try cpd(given).record(of: "L1").entries.isEmpty)
    }

    @Test func totalsSplitVerifiedSelfRecordedAndParticipatoryOverThePeriodAsked() throws {
        let given = try given()
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        var conference = try draft("2026-10-01", "Conference", hours: 5)
        conference.kind = .conference; conference.participatory = true
        _ = try cpd(given).add(for: "L1", conference)
        _ = try cpd(given).add(for: "L1", try draft("2026-12-01", "Reading", hours: 2))
        let all = try cpd(given).record(of: "L1").totals
        #expect(all.total == 10 && all.verified == 3 && all.selfRecorded == 7 && all.participatory == 8)
        let since = try cpd(given).record(of: "L1", from: LocalDate(stored: "2026-11-01")).totals
        #expect(since.total == 5 && since.verified == 3 && since.selfRecorded == 2 && since.participatory == 3)
    }

    // MARK: - Profiles, on hand-checked records

    @Test func nmcCounts35HoursInTheThreeYearsToRevalidationWith20Participatory() throws {
        let entries = [
            try entry("2024-06-29", hours: 5, participatory: true),   // the day before the period: not counted
            try entry("2024-06-30", hours: 10, participatory: true),  // first day of the period
            try entry("2026-01-01", hours: 20),
            try entry("2027-06-30", hours: 5, participatory: true),   // revalidation day
        ]
        let revalidation = try LocalDate(stored: "2027-06-30")
        let progress = CPDProfile.nmc.progress(of: entries, today: try LocalDate(stored: "2027-01-12"), revalidation: revalidation)
        #expect(progress.period?.from.description == "2024-06-30")
        #expect(progress.checks.map(\.achieved) == [35, 15])
        #expect(progress.checks.map(\.met) == [true, false])
        #expect(!progress.met)
        let more = entries + [try entry("2026-05-01", hours: 5, participatory: true)]
        #expect(CPDProfile.nmc.progress(of: more, today: try LocalDate(stored: "2027-01-12"), revalidation: revalidation).met)
    }

    @Test func socialWorkEnglandCountsPiecesInTheRegistrationYearFromFirstDecember() throws {
        #expect(CPDProfile.registrationYear(containing: try LocalDate(stored: "2026-11-30")).from.description == "2025-12-01")
        #expect(CPDProfile.registrationYear(containing: try LocalDate(stored: "2026-12-01")).from.description == "2026-12-01")
        #expect(CPDProfile.registrationYear(containing: try LocalDate(stored: "2026-12-01")).to.description == "2027-11-30")
        let today = try LocalDate(stored: "2026-11-30")
        let lastYear = try entry("2025-11-30", hours: 1, peer: "Sam")
        let first = try entry("2025-12-01", hours: 1), last = try entry("2026-11-30", hours: 1)
        let progress = CPDProfile.swe.progress(of: [lastYear, first, last], today: today, revalidation: nil)
        #expect(progress.checks.map(\.achieved) == [2, 0])
        #expect(!progress.met)
        let withPeer = try entry("2026-11-30", hours: 1, peer: "Sam")
        #expect(CPDProfile.swe.progress(of: [first, withPeer], today: today, revalidation: nil).met)
        // A day later the registration year has turned over and the count starts again.
        #expect(CPDProfile.swe.progress(of: [first, withPeer], today: today.adding(days: 1), revalidation: nil).checks.map(\.achieved) == [0, 0])
    }

    @Test func hcpcFlagsEveryGapOfThreeMonthsOrMore() throws {
        let entries = [try entry("2025-01-31", hours: 1), try entry("2025-04-30", hours: 1), try entry("2025-07-29", hours: 1)]
        let progress = CPDProfile.hcpc.progress(of: entries, today: try LocalDate(stored: "2025-10-29"), revalidation: nil)
        // 31 January plus three months is 30 April: exactly three months, flagged. 30 April
        // to 29 July is a day short. 29 July to today is three months, and still open.
        #expect(progress.gaps.map { "\($0.from)..\($0.to)" } == ["2025-01-31..2025-04-30", "2025-07-29..2025-10-29"])
        #expect(progress.gaps.map(\.ongoing) == [false, true])
        let dayEarlier = CPDProfile.hcpc.progress(of: entries, today: try LocalDate(stored: "2025-10-28"), revalidation: nil)
        #expect(dayEarlier.gaps.count == 1)
        #expect(!progress.met && !dayEarlier.met)
    }

    @Test func aPartnershipProfileCountsHoursOverItsOwnPeriod() throws {
        let given = try given()
        let profile = try cpd(given).addProfile("police-cpd", title: "Police CPD", hours: 10, months: 12, participatory: 4)
        #expect(throws: CPDError.duplicateProfile("nmc")) { try cpd(given).addProfile("nmc", title: "x", hours: 1, months: 1, participatory: 0) }
        var details = People.Details()
        details.cpdProfile = "police-cpd"
        _ = try given.people.edit("L1", details)
        try register(given).mark("s101", learners: ["L1"], as: .attended)
        _ = try cpd(given).add(for: "L1", try draft("2026-01-11", "Too old", hours: 20))
        let progress = try cpd(given).record(of: "L1").progress
        #expect(progress.profileID == profile.id)
        #expect(progress.checks.map(\.achieved) == [3, 3])
        details.cpdProfile = "police"
        #expect(throws: CPDError.unknownProfile("police", known: ["nmc", "swe", "hcpc", "police-cpd", "none"])) {
            try given.people.edit("L1", details)
        }
    }
}
