import Foundation
import GRDB
import Testing
@testable import MusterCore

/// A database from before the scheduler: the upgrade must not hand the first scheduler run
/// sessions the partnership had already decided to run.
@Suite struct SchedulerUpgradeTests {
    @Test func sessionsAlreadyPastTheirCutOffWhenTheSchedulerArrivesAreGoingAhead() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v3-cpd-and-requirements")
        let now = Date()
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO course(id, title, area, format, duration_minutes, cpd_hours, capacity, min_attendees)
                VALUES ('hate-crime', 'Hate Crime', 'community', 'face-to-face', 180, 3, 20, 6)
                """)
            for (id, days, cutoff) in [("tomorrow", 1.0, nil), ("later", 60.0, nil), ("long-cutoff", 20.0, 90)] as [(String, Double, Int?)] {
                let start = now.addingTimeInterval(days * 86_400)
                try db.execute(sql: """
                    INSERT INTO session(id, course_id, starts_at, ends_at, capacity, min_attendees, cutoff_days, created_at)
                    VALUES (?, 'hate-crime', ?, ?, 20, 6, ?, ?)
                    """, arguments: [id, start, start.addingTimeInterval(10_800), cutoff, now])
            }
        }
        try Schema.migrator.migrate(queue)
        let decisions = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, cutoff_decision, cutoff_days FROM session ORDER BY id")
                .map { "\($0["id"] as String) \($0["cutoff_decision"] as String? ?? "-") \($0["cutoff_days"] as Int? ?? 0)" }
        }
        // A 90-day cut-off becomes the new limit of 60 working days, already past for a session 20 days away.
        #expect(decisions == ["later - 0", "long-cutoff going-ahead 60", "tomorrow going-ahead 0"])
    }
}
