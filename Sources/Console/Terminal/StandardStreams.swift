import Foundation

/// Standard output and error as Muster writes them. Foundation's `write(_:)` stops the
/// program (an illegal instruction) when the system refuses a write, as it does for a log
/// file on a full disk or past a file-size limit: Muster died after its command was saved,
/// with nothing said. The throwing write is used instead; text the system will not take is
/// dropped, and the exit status still tells how the commands went.
public enum StandardStreams {
    public static func output(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    public static func error(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
