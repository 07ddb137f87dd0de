import CReadline
import Foundation

/// GNU readline on a terminal: line editing, history kept between runs, Tab completion.
/// Readline's state is C globals, so this reader lives on the main actor and reaches them
/// only through the small C layer in CReadline.
@MainActor
public final class ReadlineReader: LineReader {
    private(set) var historyPath: String
    public static let historyLimit: Int32 = 1000
    /// Readline's completion callback is a C function; it finds the completer here.
    static var completer: Completer?

    public init(historyPath: String, completer: Completer) {
        self.historyPath = historyPath
        Self.completer = completer
        muster_history_start(historyPath, Self.historyLimit)
        muster_prepare_terminal()
        muster_install_completer { line, start, end in
            MainActor.assumeIsolated { ReadlineReader.complete(line: line, start: Int(start), end: Int(end)) }
        }
    }

    public static func updateCompleter(_ completer: Completer) { Self.completer = completer }

    /// Another history file: after `--login` each person gets their own, so the Up key never
    /// shows one user what another typed.
    public func switchHistory(to path: String) {
        clear_history()
        historyPath = path
        muster_history_start(path, Self.historyLimit)
    }

    public func read(prompt: String) -> LineInput {
        var pointer: UnsafeMutablePointer<CChar>?
        switch muster_read_line(prompt, &pointer) {
        case 0:
            guard let pointer else { return .end }
            let line = String(cString: pointer)
            free(pointer)
            remember(line)
            return .line(line)
        case 2:
            return .interrupted
        default:
            return .end
        }
    }

    /// One answer to a form's question: edited like a command line, but kept out of history.
    public func ask(_ prompt: String) -> String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard muster_read_line(prompt, &pointer) == 0, let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// A password: nothing echoed, nothing completed, nothing kept in history; nil on Ctrl-C or Ctrl-D.
    public func askSecret(_ prompt: String) -> String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard muster_read_secret(prompt, &pointer) == 0, let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        muster_history_remember(line, historyPath)
    }

    private static func complete(line: UnsafePointer<CChar>?, start: Int, end: Int) {
        guard let line, let completer else { return }
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self), count: strlen(line)))
        let before = String(decoding: bytes[..<min(start, bytes.count)], as: UTF8.self)
        let word = String(decoding: bytes[min(start, bytes.count)..<min(end, bytes.count)], as: UTF8.self)
        let candidates = completer.candidates(before: before, word: word)
        var cStrings = candidates.map { UnsafePointer(strdup($0)) }
        defer { cStrings.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        cStrings.withUnsafeMutableBufferPointer { buffer in
            muster_set_candidates(buffer.baseAddress, Int32(buffer.count))
        }
    }

    /// SIGTERM or SIGHUP, when one asked Muster to leave: the prompt ended as at Ctrl-D,
    /// after any command under way had finished.
    public static var quitSignal: Int32? {
        let signal = muster_quit_requested()
        return signal == 0 ? nil : signal
    }

    /// The terminal's width, or nil when output goes to a file or pipe.
    public static func terminalWidth() -> Int? {
        let columns = Int(muster_terminal_columns())
        return columns > 0 ? columns : nil
    }
}
