#if canImport(Glibc)
import Foundation
import Glibc
import Testing

/// Accounts through the real binary on a pseudo-terminal: a password asked twice with echo
/// off and kept out of history, then `--login` leaving only the learner's commands.
@Suite(.timeLimit(.minutes(1)))
struct LoginTerminalTests {
    let scratch: ScratchPartnership
    var folder: URL { scratch.folder }
    var historyFile: URL { folder.appendingPathComponent("history") }
    static let password = "plum orchard lantern"

    init() throws { scratch = try ScratchPartnership() }

    func launch(_ extra: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal.muster(in: folder, arguments: extra)
    }

    /// The police and its learners, through the real binary.
    func given(learners: [(id: String, name: String)]) throws {
        let setup = try MusterBinary.run(["--db", "muster.sqlite", "--now", "2026-11-23 10:00", "-c", "agency add police --name Police"]
            + learners.flatMap { ["-c", "learner add \($0.id) --name '\($0.name)' --email \($0.id.lowercased())@police.example --agency police"] },
            in: folder)
        #expect(setup.status == 0, "\(setup.errors)")
    }

    /// At the admin's first prompt: Ann's login for learner P1, her password typed twice.
    @discardableResult
    func addAnn(at admin: PseudoTerminal) throws -> String {
        try admin.answer("muster (local, admin)> ", with: "user add ann --role learner --learner P1")
        try admin.answer("New password for ann: ", with: Self.password)
        try admin.answer("Again: ", with: Self.password)
        return try admin.expect("Added ann (learner, learner P1).")
    }

    @Test func aPasswordIsAskedTwiceUnseenAndALearnerLogsInToOnlyTheirCommands() throws {
        try given(learners: [("P1", "Ann Lee")])
        let admin = try launch()
        let added = try addAnn(at: admin)
        #expect(!added.contains("lantern"))   // never echoed
        try admin.send("quit\r")
        #expect(try admin.waitForExit(timeout: .seconds(10)) == 0)
        let history = (try? String(contentsOf: historyFile, encoding: .utf8)) ?? ""
        #expect(history.contains("user add ann") && !history.contains("lantern"))

        let learner = try launch(["--login"])
        try learner.answer("User: ", with: "ann")
        try learner.answer("Password: ", with: "not the password")
        try learner.expect("login refused: unknown user or wrong password")
        try learner.answer("User: ", with: "ann")
        try learner.answer("Password: ", with: Self.password)
        let welcome = try learner.expect("muster (ann, learner)> ")
        #expect(!welcome.contains("lantern"))
        try learner.send("help\r")
        let help = try learner.expect("muster (ann, learner)> ")
        #expect(help.contains("bookings") && !help.contains("users") && !help.contains("export attendance"))
        try learner.send("users\r")
        try learner.expect("error: users: not permitted")
        try learner.send("quit\r")
        #expect(try learner.waitForExit(timeout: .seconds(10)) == 0)
        // Each person has their own history: Ann's Up key never shows the admin's commands.
        let own = (try? String(contentsOf: folder.appendingPathComponent("history.ann"), encoding: .utf8)) ?? ""
        #expect(own.contains("users") && !own.contains("user add"))
        #expect(!((try? String(contentsOf: historyFile, encoding: .utf8)) ?? "").contains("users"))
    }

    @Test func loginAtThePromptChangesThePromptCompletionAndHistoryUntilLogout() throws {
        try given(learners: [("P1", "Ann Lee"), ("P2", "Bo Hill")])
        let terminal = try launch()
        try addAnn(at: terminal)
        try terminal.send("login ann\r")
        try terminal.answer("Password for ann: ", with: Self.password)
        let welcome = try terminal.expect("muster (ann, learner)> ")
        #expect(!welcome.contains("lantern"))
        // Tab offers a learner only their own record, and no admin command.
        try terminal.send("bookings P\t")
        try terminal.expect("bookings P1 ")
        try terminal.send("\r")
        try terminal.expect("muster (ann, learner)> ")
        try terminal.send("\u{15}use\t\t")
        try terminal.send("\r")
        let refused = try terminal.expect("muster (ann, learner)> ")
        #expect(!refused.contains("users"))
        try terminal.send("logout\r")
        try terminal.expect("Logged out ann.")
        try terminal.expect("muster (local, admin)> ")
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
        let own = (try? String(contentsOf: folder.appendingPathComponent("history.ann"), encoding: .utf8)) ?? ""
        #expect(own.contains("bookings P1") && own.contains("logout") && !own.contains("user add"))
        let admins = (try? String(contentsOf: historyFile, encoding: .utf8)) ?? ""
        #expect(admins.contains("login ann") && !admins.contains("bookings") && !admins.contains("lantern"))
    }

    @Test func loginWithoutAccountsOrWithoutATerminalIsRefusedPlainly() throws {
        let noAccounts = try launch(["--login"])
        try noAccounts.expect("this database has no accounts yet")
        #expect(try noAccounts.waitForExit(timeout: .seconds(10)) == 1)
        let script = try MusterBinary.run(["--db", "muster.sqlite", "--login", "-c", "courses"], in: folder)
        #expect(script.status == 1 && script.errors.contains("--login needs a terminal"))
    }
}
#endif
