import ArgumentParser
import Console
import Foundation
import MusterCore

/// Measures Muster on a partnership-sized database against the fastest thing that could do
/// the same work, in the same run, and prints the table the README keeps. Times are for
/// this machine; the ratios are what to compare between machines.
struct MusterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster-bench",
        abstract: "Benchmarks Muster against sqlite3 and a minimal GRDB program on one database.",
        discussion: "Build first: swift build -c release. The database is read, never changed: the write benchmarks run on three copies of it beside each other in the temporary directory.")

    @Option(help: "The database to measure (make one with: muster -c 'demo generate ...').")
    var db: String

    @Option(help: "Runs of each command in each of \(CommandLatency.pairs) batches (fewer for a slow command: about two seconds in all).")
    var runs = 300

    @Option(help: "Processes started for the start-up figure.")
    var starts = 20

    @Option(help: "Places booked one transaction each for the bookings-per-second figure.")
    var bookings = 3000

    @Option(help: "The clock, as local \"YYYY-MM-DD HH:MM\" (default: now).")
    var now: String?

    @Option(help: "The sqlite3 shell.")
    var sqlite3 = "/usr/bin/sqlite3"

    @Option(help: "Print the statements one command issues, each with its own time in sqlite3, and stop.")
    var statements: String?

    @Option(name: .customLong("command"), help: "Time this command at the prompt instead of the everyday script (repeatable).")
    var commands: [String] = []

    @Option(help: "The processor to run on, Muster and what it is measured against alike (default: the one the benchmark starts on).")
    var processor: Int?

    @Option(help: "Measure only these parts: latency, startup, export, writes (repeatable; default all).")
    var only: [Part] = []

    enum Part: String, ExpressibleByArgument, CaseIterable { case latency, startup, export, writes }

    func validate() throws {
        guard bookings >= 1 else { throw ValidationError("--bookings must be at least 1: the write figures book that many places.") }
    }

    func measures(_ part: Part) -> Bool { only.isEmpty || only.contains(part) }

    mutating func run() throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let muster = directory.appendingPathComponent("muster").path
        let floor = directory.appendingPathComponent("muster-floor").path
        let clock = try now.map { try MusterClock.fixed(local: $0) } ?? .system()
        let pinned = try Processor.pin(to: processor)
        let trace = TraceLog()
        let (database, _) = try AppDatabase.open(path: db, tracing: { trace.record($0) })
        let (untraced, _) = try AppDatabase.open(path: db)
        if let command = statements {
            try CommandLatency(database: database, untraced: untraced, trace: trace, clock: clock, sqlite3: sqlite3, runs: 1).explain(command)
            return
        }
        let subjects = try Subjects(database, clock: clock)
        print("Database: \(db) — \(subjects.counts); every process on processor \(pinned)\n")

        sync()   // the last run's writes on disk before the first command is timed, as `Stopwatch.settledTime` does
        if measures(.latency) {
            print("| command | statements | ms | p95 ms | sqlite3 ms | ratio |")
            print("|---|---:|---:|---:|---:|---:|")
            let latency = CommandLatency(database: database, untraced: untraced, trace: trace, clock: clock, sqlite3: sqlite3, runs: runs)
            for command in commands.isEmpty ? subjects.everydayCommands : commands {
                let result = try latency.measure(command)
                print("| `\(result.command)` | \(result.statements) | \(fixed(result.bestBatchMs)) | \(fixed(result.p95Ms)) | \(fixed(result.sqliteMs)) | \(fixed(result.ratio, 1))× |")
            }
        }
        if measures(.startup) { try startupFigures(muster: muster, floor: floor, subjects: subjects) }
        if measures(.export) { try exportFigures(muster: muster, database: database, trace: trace) }
        if measures(.writes) { try writeFigures(subjects: subjects, clock: clock) }
    }

    /// A one-shot `muster -c` against the floor of any Swift tool on the same file.
    func startupFigures(muster: String, floor: String, subjects: Subjects) throws {
        let search = "courses \(subjects.word)"
        // Taken turn about, so a change in the machine's speed falls on both.
        var ours: [Double] = [], floors: [Double] = []
        for _ in 0..<starts {
            ours.append(try checked(Stopwatch.run(muster, ["--db", db, "-c", search])).seconds)
            floors.append(try checked(Stopwatch.run(floor, [db, "SELECT id, title FROM course WHERE title LIKE '%\(subjects.word)%' ORDER BY title"])).seconds)
        }
        let startup = Stopwatch.median(ours), bare = Stopwatch.median(floors)
        print("\n| start-up to first answer | ms |\n|---|---:|")
        print("| `muster -c '\(search)'` | \(fixed(startup * 1000)) |")
        print("| GRDB floor: open and one query | \(fixed(bare * 1000)) |")
        print("| ratio | \(fixed(startup / bare, 2))× |")
    }

    /// `export attendance` of every place against `sqlite3 -csv` running the same query.
    func exportFigures(muster: String, database: AppDatabase, trace: TraceLog) throws {
        let interpreter = Interpreter(context: CommandContext(database: database, clock: .system(), actor: .localOperator),
                                      write: { _ in }, writeError: { _ in })
        trace.start()
        _ = interpreter.execute("export attendance --output /dev/null")
        let query = trace.stop().filter { $0.lowercased().contains("booking b") }.max { $0.count < $1.count } ?? ""
        guard !query.isEmpty else { throw BenchError.failed("the export issued no query on booking to compare with") }
        let ours = FileManager.default.temporaryDirectory.appendingPathComponent("muster-bench-attendance.csv").path
        let theirs = FileManager.default.temporaryDirectory.appendingPathComponent("muster-bench-sqlite.csv").path
        defer { try? FileManager.default.removeItem(atPath: ours); try? FileManager.default.removeItem(atPath: theirs) }
        // Three pairs, the sides taking turns to go first, each export after `sync()` (the
        // last one's file written back): with one export a side, three runs in a row put the
        // ratio at 1.20x, 0.97x and 1.49x.
        var musters: [Stopwatch.Run] = [], sqlites: [Stopwatch.Run] = []
        for pair in 0..<3 {
            let sides = [{ sync(); musters.append(try checked(Stopwatch.run(muster, ["--db", db, "-c", "export attendance --output \(ours)"], watchMemory: true))) },
                         { sync(); sqlites.append(try checked(Stopwatch.run(sqlite3, ["-readonly", "-csv", "-header", db, query], output: theirs, watchMemory: true))) }]
            for side in pair % 2 == 0 ? sides : sides.reversed() { try side() }
        }
        let rows = try lineCount(ours) - 1
        let ratio = Stopwatch.median(zip(musters, sqlites).map { $0.seconds / $1.seconds })
        func line(_ name: String, _ runs: [Stopwatch.Run]) -> String {
            "| \(name) | \(fixed(runs.map(\.seconds).min()!, 2)) | \(fixed(Double(runs.map(\.peakKiB).max()!) / 1024, 1)) |"
        }
        print("\n| export attendance, \(rows) rows, best of \(musters.count) | seconds | peak MiB |\n|---|---:|---:|")
        print(line("`muster -c 'export attendance'`", musters))
        print(line("`sqlite3 -csv` on the same query", sqlites))
        print("| ratio, the median pair | \(fixed(ratio, 2))× | |")
    }

    /// Bookings through the service and the scheduler deciding a year, each against SQLite
    /// replaying the statements Muster issued for them.
    func writeFigures(subjects: Subjects, clock: MusterClock) throws {
        let result = try WriteFigures(source: db, subjects: subjects, clock: clock, bookings: bookings).measure()
        print("\n| writes | Muster | floor: SQLite replaying its statements | ratio |\n|---|---:|---:|---:|")
        print("| bookings through the service, one transaction each (\(result.sessions) sessions of \(WriteFigures.places) places, "
              + "\(WriteFigures.asking) asking for each), best and median of \(WriteFigures.batches) batches of \(result.batch) "
              + "| \(Int(result.rates.last!))/s, \(Int(result.rates[result.rates.count / 2]))/s "
              + "| \(Int(result.floorRates.last!))/s, \(Int(result.floorRates[result.floorRates.count / 2]))/s "
              + "| \(fixed(result.ratio, 1))× |")
        print("| `scheduler run` over a year (\(result.undecided) sessions undecided, \(result.actions) actions) "
              + "| \(fixed(result.schedulerSeconds, 2)) s | \(fixed(result.floorSchedulerSeconds, 2)) s "
              + "| \(fixed(result.schedulerSeconds / result.floorSchedulerSeconds, 1))× |")
    }

    func checked(_ run: Stopwatch.Run) throws -> Stopwatch.Run {
        guard run.status == 0 else { throw BenchError.failed("a measured process exited with status \(run.status)") }
        return run
    }


    func fixed(_ value: Double, _ places: Int = 2) -> String { String(format: "%.\(places)f", value) }

    func lineCount(_ path: String) throws -> Int {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var lines = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { lines += chunk.filter { $0 == 10 }.count }
        return lines
    }
}

MusterBench.main()
