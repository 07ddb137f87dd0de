import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error as Muster writes them. Foundation's `write(_:)` stops the
/// program (an illegal instruction) when the system refuses a write, as it does for a log
/// file on a full disk or past a file-size limit: Muster died after its command was saved,
/// with nothing said. Written here with `write(2)` instead. The first refusal of standard
/// output is kept, and nothing more is written to it until the refusal is taken: the
/// command that wrote it then fails (`Interpreter`), so that `muster -c 'export
/// attendance' > file.csv` on a full disk does not exit 0 over half a file.
public enum StandardStreams {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var refusal: Int32?

    public static func output(_ text: String) {
        lock.withLock {
            guard refusal == nil else { return }
            refusal = writeAll(text, to: STDOUT_FILENO)
        }
    }

    public static func error(_ text: String) {
        _ = writeAll(text, to: STDERR_FILENO)
    }

    /// The error (`errno`) with which standard output refused text since the last call, or
    /// nil when it took everything; and forgets it, so output may be tried again.
    public static func takeRefusal() -> Int32? {
        lock.withLock {
            defer { refusal = nil }
            return refusal
        }
    }

    /// Writes all of `text`, or returns the error with which the system would not. A reader
    /// gone from a pipe ends Muster as SIGPIPE would have, had it not been ignored (for the
    /// mail command): quietly, as `muster ... | head` expects.
    private static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { bytes -> Int32? in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                    continue
                }
                let code = written == 0 ? EIO : errno
                switch code {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK:
                    // A descriptor another program made non-blocking: wait until it takes more.
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                case EPIPE:
                    signal(SIGPIPE, SIG_DFL)
                    raise(SIGPIPE)
                    return code
                default: return code
                }
            }
            return nil
        }
    }
}
