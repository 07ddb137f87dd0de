import Foundation

/// A sendmail-compatible program, e.g. `/usr/sbin/sendmail -t -i`: it reads one message on
/// its standard input and exits 0 once it has taken responsibility for delivering it.
public struct MailCommand: Sendable {
    public let words: [String]
    /// A command that neither finishes nor fails is stopped and counted as a failure.
    public var timeout: TimeInterval = 60

    public init(words: [String]) throws {
        guard let program = words.first, !program.isEmpty else { throw DeliveryError.noCommand }
        self.words = words
    }

    public static let defaultCommand = "/usr/sbin/sendmail -t -i"

    /// Hands `message` to the command. Returns nil on exit status 0, otherwise what went wrong.
    public func deliver(_ message: String) -> String? {
        guard let executable = Self.locate(words[0]) else { return "\(words[0]) not found" }
        let process = Process()
        process.executableURL = executable
        process.arguments = Array(words.dropFirst())
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        // A command that exits without reading must not take Muster down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        do {
            try process.run()
        } catch {
            return "\(words[0]) could not be started: \(error.localizedDescription)"
        }
        // Writing and reading happen beside the wait, so neither a full pipe nor a command
        // that never reads can outlast the time limit.
        let streams = DispatchGroup()
        let said = Collected(), writeFailed = Collected()
        let data = Data(message.utf8), writer = input.fileHandleForWriting, reader = errors.fileHandleForReading
        DispatchQueue.global().async(group: streams) {
            do { try writer.write(contentsOf: data) } catch { writeFailed.append(Data([1])) }
            try? writer.close()
        }
        DispatchQueue.global().async(group: streams) { said.append(reader.readDataToEndOfFile()) }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            return "\(words[0]) did not finish within \(Int(timeout)) s and was stopped"
        }
        _ = streams.wait(timeout: .now() + 5)
        let firstLine = String(decoding: said.data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal { return "\(words[0]) was killed by signal \(status)" }
        guard status == 0 else { return "\(words[0]) exited with status \(status)" + (firstLine.map { ": \($0)" } ?? "") }
        return writeFailed.data.isEmpty ? nil : "\(words[0]) did not read the whole message"
    }

    /// Bytes gathered on another thread.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = Data()
        func append(_ more: Data) { lock.withLock { bytes.append(more) } }
        var data: Data { lock.withLock { bytes } }
    }

    /// A path as given, or a bare name looked up on PATH.
    static func locate(_ program: String) -> URL? {
        let manager = FileManager.default
        if program.contains("/") { return manager.isExecutableFile(atPath: program) ? URL(fileURLWithPath: program) : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(program) }
            .first { manager.isExecutableFile(atPath: $0.path) }
    }
}
