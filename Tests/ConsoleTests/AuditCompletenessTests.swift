import Foundation
import GRDB
import Testing
@testable import Console
import MusterCore

/// Every command of the table, run for real on one partnership's first weeks: a command that
/// changes any row of any table leaves exactly one audit event per write it makes, and one that
/// changes nothing leaves none. Three commands are several writes by design, each saved the
/// moment it is made so that stopping half-way loses nothing: the roll call (one per mark
/// changed), the scheduler (one per action) and the outbox (the claim, then one per letter).
/// A subject access export changes nothing but is a disclosure, and is audited as one.
@Suite struct AuditCompletenessTests {
    @Test func everyWriteCommandLeavesExactlyOneAuditEventPerWriteAndEveryReadNone() throws {
        let walk = try FirstWeeks()
        var run: Set<String> = []
        let last = try walk.run(on: try AppDatabase.inMemory()) { number, step, line, harness in
            let spec = try #require(try? CommandParser(table: .standard, role: .admin).parse(try Tokenizer.words(line)).spec,
                                    "step \(number) '\(line)' does not parse")
            run.insert(spec.name)
            let before = try FirstWeeks.fingerprint(harness.interpreter.context.database)
            let events = try harness.interpreter.context.database.auditEventCount()

            let (outcome, output, errors) = harness.run(line)

            try #require(outcome == .succeeded, "step \(number) '\(line)': \(errors)")
            let after = try FirstWeeks.fingerprint(harness.interpreter.context.database)
            let expected = step.events?(output, before, after) ?? (before == after ? 0 : 1)
            #expect(try harness.interpreter.context.database.auditEventCount() - events == expected, "step \(number) '\(line)'")
        }
        // Every command of the table was walked but `quit`, which only ends the loop.
        // `demo generate` builds a whole partnership on an empty file only: it has its own test below.
        let missing = Set(CommandTable.standard.specs.map(\.name)).subtracting(run).subtracting(["quit", "demo generate"])
        #expect(missing.isEmpty, "not walked: \(missing.sorted())")
        // And the walk was a real one: the scheduler acted and the outbox delivered.
        #expect(try FirstWeeks.value("SELECT status FROM session WHERE id = 's201'", last) == "cancelled")
        #expect(try FileManager.default.contentsOfDirectory(atPath: walk.folder.folder.path).contains { $0.hasPrefix("message-") })
    }

    @Test func aDemoPartnershipIsOneAuditEventPerBatchItCommitsAndOnePerCutOffDecision() throws {
        let harness = try ConsoleHarness()
        try harness.given(
            #"course add hate-crime --title "Hate Crime" --area community --format face-to-face --hours 3 --level 2"#,
            #"course add domestic-abuse --title "Domestic Abuse" --area all-age --format virtual --hours 3 --level 2"#)
        let events = try harness.interpreter.context.database.auditEventCount()

        #expect(harness.run("demo generate --learners 40 --years 1 --seed 3").0 == .succeeded)

        let batches = try #require(try parseJSON(harness.run("audit --action demo --json").1) as? [[String: Any]])
        #expect(batches.count >= 2 && batches.allSatisfy { $0["action"] as? String == "demo.generate" })
        // The history it plays has the scheduler deciding each session at its cut-off: one event
        // per decision, as a real run leaves.
        let decisions = try #require(try parseJSON(harness.run("audit --actor scheduler --limit 100000 --json").1) as? [[String: Any]])
        #expect(!decisions.isEmpty)
        #expect(try harness.interpreter.context.database.auditEventCount() - events == batches.count + decisions.count)
        // Each batch says what it wrote: its first rows, and the rest counted.
        #expect(batches.allSatisfy { !(($0["changes"] as? [Any]) ?? []).isEmpty })
    }

    @Test func aRefusedCommandChangesNoRowAndLeavesNoEvent() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("session add hate-crime 2027-01-12 09:30 --capacity 1", "book s101 P1002")
        for line in ["book s101 P1002", "book s999 P1002", "unbook s101 NOBODY", "learner add P1002 --name X --email x@y.org --agency police",
                     "session edit s101 --capacity -1", "course add hate-crime --title T --area community --format virtual --hours 1",
                     "cpd remove 999", "learner erase P1002 --yes"] {
            let before = try FirstWeeks.fingerprint(harness.interpreter.context.database)
            let events = try harness.interpreter.context.database.auditEventCount()
            #expect(harness.run(line).0 == .failed, "\(line)")
            #expect(try FirstWeeks.fingerprint(harness.interpreter.context.database) == before, "\(line)")
            #expect(try harness.interpreter.context.database.auditEventCount() == events, "\(line)")
        }
    }
}
