#if canImport(Glibc)
import Glibc

/// A process running on a fresh pseudo-terminal, driven the way a person at a keyboard
/// would drive it: `send` types bytes, `expect` waits for text to appear on the screen.
///
/// The child is started with `forkpty` (a new session whose controlling terminal is the
/// pty's slave side, so Ctrl-C raises SIGINT in it) and then `execve`. Everything the child
/// needs — path, argv, envp, working directory — is turned into C memory *before* the fork:
/// the test process has many threads, so between `fork` and `execve` the child calls only
/// async-signal-safe functions.
///
/// Waiting is always `poll()` with a deadline; nothing here sleeps.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The child's process id.
    let pid: pid_t
    let command: String
    private var master: Int32
    /// Output read since the last successful `expect`.
    private var pending: [UInt8] = []
    /// Everything the child has written to the terminal.
    private(set) var transcriptBytes: [UInt8] = []
    /// The slave side is closed everywhere (read gave EIO or end of file).
    private var reachedEnd = false
    /// The child's exit status once it has been reaped (as `waitForExit` reports it).
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments` (not including argv[0]) and exactly
    /// `environment`, in `directory` when given, on a `columns`×`rows` terminal.
    init(executable: String, arguments: [String], environment: [String: String],
         directory: String? = nil, columns: UInt16 = 120, rows: UInt16 = 40) throws {
        command = ([executable] + arguments).joined(separator: " ")

        // All the C memory the child will touch, prepared while allocation is still safe.
        let path = strdup(executable)!
        let workingDirectory = directory.map { strdup($0)! }
        let argv = Self.cStringArray([executable] + arguments)
        let envp = Self.cStringArray(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            free(path)
            free(workingDirectory)
            Self.freeCStringArray(argv)
            Self.freeCStringArray(envp)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)

        var masterSide: Int32 = -1
        let child = forkpty(&masterSide, nil, nil, &size)
        if child == 0 {
            Self.becomeChild(path: path, argv: argv, envp: envp, directory: workingDirectory, signalMask: &unblocked)
        }
        guard child > 0 else {
            throw Failure(description: "forkpty failed: \(String(cString: strerror(errno)))")
        }
        pid = child
        master = masterSide
        // Keep the master out of processes other tests start from now on. (A process another
        // thread forked while forkpty ran may hold a copy of either side; that only delays
        // the end-of-file `expect` reports after the child exits, never a match.)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
    }

    /// Runs in the forked child: async-signal-safe calls only, then exec.
    private static func becomeChild(path: UnsafeMutablePointer<CChar>,
                                    argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                                    envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                                    directory: UnsafeMutablePointer<CChar>?,
                                    signalMask: UnsafeMutablePointer<sigset_t>) -> Never {
        // Dispositions set to "ignore" survive exec; the child should start from defaults.
        // (One call each: an array literal here would allocate.)
        _ = signal(SIGINT, SIG_DFL)
        _ = signal(SIGQUIT, SIG_DFL)
        _ = signal(SIGPIPE, SIG_DFL)
        _ = signal(SIGTSTP, SIG_DFL)
        _ = signal(SIGTTIN, SIG_DFL)
        _ = signal(SIGTTOU, SIG_DFL)
        _ = signal(SIGCHLD, SIG_DFL)
        _ = signal(SIGHUP, SIG_DFL)
        _ = signal(SIGTERM, SIG_DFL)
        _ = sigprocmask(SIG_SETMASK, signalMask, nil)
        if let directory, chdir(directory) != 0 { _exit(126) }
        // Descriptors other tests' threads opened without O_CLOEXEC (pipes of other child
        // processes) must not stay open for as long as this child runs. glibc's closefrom
        // is the close_range system call on Linux 5.9 and later.
        closefrom(3)
        execve(path, argv, envp)
        _exit(127)
    }

    deinit { close() }

    // MARK: Typing

    /// Types `text` as bytes on the terminal's keyboard side.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(master, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(description: "writing \(Self.visible(text)) to \(command) failed: "
                              + String(cString: strerror(errno)) + "\n" + report())
            }
            offset += written
        }
    }

    /// Types raw bytes (invalid UTF-8 included) and, however many there are, keeps reading
    /// what the child echoes meanwhile: a long paste written in one go would fill the
    /// terminal's buffers both ways and stall the child and this writer on each other.
    func send(bytes: [UInt8], timeout: Duration = .seconds(30)) throws {
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(master, F_SETFL, flags) }
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "timed out typing \(bytes.count) bytes (\(offset) taken)\n" + report())
            }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN | POLLOUT), revents: 0)
            guard poll(&descriptor, 1, 20) > 0 else { continue }
            if descriptor.revents & Int16(POLLIN) != 0 { try readAvailable(waitingAtMost: .zero) }
            if descriptor.revents & Int16(POLLOUT) != 0 {
                let chunk = min(512, bytes.count - offset)
                let written = bytes.withUnsafeBytes { write(master, $0.baseAddress! + offset, chunk) }
                if written > 0 { offset += written } else if errno != EAGAIN && errno != EINTR {
                    throw Failure(description: "typing failed: \(String(cString: strerror(errno)))\n" + report())
                }
            }
        }
    }

    /// Sends a signal to the child, as `kill` would.
    func send(signal number: Int32) { _ = kill(pid, number) }

    /// The terminal's own side opened here too, as the shell that started the child holds
    /// it: Linux resets a pseudo-terminal's settings once its last holder closes it, so only
    /// while this is open do they show what the child left behind. Closed by the caller.
    func holdTerminalSide() throws -> Int32 {
        // TIOCGPTN (_IOR('T', 0x30, unsigned int)), which Swift cannot import as a macro:
        // the number N of /dev/pts/N. (Glibc's ptsname is not imported either.)
        var number: UInt32 = 0
        guard ioctl(master, 0x8004_5430, &number) == 0 else { throw Failure(description: "TIOCGPTN failed") }
        let side = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard side >= 0 else { throw Failure(description: "opening /dev/pts/\(number) failed: \(String(cString: strerror(errno)))") }
        return side
    }

    /// The settings of the terminal, read through `side` (from `holdTerminalSide`).
    static func settings(of side: Int32) -> termios {
        var settings = termios()
        _ = tcgetattr(side, &settings)
        return settings
    }

    /// Waits for a question, then types `line` and Enter; returns what came before it.
    @discardableResult
    func answer(_ question: String, with line: String) throws -> String {
        let seen = try expect(question)
        try send(line + "\r")
        return seen
    }

    /// Reads until the output since the last successful `expect` contains `substring`;
    /// returns that output up to and including the match (what follows stays for the next
    /// call). Terminal control between the characters — the bell readline rings on an
    /// ambiguous completion, escape sequences of a redisplay — does not prevent a match.
    /// Throws with everything read so far when `timeout` passes or the terminal closes
    /// first.
    @discardableResult
    func expect(_ substring: String, timeout: Duration = .seconds(15)) throws -> String {
        let needle = Array(substring.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = Self.endOfMatch(of: needle, in: pending) ?? Self.endOfMatchIgnoringControls(of: needle, in: pending) {
                let matched = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeFirst(end)
                return matched
            }
            if reachedEnd {
                throw Failure(description: "the terminal closed (\(exitDescription())) before \(Self.visible(substring)) appeared\n" + report())
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw Failure(description: "timed out after \(timeout) waiting for \(Self.visible(substring))\n" + report())
            }
            try readAvailable(waitingAtMost: remaining)
        }
    }

    /// Waits for the child to exit and returns its exit status (128 + the signal number
    /// when a signal ended it, as a shell reports it). Output keeps being read meanwhile so
    /// the child never blocks on a full terminal.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(15)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let exitStatus = try reap(blocking: false) { return exitStatus }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw Failure(description: "timed out after \(timeout) waiting for \(command) to exit\n" + report())
            }
            // Wake at least every 20 ms to look at the child again.
            let slice = min(remaining, .milliseconds(20))
            if reachedEnd {
                _ = poll(nil, 0, Self.milliseconds(slice))
            } else {
                try readAvailable(waitingAtMost: slice)
            }
        }
    }

    /// Waits until the child's main thread sleeps in select()/poll(), that is, it has
    /// handled everything typed so far and waits for the next key — so that a key sent now
    /// (Ctrl-C, say) meets an idle program rather than one busy redrawing. Output keeps
    /// being read meanwhile. Where the kernel does not say (no /proc/PID/wchan, or "0" for
    /// a sleeping process), returns as soon as the child sleeps.
    func waitUntilIdle(timeout: Duration = .seconds(15)) throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let state = Self.contents(of: "/proc/\(pid)/stat").flatMap { stat in
                // "pid (comm) S …": the state follows the last ')'.
                stat.split(separator: ")").last?.split(separator: " ").first.map(String.init)
            }
            // A running process's channel reads "0"; so does a sleeping one's where hidden.
            let channel = Self.contents(of: "/proc/\(pid)/wchan") ?? "0"
            if state == "S", channel == "0" || channel.contains("poll") || channel.contains("select") { return }
            if reachedEnd {
                throw Failure(description: "the terminal closed (\(exitDescription())) while waiting for \(command) to be idle\n" + report())
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                throw Failure(description: "timed out after \(timeout) waiting for \(command) to wait for input "
                              + "(last seen: \(state ?? "?") in \(channel))\n" + report())
            }
            try readAvailable(waitingAtMost: min(remaining, .milliseconds(5)))
        }
    }

    /// Where in the kernel the child's main thread sleeps (/proc/PID/wchan and the system
    /// call number from /proc/PID/syscall), for failure messages: e.g. a read() versus
    /// a select().
    var waitChannel: String {
        let channel = Self.contents(of: "/proc/\(pid)/wchan") ?? "?"
        let call = Self.contents(of: "/proc/\(pid)/syscall")?.split(separator: " ").first.map(String.init) ?? "?"
        return "\(channel) (system call \(call))"
    }

    /// Whether the child is still running.
    var isRunning: Bool { (try? reap(blocking: false)) == nil }

    /// Changes the window size (the child gets SIGWINCH).
    func resize(columns: UInt16, rows: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Everything the child has written, as text.
    var transcript: String { String(decoding: transcriptBytes, as: UTF8.self) }

    /// Kills the child (SIGKILL) if it is still running, reaps it and closes the terminal.
    func close() {
        if exitStatus == nil {
            if (try? reap(blocking: false)) == nil {
                _ = kill(pid, SIGKILL)
                _ = try? reap(blocking: true)
            }
        }
        if master >= 0 {
            _ = Glibc.close(master)
            master = -1
        }
    }

    // MARK: Internals

    /// Polls the master for up to `limit` and appends whatever arrives.
    private func readAvailable(waitingAtMost limit: Duration) throws {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Self.milliseconds(limit))
        if ready < 0 {
            if errno == EINTR { return }
            throw Failure(description: "poll failed: \(String(cString: strerror(errno)))\n" + report())
        }
        guard ready > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 {
            pending += buffer[..<count]
            transcriptBytes += buffer[..<count]
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            // Linux reports EIO on the master once every slave descriptor is closed.
            reachedEnd = true
        }
    }

    /// The exit status when the child has been (or now is) reaped, else nil.
    private func reap(blocking: Bool) throws -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { break }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            throw Failure(description: "waitpid(\(pid)) failed: \(String(cString: strerror(errno)))")
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7f
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return exitStatus
    }

    private func exitDescription() -> String {
        if let status = try? reap(blocking: false) { return "exit status \(status)" }
        return "still running"
    }

    /// What went wrong is easiest to see in what the terminal showed.
    private func report() -> String {
        "--- output since the last match (\(pending.count) bytes) ---\n"
            + Self.visible(String(decoding: pending, as: UTF8.self))
            + "\n--- end ---"
    }

    /// A small /proc file's text, or nil.
    private static func contents(of path: String) -> String? {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { _ = Glibc.close(file) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingSuffixNewlines()
    }

    private static func endOfMatch(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start + needle.count
        }
        return nil
    }

    /// Matches in the text as printed, with the bell and escape sequences left out; the
    /// end is given as an offset into the raw bytes.
    private static func endOfMatchIgnoringControls(of needle: [UInt8], in raw: [UInt8]) -> Int? {
        var printed: [UInt8] = [], rawEnd: [Int] = []
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == 0x07 { index += 1; continue }
            if byte == 0x1b {
                index += 1
                guard index < raw.count else { break }
                switch raw[index] {
                case UInt8(ascii: "["):  // CSI: parameters, then a final byte @…~
                    index += 1
                    while index < raw.count, !(0x40...0x7e).contains(raw[index]) { index += 1 }
                    index += 1
                case UInt8(ascii: "]"):  // OSC: up to BEL or ESC \
                    index += 1
                    while index < raw.count, raw[index] != 0x07, raw[index] != 0x1b { index += 1 }
                    index += raw.count > index && raw[index] == 0x1b ? 2 : 1
                default:  // ESC and one more byte (ESC =, ESC >, ESC 7…)
                    index += 1
                }
                continue
            }
            printed.append(byte)
            rawEnd.append(index + 1)
            index += 1
        }
        return endOfMatch(of: needle, in: printed).map { rawEnd[$0 - 1] }
    }

    /// Control characters spelled out (\e, \r, ^C…) so failures can be read.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{1b}": result += "\\e"
            case "\u{7f}": result += "^?"
            case _ where scalar.value < 0x20: result += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, total))
    }

    private static func cStringArray(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { array[index] = strdup(string) }
        array[strings.count] = nil
        return array
    }

    private static func freeCStringArray(_ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        var index = 0
        while let string = array[index] {
            free(string)
            index += 1
        }
        array.deallocate()
    }
}

private extension String {
    func trimmingSuffixNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
#endif
