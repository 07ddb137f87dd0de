import Testing
@testable import Console

/// The progress bar draws only where it was told to, at most ten times a second on a
/// clock the test moves by hand, and ends its line.
@Suite struct ProgressBarTests {
    final class Screen { var drawn: [String] = []; var nanoseconds: UInt64 = 0 }

    func bar(_ screen: Screen, delay: UInt64 = 0) -> ProgressBar {
        ProgressBar("work", draw: { screen.drawn.append($0) }, nanoseconds: { screen.nanoseconds }, delay: delay)
    }

    @Test func redrawsAtMostTenTimesASecond() {
        let screen = Screen()
        let bar = bar(screen)
        for step in 0..<100 {
            screen.nanoseconds = UInt64(step) * 10_000_000   // a hundred updates over one second
            bar.update(step, of: 1000)
        }
        #expect(screen.drawn.count == 10)
        #expect(screen.drawn.allSatisfy { $0.hasPrefix("\r") && !$0.contains("\n") })
    }

    @Test func theLastStepIsAlwaysDrawnAndTheLineEnds() {
        let screen = Screen()
        let bar = bar(screen)
        bar.update(0, of: 4)
        bar.update(4, of: 4)
        bar.finish()
        #expect(screen.drawn.count == 3)
        #expect(screen.drawn[1].contains("100%"))
        #expect(screen.drawn.last?.hasSuffix("\n") == true)
    }

    @Test func finishingWhatWasNeverDrawnDrawsNothing() {
        let screen = Screen()
        bar(screen).finish()
        #expect(screen.drawn.isEmpty)
    }

    @Test func workDoneWithinTheDelayDrawsNothingAndLongerWorkAppearsOnceItHasTakenThatLong() {
        let quick = Screen()
        let quickBar = bar(quick, delay: 1_000_000_000)
        for step in 0...10 {
            quick.nanoseconds = UInt64(step) * 90_000_000   // done in 0.9 s
            quickBar.update(step, of: 10)
        }
        quickBar.finish()
        #expect(quick.drawn.isEmpty)

        let long = Screen()
        let longBar = bar(long, delay: 1_000_000_000)
        for step in 0...20 {
            long.nanoseconds = UInt64(step) * 100_000_000   // two seconds
            longBar.update(step, of: 20)
        }
        longBar.finish()
        #expect(long.drawn.first?.contains(" 10/20 ") == true)
        #expect(long.drawn.last?.hasSuffix("\n") == true)
    }

    @Test func theDelayIsReadFromTheEnvironmentInSeconds() {
        #expect(ProgressBar.delay([:]) == 1_000_000_000)
        #expect(ProgressBar.delay(["MUSTER_PROGRESS_DELAY": "0"]) == 0)
        #expect(ProgressBar.delay(["MUSTER_PROGRESS_DELAY": "2.5"]) == 2_500_000_000)
        #expect(ProgressBar.delay(["MUSTER_PROGRESS_DELAY": "soon"]) == 1_000_000_000)
    }
}

#if canImport(Glibc)
import Foundation

/// The real binary: a long import or export draws its bar on a terminal's standard error,
/// and a script or pipe running the same command sees none of it. The delay is set to zero
/// (as git's tests set `GIT_PROGRESS_DELAY`) so the test needs no long work and no clock.
@Suite(.timeLimit(.minutes(1)))
struct ProgressBarTerminalTests {
    let scratch: ScratchPartnership
    let learners = 300

    init() throws {
        scratch = try ScratchPartnership()
        try scratch.write("staff.csv", "Staff number,Full name,Work email,Organisation\n"
            + (1...learners).map { "P\($0),Learner \($0),p\($0)@police.example,Police\n" }.joined())
    }

    @Test func aTerminalSeesTheImportAndExportBarsToTheirEnd() throws {
        let terminal = try PseudoTerminal.muster(in: scratch.folder, environment: ["MUSTER_PROGRESS_DELAY": "0"])
        defer { terminal.close() }
        try terminal.expect(TerminalTests.prompt)
        try terminal.send("import learners staff.csv\r")
        try terminal.expect("import learners [")
        try terminal.expect("100% \(learners)/\(learners)")
        try terminal.expect("\(learners) added")
        try terminal.expect(TerminalTests.prompt)
        try terminal.send("book s101 P1\r")
        try terminal.expect(TerminalTests.prompt)
        try terminal.send("export attendance --output out.csv\r")
        try terminal.expect("export attendance [")
        try terminal.expect("100% 1/1")
        try terminal.expect("Wrote 1 booking to out.csv")
    }

    @Test func aScriptOrPipeSeesNoBar() throws {
        let result = try MusterBinary.run(["--db", "muster.sqlite", "--now", "2026-11-23 10:00",
                                           "-c", "import learners staff.csv", "-c", "book s101 P1",
                                           "-c", "export attendance --output out.csv"],
                                          in: scratch.folder, environment: ["MUSTER_PROGRESS_DELAY": "0"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Wrote 1 booking to out.csv"))
        #expect(!result.errors.contains("["), "\(result.errors)")
        #expect(!(result.output + result.errors).contains("\r"))
    }
}
#endif
