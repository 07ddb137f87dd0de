import Foundation

/// A `muster` process left running in the background, as one of many terminals or scripts
/// on one database. Its script is a file on standard input, and everything it prints
/// (output and errors, in the order written) goes to one file, so a test can read how far
/// it got at any moment — a line printed is a command finished — and kill it right there.
final class RunningMuster {
    let name: String
    let transcript: URL
    private let process = Process()

    /// How the process ended.
    enum Ending: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        /// Still running at the deadline: killed, and a failure of the test.
        case hung

        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)"
            case .hung: "still running at the deadline"
            }
        }
    }

    /// Starts `muster` in `folder` reading `script` (one command a line) on standard input.
    init(_ arguments: [String], script: [String], in folder: URL, name: String) throws {
        self.name = name
        let input = folder.appendingPathComponent("\(name).script")
        try (script.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        transcript = folder.appendingPathComponent("\(name).out")
        _ = FileManager.default.createFile(atPath: transcript.path, contents: nil)
        process.executableURL = MusterBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        environment["MUSTER_HISTORY"] = folder.appendingPathComponent("history").path
        for key in ["MUSTER_DB", "MUSTER_NOW", "MUSTER_TZ"] { environment[key] = nil }
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: input)
        let output = try FileHandle(forWritingTo: transcript)
        process.standardOutput = output
        process.standardError = output
        process.terminationHandler = { [ended] _ in ended.markOnce() }
        try process.run()
        startedAt = Date()
    }

    /// When it was started (just after).
    private(set) var startedAt = Date.distantPast

    /// When the process was seen to end: how long a whole run takes, to spread kills over it.
    var endedAt: Date? { ended.at }
    private let ended = Moment()

    private final class Moment: @unchecked Sendable {
        private let lock = NSLock()
        private var moment: Date?
        func markOnce() { lock.withLock { if moment == nil { moment = Date() } } }
        var at: Date? { lock.withLock { moment } }
    }

    /// Whether it is still running; the first look that finds it ended notes when, should its
    /// termination handler not have run yet.
    var isRunning: Bool {
        if process.isRunning { return true }
        ended.markOnce()
        return false
    }

    /// What it has printed so far.
    var printed: String { (try? String(contentsOf: transcript, encoding: .utf8)) ?? "" }

    /// Kills it at once, as `kill -9` or the out-of-memory killer would: no handler runs,
    /// nothing is flushed. Only while it runs, so a finished process's id is never reused on us.
    func kill() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the end, at most until `deadline`; a process still running then is killed
    /// and reported as hung.
    func finish(by deadline: Date) -> Ending {
        while process.isRunning && Date() < deadline { usleep(1000) }
        if process.isRunning {
            kill()
            process.waitUntilExit()
            return .hung
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
    }
}
