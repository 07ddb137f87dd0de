import Foundation
import Testing
@testable import Console
import MusterCore

@Suite struct AccountCommandTests {
    /// Answers the password questions in turn.
    func typing(_ harness: ConsoleHarness, _ answers: [String?]) {
        let questions = ConsoleHarness.Questions(answers)
        harness.interpreter.context.askSecret = { questions.next($0) }
    }

    @Test func offATerminalNoPasswordCanBeSetAndTwoDifferentOnesChangeNothing() throws {
        let harness = try ConsoleHarness().withCatalogue()
        #expect(harness.run("user add jo --role admin").2
                == "error: passwords are asked at a terminal, with echo off; they are never given as arguments\n")
        typing(harness, ["plum orchard lantern", "plum orchard lanterns"])
        #expect(harness.run("user add jo --role admin").2 == "error: the two passwords differ; nothing was changed\n")
        typing(harness, ["plum orchard lantern", nil])
        #expect(harness.run("user add jo --role admin").2 == "error: left; no password was set\n")
        #expect(harness.run("users --json").1 == "[]\n")
        #expect(harness.run("user add jo --role admin --password x").2.contains("has no option --password"))
    }

    @Test func loginAtThePromptLeavesOnlyThatRolesCommandsAndLogoutReturnsToWhoeverWasBefore() throws {
        let harness = try ConsoleHarness().withCatalogue()
        let password = "plum orchard lantern"
        typing(harness, [password, password])
        try harness.given("user add sean --role learner --learner P1002")
        harness.interpreter.context.askSecret = nil
        #expect(harness.run("login sean").2 == "error: passwords are asked at a terminal, with echo off; they are never given as arguments\n")
        typing(harness, ["not it"])
        #expect(harness.run("login sean").2.hasPrefix("error: login refused: unknown user or wrong password"))
        typing(harness, ["not it"])
        #expect(harness.run("login nobody").2.hasPrefix("error: login refused: unknown user or wrong password"))
        #expect(harness.interpreter.context.actor == .localOperator)
        var changed: [ActingUser] = []
        harness.interpreter.identityChanged = { changed.append($0) }

        typing(harness, [password])
        #expect(harness.run("login sean").1 == "Logged in as sean (learner). logout returns to local.\n")

        #expect(harness.run("whoami").1 == "sean (learner)\n")
        #expect(harness.run("users").2 == "error: users: not permitted\n")
        #expect(harness.run("bookings").0 == .succeeded && harness.run("learner show P1002").2 == "error: learner: not permitted\n")
        #expect(harness.run("logout").1 == "Logged out sean.\n")
        #expect(harness.interpreter.context.actor == .localOperator && harness.run("users").0 == .succeeded)
        #expect(changed.map(\.id) == ["sean", "local"])
        #expect(harness.run("logout").0 == .quit)
        let logins = try #require(try parseJSON(harness.run("audit --action user --json").1) as? [[String: Any]])
        #expect(logins.prefix(3).map { $0["action"] as? String } == ["user.login", "user.login-refused", "user.login-refused"])
    }

    @Test func usersListsRolesAndStatesAndALearnerChangesOnlyTheirOwnPassword() throws {
        let harness = try ConsoleHarness().withCatalogue()
        typing(harness, ["plum orchard lantern", "plum orchard lantern", "granite kettle meadow", "granite kettle meadow"])
        try harness.given("user add sean --role learner --learner P1002", "user add jo --role trainer --name \"Jo Smith\"", "user disable jo")
        let table = harness.run("users").1
        #expect(table.contains("sean  Sean O'Brien  learner  P1002    active"))
        #expect(table.contains("jo    Jo Smith      trainer           disabled"))
        let shared = harness.interpreter.context
        harness.interpreter.context = CommandContext(database: shared.database, clock: shared.clock,
                                                     actor: ActingUser(id: "sean", role: .learner, learnerID: "P1002"))
        typing(harness, ["a new long password", "a new long password"])
        #expect(harness.run("passwd").1 == "Password changed for sean.\n")
        typing(harness, ["a new long password", "a new long password"])
        #expect(harness.run("passwd jo").2 == "error: only an admin may set another user's password\n")
        #expect(harness.run("user disable jo").2 == "error: user: not permitted\n")
        #expect(try harness.context.accounts.authenticate("sean", password: "a new long password").id == "sean")
    }
}
