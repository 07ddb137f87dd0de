#if canImport(Glibc)
import Foundation

extension PseudoTerminal {
    /// The built `muster` on a 120×40 terminal in `folder`, with a fixed clock and the
    /// environment every terminal test gives it: the folder as home, its history file, no
    /// user's readline settings, and `environment` on top.
    static func muster(in folder: URL, now: String = "2026-11-23 10:00", arguments: [String] = [],
                       environment extra: [String: String] = [:]) throws -> PseudoTerminal {
        var environment = ["HOME": folder.path, "MUSTER_HISTORY": folder.appendingPathComponent("history").path,
                           "TERM": "xterm", "INPUTRC": "/dev/null",
                           "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment.merge(extra) { $1 }
        return try PseudoTerminal(executable: MusterBinary.url.path,
                                  arguments: ["--db", "muster.sqlite", "--now", now] + arguments,
                                  environment: environment, directory: folder.path, columns: 120, rows: 40)
    }
}
#endif
