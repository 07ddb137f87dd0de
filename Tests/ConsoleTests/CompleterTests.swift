import Testing
@testable import Console
import MusterCore

@Suite struct CompleterTests {
    func completer() throws -> Completer {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given("session add hate-crime 2027-05-04 09:30")
        return Completer(table: harness.context.table, role: .admin, lookup: Completer.databaseLookup(harness.context))
    }

    @Test func commandWordsAndSubcommandsComeFromTheTable() throws {
        let completer = try completer()
        #expect(completer.candidates(before: "", word: "cour") == ["courses", "course"])
        #expect(completer.candidates(before: "session ", word: "c") == ["cancel", "complete"])
        #expect(completer.candidates(before: "import ", word: "") == ["courses", "sessions", "learners", "requirements"])
    }

    @Test func idsAreCompletedByWhatTheArgumentIs() throws {
        let completer = try completer()
        #expect(completer.candidates(before: "course show ", word: "ha") == ["hate-crime"])
        #expect(completer.candidates(before: "session show ", word: "s1") == ["s101"])
        #expect(completer.candidates(before: "learner show ", word: "p1") == ["P1002"])
        #expect(completer.candidates(before: "session add ", word: "dom") == ["domestic-abuse"])
        #expect(completer.candidates(before: "learner add P9 --agency ", word: "po") == ["police"])
    }

    @Test func aLearnerIsOfferedOnlyTheirOwnId() throws {
        let harness = try ConsoleHarness().withCatalogue()
        try harness.given(#"learner add P1003 --name "Ann Lee" --email ann@police.example --agency police"#)
        let ann = CommandContext(database: harness.context.database, clock: harness.context.clock,
                                 actor: ActingUser(id: "ann", role: .learner, learnerID: "P1003"))
        let completer = Completer(table: ann.table, role: .learner, lookup: Completer.databaseLookup(ann))
        #expect(completer.candidates(before: "bookings ", word: "P") == ["P1003"])
        #expect(completer.candidates(before: "bookings ", word: "P1002").isEmpty)
    }

    @Test func optionsAndTheirChoicesAreCompleted() throws {
        let completer = try completer()
        #expect(completer.candidates(before: "session cancel s101 ", word: "--r") == ["--reason"])
        #expect(completer.candidates(before: "session cancel s101 --reason ", word: "") ==
                ["low-numbers", "trainer-unavailable", "venue", "other"])
        #expect(completer.candidates(before: "courses --area ", word: "a") == ["adults", "all-age"])
        #expect(!completer.candidates(before: "courses --json ", word: "--").contains("--json"))
    }

    @Test func helpCompletesCommandWords() throws {
        let completer = try completer()
        #expect(completer.candidates(before: "help ", word: "sess") == ["sessions", "session"])
        #expect(completer.candidates(before: "help session ", word: "a") == ["add"])
    }

    @Test func aQuotedWordIsCompletedInsideItsQuote() throws {
        let completer = try completer()
        #expect(completer.candidates(before: "course show \"", word: "ha") == ["hate-crime"])
    }
}
