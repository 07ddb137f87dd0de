import Foundation
import MusterCore

/// A one-line progress bar for long work (a demo generated, large imports and exports),
/// drawn on standard error only when that is a terminal: a script or a pipe sees nothing of
/// it, and standard output stays the command's own. Like git's, it appears only once the work
/// has taken a second (`MUSTER_PROGRESS_DELAY` seconds), so quick work leaves no trace. It
/// redraws at most ten times a second, however often it is told, so reporting progress costs
/// the work nothing, and it ends its line once finished so the next output starts clean.
public final class ProgressBar {
    private let label: String
    private let draw: ((String) -> Void)?
    private let nanoseconds: () -> UInt64
    private var lastDrawn: UInt64?
    private let started: UInt64
    private let delay: UInt64
    private var done = 0, total = 0
    private var finished = false

    static let interval: UInt64 = 100_000_000
    static let width = 30

    /// `draw` receives each redraw, carriage return first; nil draws nothing. By default it
    /// writes to standard error when that is a terminal.
    public init(_ label: String, draw: ((String) -> Void)? = ProgressBar.terminal(),
                nanoseconds: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds },
                delay: UInt64 = ProgressBar.delay()) {
        self.label = label
        self.draw = draw
        self.nanoseconds = nanoseconds
        self.delay = delay
        started = nanoseconds()
    }

    /// Runs `work`, handing it the bar's `update`, and ends the bar's line however it ends.
    public static func showing<T>(_ label: String, _ work: (@escaping (Int, Int) -> Void) throws -> T) rethrows -> T {
        let bar = ProgressBar(label)
        defer { bar.finish() }
        return try work(bar.update)
    }

    /// Nanoseconds of work before the bar appears: `MUSTER_PROGRESS_DELAY` seconds (git's
    /// `GIT_PROGRESS_DELAY`), one second when unset or not a number.
    public static func delay(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> UInt64 {
        let seconds = environment["MUSTER_PROGRESS_DELAY"].flatMap(Double.init).map { max(0, min($0, 3600)) } ?? 1
        return UInt64(seconds * 1e9)
    }

    /// Standard error when it is a terminal, else nothing.
    public static func terminal() -> ((String) -> Void)? {
        guard isatty(2) == 1 else { return nil }
        return StandardStreams.error
    }

    public func update(_ done: Int, of total: Int) {
        self.done = done; self.total = total
        guard let draw, !finished else { return }
        let now = nanoseconds()
        if let last = lastDrawn {
            if now &- last < Self.interval, done < total { return }
        } else if now &- started < delay {
            return
        }
        lastDrawn = now
        draw(line(now: now))
    }

    /// Draws the final state and ends the line; nothing when nothing was ever drawn.
    public func finish() {
        guard let draw, !finished else { return }
        finished = true
        guard lastDrawn != nil else { return }
        draw(line(now: nanoseconds()) + "\n")
    }

    private func line(now: UInt64) -> String {
        let share = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int(share * Double(Self.width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
        let seconds = Int((now &- started) / 1_000_000_000)
        let percent = String(format: "%3d%%", Int(share * 100))
        // \u{1B}[K clears what a longer earlier line left behind.
        return "\r\(label) [\(bar)] \(percent) \(done)/\(total) \(seconds / 60):\(Digits.padded(seconds % 60, 2))\u{1B}[K"
    }
}
