import Foundation
import GRDB
@testable import Console
import MusterCore

/// A partnership's first weeks, typed command by command: every command of the table but
/// `quit`, with the files they read, at the moments they would be typed (the scheduler's
/// cut-off, a delivered session's register). Tests walk it to check something of every
/// command at once: the audit trail, the plan of every query.
struct FirstWeeks {
    struct Step {
        var at: String
        var line: (ConsoleHarness) throws -> String
        /// Events expected, from the database and the output; nil: one when anything changed.
        var events: ((_ output: String, _ before: Fingerprint, _ after: Fingerprint) -> Int)?
        var answers: [String?] = []
    }

    /// Every row of every table but the audit trail, in order: what a write would change.
    struct Fingerprint: Equatable {
        var tables: [String: [String]]
        func rows(_ table: String) -> [String] { tables[table] ?? [] }
    }

    let folder: ScratchPartnership
    let steps: [Step]

    init() throws {
        folder = try ScratchPartnership()
        let folder = self.folder
        let courses = folder.file("Import")
        try FileManager.default.createDirectory(at: courses, withIntermediateDirectories: true)
        for (id, title, minimum) in [("domestic-abuse", "Domestic Abuse", 8), ("old-course", "Old Course", 2)] {
            try """
                title: \(title)
                area: all-age
                level: 2
                format: virtual
                duration: 3h
                cpd_hours: 3
                capacity: 30
                min_attendees: \(minimum)
                description: A course.
                """.write(to: courses.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)
        }
        try folder.write("sessions.yaml", """
            term: Winter 2026
            trainers:
              - id: jsmith
                name: Jane Smith
                email: jane.smith@partnership.example
            sessions:
              - id: s201
                course: domestic-abuse
                date: 2026-12-08
                time: "09:30"
                online: https://meet.partnership.example/da
                trainer: jsmith
            """)
        try folder.write("learners.csv", """
            Staff number,Name,Email,Agency,Job role,Start date
            P4,Dee Four,dee@health.example,Health,Health Visitor,2024-09-01
            P5,Eve Five,eve@health.example,Health,Health Visitor,2018-04-15
            """)
        try folder.write("requirements.yaml", """
            requirements:
              - kpi: "2.1"
                title: Domestic abuse
                courses: [domestic-abuse]
                roles: [Health Visitor]
                target: 80
            """)
        try folder.write("zoom.csv", """
            Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent
            Dee Four,dee@health.example,12/07/2026 09:29:02 AM,12/07/2026 12:31:58 PM,182,No,Y
            """)
        let (sessions, learners, requirements, zoom) = (folder.file("sessions.yaml"), folder.file("learners.csv"),
                                                        folder.file("requirements.yaml"), folder.file("zoom.csv"))
        let sendmail = folder.file("sendmail")
        try "#!/bin/sh\ncat > \"$1/message-$$.eml\"\n".write(to: sendmail, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
        let password = "plum orchard lantern"
        func hateCrime(_ h: ConsoleHarness) throws -> String { try FirstWeeks.value("SELECT id FROM session WHERE course_id = 'hate-crime'", h) }
        func cpdEntry(_ h: ConsoleHarness) throws -> String { try FirstWeeks.value("SELECT id FROM cpd_entry ORDER BY id DESC LIMIT 1", h) }
        func plain(_ at: String, _ line: String) -> Step { Step(at: at, line: { _ in line }) }
        func counted(_ at: String, _ line: String, _ events: @escaping (String, Fingerprint, Fingerprint) -> Int) -> Step {
            Step(at: at, line: { _ in line }, events: events)
        }
        let monday = "2026-11-23 10:00", friday = "2026-12-04 10:00", afterwards = "2026-12-07 13:00"

        steps = [
            plain(monday, #"course add hate-crime --title "Hate Crime" --area community --format face-to-face --hours 3 --level 2 --min 1"#),
            plain(monday, "course edit hate-crime --capacity 2"),
            plain(monday, "import courses \(courses.path)"),
            plain(monday, "import sessions \(sessions.path)"),
            plain(monday, "session add hate-crime 2026-12-07 09:30 --trainer jsmith"),
            Step(at: monday, line: { "session edit \(try hateCrime($0)) --venue \"Civic Centre\"" }),
            plain(monday, "session add old-course 2027-02-01 09:30 --online https://meet.partnership.example/x"),
            Step(at: monday, line: { "session cancel \(try FirstWeeks.value("SELECT id FROM session WHERE course_id = 'old-course'", $0)) --reason venue" }),
            plain(monday, "course retire old-course"),
            plain(monday, #"agency add police --name "Police""#),
            plain(monday, #"learner add P1 --name "Ann One" --email ann@police.example --agency police --job-role "Health Visitor""#),
            plain(monday, #"learner add P2 --name "Bo Two" --email bo@police.example --agency police"#),
            plain(monday, #"learner add P3 --name "Cy Three" --email cy@police.example --agency police"#),
            plain(monday, "import learners \(learners.path)"),
            plain(monday, #"learner edit P2 --job-role "Detective Constable""#),
            Step(at: monday, line: { "book \(try hateCrime($0)) P1" }),
            Step(at: monday, line: { "book \(try hateCrime($0)) P2" }),
            Step(at: monday, line: { "book \(try hateCrime($0)) P3" }),
            Step(at: monday, line: { "transfer \(try hateCrime($0)) P2 P4" }),
            Step(at: monday, line: { "unbook \(try hateCrime($0)) P1" }),
            plain(monday, "booking policy --late-days 3"),
            plain(monday, #"cpd profile partnership --title "Partnership" --hours 10 --months 12"#),
            plain(monday, "cpd add P1 --date 2026-11-20 --title Reading --hours 1"),
            Step(at: monday, line: { "cpd edit \(try cpdEntry($0)) --hours 2" }),
            Step(at: monday, line: { "cpd remove \(try cpdEntry($0))" }),
            plain(monday, "certificate policy --feedback-first off"),
            plain(monday, #"requirement add hate-crime --roles "Detective Constable" --kpi 1.1 --target 80"#),
            plain(monday, "import requirements \(requirements.path)"),
            plain(monday, "requirement retire 2.1"),
            plain(monday, #"compliance record P1 domestic-abuse --date 2026-10-01 --evidence "Previous employer""#),
            plain(monday, "scheduler policy --reminder-days 2"),
            plain(monday, #"outbox config --command "\#(sendmail.path) \#(folder.folder.path)" --from training@partnership.example"#),
            plain(monday, "charges policy --half-day 50 --full-day 90"),
            plain(monday, "retention policy --years 6"),
            Step(at: monday, line: { _ in "user add jo --role admin" }, answers: [password, password]),
            Step(at: monday, line: { _ in "passwd jo" }, answers: [password + " too", password + " too"]),
            // A login changes no record when it succeeds first time, but every attempt is audited.
            Step(at: monday, line: { _ in "login jo" }, events: { _, _, _ in 1 }, answers: [password + " too"]),
            plain(monday, "whoami"),
            plain(monday, "logout"),
            // Reads.
            plain(monday, "courses"), plain(monday, "course show hate-crime"), plain(monday, "sessions"),
            Step(at: monday, line: { "session show \(try hateCrime($0))" }),
            plain(monday, "learners"), plain(monday, "learner show P1"), plain(monday, "agencies"), plain(monday, "bookings P3"),
            plain(monday, "cpd P1"), plain(monday, "cpd profiles"), plain(monday, "requirements"), plain(monday, "compliance P1"),
            plain(monday, "evaluation hate-crime"), plain(monday, "outbox"), plain(monday, "report kpi"), plain(monday, "users"),
            plain(monday, "audit"), plain(monday, "audit show 1"), plain(monday, "help"), plain(monday, "retention due"),
            plain(monday, "export attendance --output \(folder.file("attendance.csv").path)"),
            plain(monday, "export feedback --output \(folder.file("feedback.csv").path)"),
            plain(monday, "export attendance --from 2026-11-01 --to 2027-03-31 --output \(folder.file("winter.csv").path)"),
            plain(monday, "export feedback --from 2026-11-01 --to 2027-03-31 --output \(folder.file("winter-feedback.csv").path)"),
            plain(monday, "export calendar P3 --output \(folder.file("p3.ics").path)"),
            plain(monday, "report year --from 2026-04-01 --to 2027-03-31"),
            plain(monday, "report charges --from 2026-04-01 --to 2027-03-31"),
            counted(monday, "learner export P5 --output \(folder.file("p5.json").path)") { _, _, _ in 1 },
            plain(monday, "scheduler run --dry-run"),
            // The cut-off: the under-booked session is cancelled, everyone is reminded.
            counted(friday, "scheduler run --json") { output, _, _ in
                ((try? parseJSON(output)) as? [Any])?.count ?? -1
            },
            counted(friday, "outbox send") { _, before, after in
                1 + after.rows("notification").filter { $0.contains("sent_at:\"2026") }.count
                    - before.rows("notification").filter { $0.contains("sent_at:\"2026") }.count
            },
            Step(at: afterwards, line: { "attend \(try hateCrime($0)) P3" }),
            Step(at: afterwards, line: { "attend import \(try hateCrime($0)) \(zoom.path)" }),
            // Two delegates, both marks changed: two writes.
            Step(at: afterwards, line: { "register \(try hateCrime($0))" }, events: { _, _, _ in 2 }, answers: ["e", "x"]),
            Step(at: afterwards, line: { "register \(try hateCrime($0))" }, events: { _, _, _ in 0 }, answers: ["", ""]),
            Step(at: afterwards, line: { "attend \(try hateCrime($0)) P3" }),
            Step(at: afterwards, line: { "session complete \(try hateCrime($0))" }),
            Step(at: afterwards, line: {
                "feedback \(try hateCrime($0)) P3 --course-rating 5 --trainer-rating 4 --before 2 --after 4 --outcomes yes --action \"Use the form\""
            }),
            Step(at: afterwards, line: { "certificate \(try hateCrime($0)) P3 --output \(folder.file("certificate.html").path)" }),
            Step(at: afterwards, line: { "certificate verify \(try FirstWeeks.value("SELECT code FROM certificate", $0))" }),
            plain(afterwards, "user disable jo"),
            plain(afterwards, "learner erase P5 --yes"),
            plain(afterwards, "retention apply --dry-run"),
            plain(afterwards, "retention apply --yes"),
        ]

    }

    /// Runs `body` for each step with its line filled in and a harness at the step's moment,
    /// its questions answered; returns the last harness.
    @discardableResult
    func run(on database: AppDatabase, _ body: (Int, Step, String, ConsoleHarness) throws -> Void) throws -> ConsoleHarness {
        var harness = try ConsoleHarness(now: steps[0].at, database: database)
        for (number, step) in steps.enumerated() {
            if harness.interpreter.context.clock.now != (try MusterClock.fixed(local: step.at)).now {
                let actor = harness.interpreter.context.actor
                harness = try harness.at(step.at)
                harness.interpreter.context.actor = actor
            }
            if !step.answers.isEmpty {
                let answers = ConsoleHarness.Questions(step.answers)
                harness.interpreter.context.askSecret = { answers.next($0) }
                harness.interpreter.context.ask = { answers.next($0) }
            }
            try body(number, step, try step.line(harness), harness)
        }
        return harness
    }

    static func value(_ sql: String, _ harness: ConsoleHarness) throws -> String {
        try harness.interpreter.context.database.read { db in try String.fetchOne(db, sql: sql) ?? "" }
    }

    static func fingerprint(_ database: AppDatabase) throws -> Fingerprint {
        try database.read { db in
            var tables: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_event'
                """) {
                tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid").map(\.description)
            }
            return Fingerprint(tables: tables)
        }
    }
}
