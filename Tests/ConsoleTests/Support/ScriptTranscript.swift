import Foundation

/// What each command of a script printed. A script for these tests follows every command
/// with `whoami`, whose one line marks where that command's output ends, so a transcript
/// that stops anywhere — a process killed mid-command — still says which commands
/// finished, which succeeded, and what each printed.
struct ScriptTranscript {
    static let separator = "whoami"
    static let mark = "local (admin), the local operator"

    /// The script a process is given: each command, then the separator.
    static func script(_ commands: [String]) -> [String] { commands.flatMap { [$0, separator] } }

    struct Step {
        var command: String
        var lines: [String]
        /// Whether its separator was printed: the command ran to its end.
        var finished: Bool

        var error: String? { lines.first { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) } }
        var text: String { lines.joined(separator: "\n") }

        /// Success as the person at the keyboard would read it: output and no error. An
        /// unfinished step that printed its whole answer committed before the kill.
        var succeeded: Bool {
            guard error == nil else { return false }
            if finished { return true }
            return !lines.isEmpty && (try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil
        }

        /// The JSON document it printed, when it printed one.
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] }

        /// The command's first words: what kind of operation it was.
        var kind: String { ScriptTranscript.kind(of: command) }
    }

    var steps: [Step] = []

    /// Splits `printed` by the separator's line. Lines after the last separator belong to
    /// the command that was running when the transcript stopped.
    init(commands: [String], printed: String) {
        var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A last line without its newline was cut short by the kill: not a whole answer.
        if !printed.hasSuffix("\n") { lines.removeLast() } else if lines.last == "" { lines.removeLast() }
        var current: [String] = []
        var index = 0
        for line in lines {
            if line == Self.mark, index < commands.count {
                steps.append(Step(command: commands[index], lines: current, finished: true))
                current = []
                index += 1
            } else {
                current.append(line)
            }
        }
        if index < commands.count && !current.isEmpty {
            steps.append(Step(command: commands[index], lines: current, finished: false))
        }
    }

    static func kind(of command: String) -> String {
        let words = command.split(separator: " ").map(String.init)
        if ["session", "export", "scheduler"].contains(words.first ?? "") { return words.prefix(2).joined(separator: " ") }
        return words.first ?? ""
    }

    /// The refusals a partnership's rules make, by the words of their messages. Anything
    /// else — a locked or busy database, a broken constraint, a crash's text — is not a
    /// refusal but a defect.
    static let refusals: [(reason: String, words: String)] = [
        ("already booked", "already has a place on"),
        ("overlapping place", "at an overlapping time"),
        ("nothing to give up", "to give up"),
        ("no confirmed place to transfer", "holds no confirmed place"),
        ("session not open", "takes no bookings"),
        ("session started", "has already started"),
        ("booking closed", "(its cut-off)"),
        ("session not scheduled", "only a scheduled session can be changed"),
        ("capacity below confirmed", "would overbook it"),
        ("not on the register", "has no confirmed place on"),
        ("register closed", "is closed"),
        ("no register", "it has no register"),
    ]

    /// The rule that refused `error`, or nil when it is not a rule's refusal.
    static func refusal(_ error: String) -> String? {
        refusals.first { error.contains($0.words) }?.reason
    }
}
