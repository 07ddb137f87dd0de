#if canImport(Glibc)
import Foundation
import Glibc
import Testing

/// The real `muster` binary at its prompt on a pseudo-terminal: GNU readline's line
/// editing, history kept between runs, Tab completion and Ctrl-C, typed as keystrokes.
@Suite(.timeLimit(.minutes(1)))
struct TerminalTests {
    static let prompt = "muster (local, admin)> "

    /// A scratch folder holding a tiny catalogue; the database seeds itself from it.
    let scratch: ScratchPartnership
    var folder: URL { scratch.folder }

    init() throws { scratch = try ScratchPartnership() }

    var historyFile: URL { folder.appendingPathComponent("history") }

    /// Starts muster at its prompt, in the scratch folder, with a fixed clock.
    func launch(now: String = "2026-11-23 10:00") throws -> PseudoTerminal {
        let terminal = try PseudoTerminal.muster(in: folder, now: now)
        try terminal.expect(Self.prompt)
        return terminal
    }

    // MARK: Tests

    @Test func theFeedbackFormAsksAgainOnANonsenseAnswerAndCtrlCSavesNothing() throws {
        let setup = try MusterBinary.run(["--db", "muster.sqlite", "--now", "2026-11-23 10:00",
                                          "-c", "agency add police --name Police",
                                          "-c", "learner add P1 --name 'Ann Lee' --email ann@police.example --agency police",
                                          "-c", "book s101 P1"], in: folder)
        #expect(setup.status == 0, "\(setup.errors)")
        #expect(try MusterBinary.run(["--db", "muster.sqlite", "--now", "2027-03-30 12:45", "-c", "attend s101 P1"], in: folder).status == 0)

        let terminal = try launch(now: "2027-03-30 12:45")
        try terminal.send("feedback s101 P1\r")
        try terminal.expect("(1/8) Overall, how would you rate the course?")
        try terminal.send("nine\r")
        try terminal.expect("(expected a whole number from 1 to 5) (1/8)")
        try terminal.send("5\r")
        try terminal.expect("(2/8)")
        try terminal.send("4\r")
        try terminal.expect("(3/8)")
        try terminal.send("\u{03}")
        try terminal.expect("Feedback left; nothing was saved.")
        try terminal.expect(Self.prompt)

        try terminal.send("feedback s101 P1 --show\r")
        try terminal.expect("P1 has not given feedback on s101 yet")
        try terminal.expect(Self.prompt)

        try terminal.send("feedback s101 P1\r")
        for answer in ["5", "4", "2", "4", "yes", "Ask about hate incidents at every visit", "Clear and practical"] {
            try terminal.expect("? ")
            try terminal.send(answer + "\r")
        }
        try terminal.expect("(8/8) Keep your comment anonymous?")
        try terminal.send("y\r")
        try terminal.expect("Thank you: feedback on s101 saved")
        try terminal.expect(Self.prompt)
        try terminal.send("quit\r")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
        let history = (try? String(contentsOf: historyFile, encoding: .utf8)) ?? ""
        #expect(!history.contains("Clear and practical"))
    }

    @Test func tabCompletesCommandWordsAndCourseIds() throws {
        let terminal = try launch()
        defer { terminal.close() }

        // `course` and `courses` both match: Tab fills in the common part…
        try terminal.send("cour\t")
        try terminal.expect("course")
        // …and asking again lists both, then redraws the line. (Readline lists on a Tab
        // that follows a Tab which left the line unchanged; the first one changed it.)
        try terminal.send("\t\t")
        let listing = try terminal.expect("courses")
        #expect(listing.contains("course "))
        try terminal.expect(Self.prompt + "course")
        // A sub-command, then a course id from the database.
        try terminal.send(" sh\t")
        try terminal.expect("show ")
        try terminal.send("hat\t")
        try terminal.expect("hate-crime")
        try terminal.send("\r")
        let details = try terminal.expect("Recognising and reporting hate crime.")
        #expect(details.contains("title:         Hate Crime"))
        try terminal.expect(Self.prompt)

        try terminal.send("quit\r")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func lineEditingMovesTheCursorAndDeletes() throws {
        let terminal = try launch()
        defer { terminal.close() }

        // A typo mended with Backspace, then Ctrl-A to add the forgotten first letter.
        try terminal.send("ourses hatx")
        try terminal.expect("hatx")
        try terminal.send("\u{7f}e")
        try terminal.send("\u{01}c")
        try terminal.send("\r")
        let listing = try terminal.expect("(1 course)")
        #expect(listing.contains("Hate Crime"))
        #expect(!listing.contains("Domestic Abuse"))
        #expect(!listing.contains("unknown command"))
        try terminal.expect(Self.prompt)

        // Left arrow and Ctrl-E: "sesions" fixed in the middle, then more typed at the end.
        try terminal.send("sesions")
        try terminal.expect("sesions")
        try terminal.send("\u{1b}[D\u{1b}[D\u{1b}[D\u{1b}[D\u{1b}[Ds")
        try terminal.send("\u{05} --json\r")
        let sessions = try terminal.expect("\"id\": \"s101\"")
        #expect(!sessions.contains("unknown command"))
        try terminal.expect(Self.prompt)

        try terminal.send("quit\r")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func historyRecallsEarlierLinesAndSurvivesARestart() throws {
        do {
            let terminal = try launch()
            defer { terminal.close() }
            try terminal.send("session show s101\r")
            try terminal.expect("Civic Centre")
            try terminal.expect(Self.prompt)
            try terminal.send("whoami\r")
            try terminal.expect("local (admin)")
            try terminal.expect(Self.prompt)

            // Up twice goes back past `whoami` to `session show s101`.
            try terminal.send("\u{1b}[A")
            try terminal.expect("whoami")
            try terminal.send("\u{1b}[A")
            try terminal.expect("session show s101")
            try terminal.send("\r")
            try terminal.expect("Civic Centre")
            try terminal.expect(Self.prompt)

            try terminal.send("quit\r")
            #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
        }
        let saved = try String(contentsOf: historyFile, encoding: .utf8)
        #expect(saved.contains("session show s101"))
        #expect(saved.contains("whoami"))

        // A second run starts with the first run's history: `quit` last, then the session.
        let again = try launch()
        defer { again.close() }
        try again.send("\u{1b}[A")
        try again.expect("quit")
        try again.send("\u{1b}[A")
        try again.expect("session show s101")
        try again.send("\r")
        try again.expect("Civic Centre")
        try again.expect(Self.prompt)
        try again.send("\u{04}")
        #expect(try again.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func ctrlCAbandonsTheLineButNotTheProgram() throws {
        let terminal = try launch()
        defer { terminal.close() }

        try terminal.send("course show hate-crime")
        try terminal.expect("hate-crime")
        // Pressed at an idle prompt (see the next test for Ctrl-C at a busy moment).
        try terminal.waitUntilIdle()
        try terminal.send("\u{03}")
        try terminal.expect("^C", timeout: .seconds(5))
        try terminal.expect(Self.prompt)
        #expect(terminal.isRunning)

        // The abandoned line neither ran nor lingers in the new line.
        try terminal.send("whoami\r")
        let answer = try terminal.expect("local (admin)")
        #expect(!answer.contains("Recognising"))
        #expect(!answer.contains("unknown command"))
        try terminal.expect(Self.prompt)
        #expect(!terminal.transcript.contains("Recognising"))

        // Ctrl-D on an empty line leaves, successfully.
        try terminal.send("\u{04}")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
        #expect(!terminal.transcript.contains("Recognising"))
    }

    /// Ctrl-C typed hard on the heels of the line, as a quick typist (or a paste followed by
    /// Ctrl-C) does: it reaches muster while it is still busy — drawing the prompt, or
    /// between a key being reported ready and read (Ctrl-C also empties the terminal's
    /// input). It must still abandon the line, every time.
    @Test func ctrlCRightAfterTypingStillAbandonsTheLine() throws {
        let terminal = try launch()
        defer { terminal.close() }

        for round in 1...10 {
            try terminal.send("course show hate-crime")
            try terminal.send("\u{03}")
            do {
                try terminal.expect("^C", timeout: .seconds(3))
            } catch {
                Issue.record("round \(round): Ctrl-C was not acted on; muster sleeps in \(terminal.waitChannel): \(error)")
                // Enter shows what was left of the line the Ctrl-C should have abandoned.
                try terminal.send("\r")
                let after = try terminal.expect(Self.prompt, timeout: .seconds(3))
                Issue.record("Enter after that lost Ctrl-C printed: \(PseudoTerminal.visible(after))")
                return
            }
            try terminal.expect(Self.prompt)
        }
        try terminal.send("whoami\r")
        let answer = try terminal.expect("local (admin)")
        #expect(!answer.contains("Recognising"))
        try terminal.expect(Self.prompt)
        try terminal.send("\u{04}")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
        #expect(!terminal.transcript.contains("Recognising"))
    }

    @Test func aMistypedCommandSuggestsTheRightOne() throws {
        let terminal = try launch()
        defer { terminal.close() }

        try terminal.send("sesions\r")
        try terminal.expect("did you mean sessions")
        try terminal.expect(Self.prompt)
        #expect(terminal.isRunning)

        try terminal.send("quit\r")
        #expect(try terminal.waitForExit(timeout: .seconds(10)) == 0)
    }
}
#endif
