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
        FileManager.default.createFile(atPath: transcript.path, contents: nil)
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
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// What it has printed so far.
    var printed: String { (try? String(contentsOf: transcript, encoding: .utf8)) ?? "" }

    /// Kills it at once, as a power cut or `kill -9` would: no handler runs, nothing is flushed.
    func kill() { _ = Glibc.kill(process.processIdentifier, SIGKILL) }

    /// Polls (bounded by `deadline`) until `enough` says the transcript shows the progress
    /// wanted, or the process has ended. Returns whether it is still running.
    @discardableResult
    func await(until deadline: Date, _ enough: (String) -> Bool) -> Bool {
        while process.isRunning && Date() < deadline {
            if enough(printed) { return true }
            usleep(200)
        }
        return process.isRunning
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
