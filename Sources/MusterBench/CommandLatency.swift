import Console
import Foundation
import MusterCore

/// The everyday commands, each run many times at one prompt, against the `sqlite3` shell
/// running the very statements Muster issued for it (traced, with their arguments written
/// in) the same number of times in one process: the cost of everything that is not SQLite.
/// The statements are gathered on a traced connection and the timed runs use one without a
/// tracer, as `muster` has none: a tracer is called for every statement.
///
/// Both sides are timed the same way, in batches taken turn about, each batch's mean per
/// run, the best batch reported. The ratio is the median of each Muster batch against the
/// sqlite3 batch run straight after it: this machine's speed moves by half from one minute
/// to the next, and the two sides' best batches, taken minutes apart, could fall in
/// different spells (one evening's run put `report kpi` at 1.9x, 2.1x and 2.7x). Eleven
/// pairs, not five: with five, a slow spell of a second could take three of the pairs of a
/// sub-millisecond command and so its median (`courses` at 2.3x in a run whose best batches
/// were 1.3x apart).
struct CommandLatency {
    static let pairs = 11

    struct Result {
        var command: String
        var statements: Int
        /// Muster's best batch, as mean milliseconds per run.
        var bestBatchMs: Double
        var p95Ms: Double
        /// sqlite3's best batch, likewise.
        var sqliteMs: Double
        /// The median over the pairs of batches of Muster's mean against sqlite3's: not the
        /// quotient of the two best batches, which may come from different minutes.
        var ratio: Double
    }

    let database: AppDatabase
    let untraced: AppDatabase
    let trace: TraceLog
    let clock: MusterClock
    let sqlite3: String
    let runs: Int

    func measure(_ command: String) throws -> Result {
        func prompt(on database: AppDatabase) -> Interpreter {
            Interpreter(context: CommandContext(database: database, clock: clock, actor: .localOperator), write: { _ in },
                        writeError: { FileHandle.standardError.write(Data("muster-bench: \(command): \($0)".utf8)) })
        }
        let interpreter = prompt(on: database), timed = prompt(on: untraced)
        trace.start()
        var succeeded = false
        let first = Stopwatch.time { succeeded = interpreter.execute(command) == .succeeded }
        guard succeeded else { throw BenchError.failed("\(command) failed") }
        // A command of seconds is timed a few times, not hundreds: about two seconds of runs in all.
        let runs = max(3, min(self.runs, Int(2 / Double(Self.pairs) / max(first, 1e-4))))
        let statements = trace.stop().filter { sql in
            let verb = sql.trimmingCharacters(in: .whitespacesAndNewlines).prefix(6).uppercased()
            return verb.hasPrefix("SELECT") || verb.hasPrefix("WITH")
        }
        // Every timed run must succeed too: a failure is quick, and would be timed as an answer.
        func run() throws -> Double {
            var outcome = Interpreter.Outcome.failed
            let seconds = Stopwatch.time { outcome = timed.execute(command) }
            guard outcome == .succeeded else { throw BenchError.failed("\(command) failed on the untraced connection") }
            return seconds * 1000
        }
        _ = try run()   // its connection's statements prepared, as at a prompt in use
        let sqlite = SQLiteRuns(statements: statements, path: database.path, sqlite3: sqlite3)
        var times: [Double] = [], batches: [Double] = [], sqliteBatches: [Double] = []
        for _ in 0..<Self.pairs {
            let batch = try (0..<runs).map { _ in try run() }
            times += batch
            batches.append(batch.reduce(0, +) / Double(runs))
            sqliteBatches.append(try sqlite.seconds(repeating: runs))
        }
        times.sort()
        let empty = try sqlite.emptySeconds()
        let sqliteMs = sqliteBatches.map { SQLiteRuns.milliseconds(perRunOf: $0, runs: runs, empty: empty) }
        return Result(command: command, statements: statements.count, bestBatchMs: batches.min()!,
                      p95Ms: times[min(times.count - 1, Int(Double(times.count) * 0.95))],
                      sqliteMs: sqliteMs.min()!, ratio: Stopwatch.median(zip(batches, sqliteMs).map { $0 / $1 }))
    }

    /// Each statement of one command with the time sqlite3 takes over it alone, slowest first:
    /// where to look when a command is slow.
    func explain(_ command: String) throws {
        let interpreter = Interpreter(context: CommandContext(database: database, clock: clock, actor: .localOperator),
                                      write: { _ in }, writeError: { FileHandle.standardError.write(Data($0.utf8)) })
        trace.start()
        _ = interpreter.execute(command)
        var timed: [(Double, String)] = []
        for statement in Set(trace.stop()) where statement.uppercased().hasPrefix("SELECT") || statement.uppercased().hasPrefix("WITH") {
            timed.append((try SQLiteRuns(statements: [statement], path: database.path, sqlite3: sqlite3).milliseconds(runs: 3), statement))
        }
        for (ms, statement) in timed.sorted(by: { $0.0 > $1.0 }).prefix(12) {
            print(String(format: "%9.2f ms  ", ms) + statement.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
        }
    }
}
