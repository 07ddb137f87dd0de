import ArgumentParser
import Console
import Foundation
import MusterCore
import Scheduler

/// Measures Muster on a partnership-sized database against the fastest thing that could do
/// the same work, in the same run, and prints the table the README keeps. Times are for
/// this machine; the ratios are what to compare between machines.
struct MusterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster-bench",
        abstract: "Benchmarks Muster against sqlite3 and a minimal GRDB program on one database.",
        discussion: "Build first: swift build -c release. The database is read, never changed: the write benchmarks run on a copy.")

    @Option(help: "The database to measure (make one with: muster -c 'demo generate ...').")
    var db: String

    @Option(help: "Runs of each command in each of five batches (fewer for a slow command: about two seconds in all).")
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

    @Option(help: "Measure only these parts: latency, startup, export, writes (repeatable; default all).")
    var only: [Part] = []

    enum Part: String, ExpressibleByArgument, CaseIterable { case latency, startup, export, writes }

    func measures(_ part: Part) -> Bool { only.isEmpty || only.contains(part) }

    mutating func run() throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let muster = directory.appendingPathComponent("muster").path
        let floor = directory.appendingPathComponent("muster-floor").path
        let clock = try now.map { try MusterClock.fixed(local: $0) } ?? .system()
        let trace = TraceLog()
        let (database, _) = try AppDatabase.open(path: db, tracing: { trace.record($0) })
        let (untraced, _) = try AppDatabase.open(path: db)
        if let command = statements {
            try CommandLatency(database: database, untraced: untraced, trace: trace, clock: clock, sqlite3: sqlite3, runs: 1).explain(command)
            return
        }
        let subjects = try Subjects(database, clock: clock)
        print("Database: \(db) — \(subjects.counts)\n")

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
        let startup = median(ours), bare = median(floors)
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
        let muster = try checked(Stopwatch.run(muster, ["--db", db, "-c", "export attendance --output \(ours)"], watchMemory: true))
        let sqlite = try checked(Stopwatch.run(sqlite3, ["-readonly", "-csv", "-header", db, query], output: theirs, watchMemory: true))
        let rows = try lineCount(ours) - 1
        print("\n| export attendance, \(rows) rows | seconds | peak MiB |\n|---|---:|---:|")
        print("| `muster -c 'export attendance'` | \(fixed(muster.seconds, 2)) | \(fixed(Double(muster.peakKiB) / 1024, 1)) |")
        print("| `sqlite3 -csv` on the same query | \(fixed(sqlite.seconds, 2)) | \(fixed(Double(sqlite.peakKiB) / 1024, 1)) |")
        print("| ratio | \(fixed(muster.seconds / sqlite.seconds, 2))× | |")
    }

    /// Bookings through the service, one transaction each, and the scheduler deciding a year
    /// of sessions, on a copy of the database.
    func writeFigures(subjects: Subjects, clock: MusterClock) throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("muster-bench-copy.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        try FileManager.default.copyItem(atPath: db, toPath: copy)
        if FileManager.default.fileExists(atPath: db + "-wal") { try FileManager.default.copyItem(atPath: db + "-wal", toPath: copy + "-wal") }
        // The copy on disk before the clock starts: its gigabytes being written back while
        // bookings commit halved their rate in one run and not the next.
        if let written = FileHandle(forUpdatingAtPath: copy) { try written.synchronize(); try written.close() }
        let (database, _) = try AppDatabase.open(path: copy)
        let local = clock.local
        let schedule = Schedule(database: database, clock: clock, actor: .localOperator)
        // Rooms as a partnership books them: twenty places, twenty-five asking, so every
        // fifth booking joins a waiting list. (One session of 3,000 places made each booking
        // count every place before it, which no real room asks of SQLite.)
        let places = 20, asking = 25
        let learners = Array(subjects.bookable.prefix(bookings))
        var sessions: [String] = []
        for _ in stride(from: 0, to: learners.count, by: asking) {
            var room = Schedule.NewSession(courseID: subjects.course, date: local.date(of: local.adding(days: 400, to: clock.now)),
                                           time: LocalTimeOfDay(hour: 9, minute: 30))
            room.capacity = places
            room.onlineURL = "https://meet.example/bench"
            sessions.append(try schedule.add(room).id)
        }
        let service = Bookings(database: database, clock: clock, actor: .localOperator)
        // In five batches, each rated on its own, as the commands are timed: the machine's
        // speed moves by half from one minute to the next, and one rate for the whole run
        // said as much about the minute as about Muster.
        let batch = max(1, (learners.count + 4) / 5)
        var rates: [Double] = []
        for start in stride(from: 0, to: learners.count, by: batch) {
            let end = min(start + batch, learners.count)
            let seconds = try Stopwatch.time {
                for index in start..<end { _ = try service.book(sessions[index / asking], for: learners[index]) }
            }
            rates.append(Double(end - start) / seconds)
        }
        rates.sort()
        print("\n| writes | figure |\n|---|---:|")
        print("| bookings through the service, one transaction each (\(sessions.count) sessions of \(places) places, \(asking) asking for each) | \(Int(rates.last!))/s best batch of \(batch), median \(Int(rates[rates.count / 2]))/s |")

        // A year of sessions ahead, every one to be decided at its cut-off by one run.
        let yearAhead = try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE status = 'scheduled' AND cutoff_decision IS NULL AND starts_at <= ?",
                             arguments: [local.adding(days: 365, to: clock.now)]) ?? 0
        }
        let scheduler = Scheduler(database: database, clock: .fixed(local.adding(days: 365, to: clock.now)))
        var actions = 0
        let run = try Stopwatch.time { actions = try scheduler.run().count }
        print("| `scheduler run` over a year (\(yearAhead) sessions undecided) | \(fixed(run, 2)) s, \(actions) actions |")
    }

    func checked(_ run: Stopwatch.Run) throws -> Stopwatch.Run {
        guard run.status == 0 else { throw BenchError.failed("a measured process exited with status \(run.status)") }
        return run
    }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

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
