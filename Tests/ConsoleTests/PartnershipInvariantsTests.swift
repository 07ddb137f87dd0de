import Foundation
import GRDB
import Testing

/// The checker the soak and crash tests trust: a real partnership passes it, and each rule,
/// broken on purpose in a copy of that file, is caught — a check that cannot fail proves nothing.
@Suite struct PartnershipInvariantsTests {
    /// A storm's partnership with a queue, places moved back by a lower capacity, a learner
    /// on two sessions and a cancelled session; its file, checkpointed so one copy holds it all.
    static func partnership() throws -> BookingStorm {
        let scratch = try ScratchPartnership()
        let storm = try BookingStorm(in: scratch)
        let first = storm.future[0], another = storm.future[2], cancelled = storm.cancellable[0]
        let lines = ["L16", "L17", "L18", "L19", "L20", "L21"].map { "book \(first) \($0)" }
            + ["session edit \(first) --capacity 3 --force", "book \(another) L16", "book \(cancelled) L22",
               "session cancel \(cancelled) --reason venue"]
        let run = try MusterBinary.run(["--db", "muster.sqlite", "--now", BookingStorm.now], in: storm.folder,
                                       input: lines.joined(separator: "\n") + "\n")
        guard run.status == 0 else { throw BookingStorm.SetUpFailure(step: "checker's partnership", errors: run.errors) }
        let queue = try DatabaseQueue(path: storm.database)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        return storm
    }

    /// A copy of the file with `sql` run on it, outside Muster's rules and foreign keys.
    static func copy(of storm: BookingStorm, named name: String, breaking sql: String) throws -> String {
        let path = storm.folder.appendingPathComponent("\(name).sqlite").path
        try FileManager.default.copyItem(atPath: storm.database, toPath: path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: sql)
        }
        try queue.close()
        return path
    }

    @Test func aPartnershipWrittenByMusterKeepsEveryRule() throws {
        let storm = try Self.partnership()
        let checked = PartnershipInvariants.check(databaseAt: storm.database, now: BookingStorm.storedNow)
        #expect(checked.violations.isEmpty, "\(checked.violations)")
        #expect(checked.rowsChecked > 50)
    }

    @Test(arguments: [
        (PartnershipInvariants.Violation.Rule.capacity, "UPDATE session SET capacity = 2 WHERE id = '$first'"),
        (.waitingPositions, "UPDATE booking SET waitlisted_at = NULL WHERE session_id = '$first' AND status = 'waitlisted'"),
        (.waitingOrder, "UPDATE booking SET waitlisted_at = '2000-01-01 00:00:00.000' WHERE learner_id = 'L21'"),
        (.waitingOrder, "UPDATE booking SET waitlisted_at = '2099-01-01 00:00:00.000' WHERE learner_id = 'L19' AND session_id = '$first'"),
        (.oneLivePlace, """
            DROP INDEX booking_one_live_per_learner;
            INSERT INTO booking (session_id, learner_id, status, booked_at, updated_at)
              SELECT session_id, learner_id, status, booked_at, updated_at FROM booking WHERE learner_id = 'L20'
            """),
        (.overlappingPlaces, "UPDATE session SET (starts_at, ends_at) = (SELECT starts_at, ends_at FROM session WHERE id = '$first') WHERE id = '$another'"),
        (.liveOnCancelled, "UPDATE session SET status = 'cancelled', cancel_reason = 'other' WHERE id = '$first'"),
        (.placeLeftEmpty, "UPDATE session SET capacity = capacity + 1 WHERE id = '$first'"),
        (.history, "DELETE FROM booking_event WHERE id = (SELECT MAX(id) FROM booking_event WHERE to_status = 'waitlisted')"),
        (.audit, "DELETE FROM audit_event WHERE action = 'session.edit'"),
        (.audit, "UPDATE audit_event SET changes = NULL WHERE action = 'session.cancel'"),
        (.evaluationTally, "INSERT INTO evaluation_tally (session_id, attendees) VALUES ('$first', 1)"),
        (.evaluationTally, "DROP TRIGGER evaluation_tally_booking_update_old; UPDATE booking SET status = 'attended' WHERE learner_id = 'L16' AND session_id = '$first'"),
        (.complianceTally, """
            INSERT INTO requirement (id, title, created_at) VALUES (90, 'Hate crime', '2026-01-01 00:00:00.000');
            INSERT INTO requirement_completion VALUES (90, 'L16', (SELECT agency_id FROM learner WHERE id = 'L16'), NULL, '2026-01-01 00:00:00.000')
            """),
        (.complianceTally, """
            INSERT INTO requirement (id, title, created_at) VALUES (90, 'Hate crime', '2026-01-01 00:00:00.000');
            DROP TRIGGER requirement_completion_counted_insert;
            INSERT INTO requirement_completion VALUES (90, 'L16', (SELECT agency_id FROM learner WHERE id = 'L16'), NULL, NULL)
            """),
        (.agencyPlaces, "DROP TRIGGER agency_place_booking_update; UPDATE booking SET late_cancellation = 1 WHERE learner_id = 'L16' AND session_id = '$first'"),
        (.agencyPlaces, """
            INSERT INTO agency_place VALUES ((SELECT MAX(id) FROM booking), 'L16', (SELECT agency_id FROM learner WHERE id = 'L16'),
              '2026-01-01 00:00:00.000', 'attended', 0, '2025-01-01 00:00:00.000')
            """),
        (.agencyMonths, "DROP TRIGGER agency_month_insert; UPDATE booking SET late_cancellation = 1 WHERE learner_id = 'L16' AND session_id = '$first'"),
        (.agencyMonths, "INSERT INTO agency_month VALUES ((SELECT agency_id FROM learner WHERE id = 'L16'), '2026-01', '', 1, 1)"),
        (.agencyMonths, "INSERT INTO agency_month_total VALUES ((SELECT agency_id FROM learner WHERE id = 'L16'), '2026-01', 1, 1, 0, 0, 0, 1, 0)"),
        (.sessionCounts, "DROP TRIGGER session_count_booking_update; UPDATE booking SET status = 'cancelled', late_cancellation = 1 WHERE learner_id = 'L16' AND session_id = '$first'"),
        (.sessionCounts, "DROP TRIGGER session_count_session_update; UPDATE session SET capacity = capacity + 1 WHERE id = '$first'"),
        (.sessionCounts, "DELETE FROM session_count WHERE session_id = '$another'"),
        (.sessionMonths, "DROP TRIGGER session_month_insert; UPDATE session SET capacity = capacity + 1 WHERE id = '$first'"),
        (.sessionMonths, "DELETE FROM session_month WHERE rowid = (SELECT MIN(rowid) FROM session_month)"),
        (.evaluationMonths, "DROP TRIGGER evaluation_month_tally_insert; INSERT INTO evaluation_tally (session_id, attendees) VALUES ('$first', 1)"),
        (.evaluationMonths, "INSERT INTO evaluation_tally (session_id, attendees) VALUES ('$first', 1); UPDATE evaluation_month SET responses = responses + 1"),
        (.requirementYears, """
            INSERT INTO requirement (id, title, created_at) VALUES (90, 'Hate crime', '2026-01-01 00:00:00.000');
            DROP TRIGGER requirement_year_insert;
            INSERT INTO requirement_completion VALUES (90, 'L16', (SELECT agency_id FROM learner WHERE id = 'L16'), NULL, '2026-01-01 00:00:00.000')
            """),
        (.requirementYears, """
            INSERT INTO requirement (id, title, created_at) VALUES (90, 'Hate crime', '2026-01-01 00:00:00.000');
            INSERT INTO requirement_completion VALUES (90, 'L16', (SELECT agency_id FROM learner WHERE id = 'L16'), NULL, '2026-01-01 00:00:00.000');
            UPDATE requirement_year SET learners = learners + 1
            """),
        (.foreignKeys, "INSERT INTO booking_event (booking_id, at, actor, to_status) VALUES (999999, '2026-11-23 10:00:00.000', 'x', 'confirmed')"),
    ])
    func eachRuleBrokenInACopyIsCaught(rule: PartnershipInvariants.Violation.Rule, breaking sql: String) throws {
        // Given a sound partnership
        let storm = try Self.partnership()
        // When one rule is broken behind Muster's back
        let path = try Self.copy(of: storm, named: rule.rawValue, breaking: sql
            .replacingOccurrences(of: "$first", with: storm.future[0]).replacingOccurrences(of: "$another", with: storm.future[2]))
        // Then the checker names it
        let checked = PartnershipInvariants.check(databaseAt: path, now: BookingStorm.storedNow)
        #expect(checked.broken(rule), "\(rule) not caught; found \(checked.violations)")
    }

    @Test func aDamagedFileIsCaught() throws {
        // Given a sound partnership's file, with a page in its middle overwritten
        let storm = try Self.partnership()
        let path = storm.folder.appendingPathComponent("damaged.sqlite").path
        try FileManager.default.copyItem(atPath: storm.database, toPath: path)
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try file.seekToEnd()
        try file.seek(toOffset: size / 2 / 4096 * 4096)
        try file.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try file.close()
        // When checked, Then the damage is the verdict
        #expect(PartnershipInvariants.check(databaseAt: path, now: BookingStorm.storedNow).broken(.integrity))
    }
}
