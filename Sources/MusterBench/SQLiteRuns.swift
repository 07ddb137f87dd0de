import Foundation

/// One `sqlite3` process running a command's statements a number of times. It reads the
/// schema first, and so does its empty run (a few milliseconds on a file with Muster's
/// triggers), so that cost is not charged to the statements.
struct SQLiteRuns {
    let statements: [String]
    let path: String
    let sqlite3: String

    func seconds(repeating count: Int) throws -> Double {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("muster-bench-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: script) }
        let once = statements.map { $0.hasSuffix(";") ? $0 : $0 + ";" }.joined(separator: "\n")
        try (".output /dev/null\nSELECT 1 FROM sqlite_schema LIMIT 0;\n" + Array(repeating: once, count: count).joined(separator: "\n") + "\n")
            .write(to: script, atomically: true, encoding: .utf8)
        let run = try Stopwatch.run(sqlite3, ["-readonly", path], input: script.path)
        guard run.status == 0 else { throw BenchError.failed("sqlite3 failed on the statements of a command") }
        return run.seconds
    }

    /// Per run, the best of three processes each doing `runs` runs.
    func milliseconds(runs: Int) throws -> Double {
        Self.milliseconds(perRunOf: try (0..<3).map { _ in try seconds(repeating: runs) }.min()!, runs: runs, empty: try emptySeconds())
    }

    /// The best of three processes doing no runs: starting, reading the schema, stopping.
    func emptySeconds() throws -> Double {
        try (0..<3).map { _ in try seconds(repeating: 0) }.min()!
    }

    /// Per run, from a process doing `runs` runs in `seconds`, less one doing none.
    static func milliseconds(perRunOf seconds: Double, runs: Int, empty: Double) -> Double {
        max(seconds - empty, 1e-6) / Double(runs) * 1000
    }
}
