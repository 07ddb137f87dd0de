import Testing
@testable import Console

/// The progress bar draws only where it was told to, at most ten times a second on a
/// clock the test moves by hand, and ends its line.
@Suite struct ProgressBarTests {
    final class Screen { var drawn: [String] = []; var nanoseconds: UInt64 = 0 }

    func bar(_ screen: Screen) -> ProgressBar {
        ProgressBar("work", draw: { screen.drawn.append($0) }, nanoseconds: { screen.nanoseconds })
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
}
