import Testing
@testable import Console

/// Help is what a person reads: it is checked as whole text, so any change shows as a diff.
@Suite struct HelpTests {
    @Test func helpForOneCommandShowsItsUsageSummaryAndOptions() throws {
        let harness = try ConsoleHarness()
        let (_, output, _) = harness.run("help session cancel")
        #expect(output == """
            usage: session cancel SESSION --reason R [--note T]

            cancel a session and every booking on it

            options:
              --reason R  why it is cancelled (low-numbers, trainer-unavailable, venue, other)
              --note T    more detail for the record and the learners

            """)
    }

    @Test func theOverviewListsEveryCommandOfTheTable() throws {
        let harness = try ConsoleHarness()
        let (_, output, _) = harness.run("help")
        for spec in CommandTable.standard.specs {
            #expect(output.contains("  " + spec.name + " "), "help does not list \(spec.name)")
        }
    }

    @Test func helpForAGroupListsItsCommandsWithUsage() throws {
        let harness = try ConsoleHarness()
        let (_, output, _) = harness.run("help course")
        #expect(output.hasPrefix("course show COURSE [--json]\n    a course's details and its next sessions\n"))
        #expect(output.contains("course retire COURSE\n"))
    }

    @Test func helpForAnUnknownCommandSuggestsOne() throws {
        let harness = try ConsoleHarness()
        let (outcome, _, errors) = harness.run("help sesions")
        #expect(outcome == .failed)
        #expect(errors.contains("did you mean sessions"))
    }
}
