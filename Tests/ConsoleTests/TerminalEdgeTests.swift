#if canImport(Glibc)
import Foundation
import Glibc
import Testing

/// The real binary at its prompt on a pseudo-terminal, met by what terminals really send:
/// a 100,000-character line, bytes that are not UTF-8, several lines pasted at once, Ctrl-C
/// inside a password prompt and the register, and SIGTERM or SIGHUP at the prompt.
@Suite(.timeLimit(.minutes(2)))
struct TerminalEdgeTests {
    static let prompt = "muster (local, admin)> "
    let scratch: ScratchPartnership
    var folder: URL { scratch.folder }
    var historyFile: URL { folder.appendingPathComponent("history") }

    init() throws { scratch = try ScratchPartnership() }

    func launch(now: String = "2027-02-01 10:00") throws -> PseudoTerminal {
        let terminal = try PseudoTerminal.muster(in: folder, now: now)
        try terminal.expect(Self.prompt)
        return terminal
    }

    func musterScript(_ commands: String..., now: String = "2027-02-01 10:00") throws -> MusterBinary.Result {
        try MusterBinary.run(["--db", "muster.sqlite", "--now", now] + commands.flatMap { ["-c", $0] }, in: folder)
    }

    /// What refused-not-fatal means: the next command is answered and Muster ends when asked.
    func answersAgainThenQuits(_ terminal: PseudoTerminal) throws {
        try terminal.send("whoami\r")
        try terminal.expect("local (admin)")
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func aHundredThousandCharacterLineIsAnsweredAndThePromptReturns() throws {
        let terminal = try launch()
        defer { terminal.close() }
        // When a 100,000-character learner id is typed (pasted) at the prompt
        try terminal.send(bytes: Array(("learner show " + String(repeating: "x", count: 100_000) + "\r").utf8), timeout: .seconds(90))
        // Then it is refused in a line that says how long the id was, and the prompt is back
        try terminal.expect("no learner 'xxxxxxxxxx", timeout: .seconds(60))
        try terminal.expect("characters)")
        try terminal.expect(Self.prompt)
        try answersAgainThenQuits(terminal)
    }

    @Test func bytesThatAreNotUTF8AreRefusedNotFatal() throws {
        let terminal = try launch()
        defer { terminal.close() }
        // Latin-1 "é", a lone continuation byte and an overlong slash, in a command word
        try terminal.send(bytes: Array("cours".utf8) + [0xE9, 0x80, 0xC0, 0xAF] + Array("s\r".utf8))
        try terminal.expect("unknown command 'cours")
        try terminal.expect(Self.prompt)
        // and as a value
        try terminal.send(bytes: Array("courses ".utf8) + [0xFF, 0xFE] + Array("\r".utf8))
        try terminal.expect("(no courses)")
        try terminal.expect(Self.prompt)
        try answersAgainThenQuits(terminal)
    }

    /// A terminal pastes several lines as one write: each runs once, in order.
    @Test func pastedLinesRunOnceEachInOrder() throws {
        #expect(try musterScript("agency add police --name Police").status == 0)
        let terminal = try launch()
        defer { terminal.close() }
        try terminal.send("learner add P1 --name 'Ann Lee' --email ann@police.example --agency police\r"
                          + "learner add P2 --name 'Bo Day' --email bo@police.example --agency police\r"
                          + "book s101 P1\rbook s101 P2\rsession show s101\r")
        let shown = try terminal.expect("Bo Day")
        #expect(shown.contains("Ann Lee"))
        try terminal.expect(Self.prompt)
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit() == 0)
        let bookings = try musterScript("bookings P1 --json", "bookings P2 --json")
        #expect(bookings.output.components(separatedBy: "\"status\" : \"confirmed\"").count - 1 == 2
                || bookings.output.components(separatedBy: "\"status\": \"confirmed\"").count - 1 == 2, "\(bookings.output)")
        let history = try String(contentsOf: historyFile, encoding: .utf8)
        let order = ["learner add P1", "learner add P2", "book s101 P1", "book s101 P2", "session show s101"]
            .map { history.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(history)")
    }

    /// A terminal with bracketed paste (readline asks for it) marks a paste, and readline
    /// then keeps its line breaks in one line: each pasted line still runs once, in order.
    @Test func aBracketedPasteOfSeveralLinesRunsEachOnce() throws {
        let terminal = try launch()
        defer { terminal.close() }
        try terminal.send("\u{1B}[200~courses hate\rsession show s101\r\u{1B}[201~\r")
        let shown = try terminal.expect("Civic Centre")
        #expect(shown.contains("(1 course)"), "\(shown)")
        #expect(!shown.contains("error"), "\(shown)")
        try terminal.expect(Self.prompt)
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func ctrlCAtAPasswordPromptAddsNoUserAndThePromptReturns() throws {
        let terminal = try launch()
        defer { terminal.close() }
        try terminal.send("user add kpatel --role trainer\r")
        try terminal.expect("New password for kpatel: ")
        try terminal.send("half a pass")
        try terminal.waitUntilIdle()
        try terminal.send("\u{03}")
        try terminal.expect(Self.prompt)
        try terminal.send("users\r")
        let users = try terminal.expect(Self.prompt)
        #expect(!users.contains("kpatel"), "\(users)")
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(!((try? String(contentsOf: historyFile, encoding: .utf8)) ?? "").contains("half a pass"))
    }

    /// Each mark of the roll call is saved as it is made; Ctrl-C leaves the rest unmarked,
    /// and no mark is half made (a mark without its CPD entry, or the other way round).
    @Test func ctrlCInTheRegisterKeepsWholeMarksAndLeavesTheRestUnmarked() throws {
        #expect(try musterScript("agency add police --name Police",
                                 "learner add P1 --name 'Ann Lee' --email ann@police.example --agency police",
                                 "learner add P2 --name 'Bo Day' --email bo@police.example --agency police",
                                 "book s101 P1", "book s101 P2").status == 0)
        let terminal = try launch(now: "2027-03-30 12:45")
        defer { terminal.close() }
        try terminal.send("register s101\r")
        try terminal.answer("P1 Ann Lee [unmarked] a/p/x/e, Enter keeps: ", with: "a")
        try terminal.expect("P2 Bo Day [unmarked]")
        try terminal.waitUntilIdle()
        try terminal.send("\u{03}")
        try terminal.expect("Register left after 1 mark")
        try terminal.expect(Self.prompt)
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit() == 0)
        let after = try musterScript("cpd P1 --json", "cpd P2 --json", "session show s101 --json", now: "2027-03-30 12:45")
        #expect(after.status == 0, "\(after.errors)")
        let documents = after.output.components(separatedBy: "\n}\n")
        #expect(documents[0].contains("\"verified\": true") || documents[0].contains("\"verified\" : true"), "\(documents[0])")
        #expect(!documents[1].contains("\"verified\": true") && !documents[1].contains("\"verified\" : true"), "\(documents[1])")
        #expect(after.output.contains("\"status\": \"attended\"") || after.output.contains("\"status\" : \"attended\""))
        #expect(after.output.contains("\"status\": \"confirmed\"") || after.output.contains("\"status\" : \"confirmed\""))
    }

    /// SIGTERM (a shutdown) or SIGHUP (the ssh connection dropped) at the prompt: what was
    /// typed before is in the history, the line being typed never runs, the terminal gets
    /// its echo and line editing back, and Muster ends as the signal asked.
    @Test(arguments: [SIGTERM, SIGHUP])
    func aSignalAtThePromptSavesHistoryRestoresTheTerminalAndEndsCleanly(_ signal: Int32) throws {
        let terminal = try launch()
        defer { terminal.close() }
        let side = try terminal.holdTerminalSide()
        defer { _ = Glibc.close(side) }
        try terminal.send("whoami\r")
        try terminal.expect("local (admin)")
        try terminal.expect(Self.prompt)
        try terminal.send("agency add fire --name Fire")   // typed, not entered
        try terminal.waitUntilIdle()
        #expect(PseudoTerminal.settings(of: side).c_lflag & tcflag_t(ECHO | ICANON) == 0, "readline edits in raw mode")
        terminal.send(signal: signal)
        #expect(try terminal.waitForExit() == 128 + signal)
        let restored = PseudoTerminal.settings(of: side)
        #expect(restored.c_lflag & tcflag_t(ECHO | ICANON) == tcflag_t(ECHO | ICANON),
                "the terminal was left without echo or line editing (lflag \(String(restored.c_lflag, radix: 8)))")
        let history = try String(contentsOf: historyFile, encoding: .utf8)
        #expect(history.contains("whoami"))
        #expect(!history.contains("agency add fire"))
        #expect(try musterScript("agencies").output.contains("fire") == false)
    }
}
#endif
