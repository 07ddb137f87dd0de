import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error as Muster writes them. Foundation's `write(_:)` stops the
/// program (an illegal instruction) when the system refuses a write, as it does for a log
/// file on a full disk or past a file-size limit: Muster died after its command was saved,
/// with nothing said. Written here with `write(2)` instead: text the system will not take
/// is dropped, and the first refusal of standard output is kept, so that a script's
/// `muster -c 'export attendance' > file.csv` on a full disk fails (`Script`) instead of
/// exiting 0 over half a file.
public enum StandardStreams {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var refusal: String?

    public static func output(_ text: String) {
        if let reason = write(text, to: STDOUT_FILENO) {
            lock.withLock { if refusal == nil { refusal = reason } }
        }
    }

    public static func error(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Why standard output refused text since the last call (as the system words it, "No
    /// space left on device"), or nil when it took everything; and forgets it.
    public static func takeRefusal() -> String? {
        lock.withLock {
            defer { refusal = nil }
            return refusal
        }
    }

    /// Writes all of `text`, or returns why the system would not.
    private static func write(_ text: String, to descriptor: Int32) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }
}
