import Foundation
import GRDB
import MusterCore
import Scheduler

/// Bookings through the service, one transaction each, and the scheduler deciding a year of
/// sessions, each against SQLite running the very statements Muster issued for the same
/// work on a file in the same state (`WriteFloor`): what is left is the cost of everything
/// that is not SQLite, as for the commands (`CommandLatency`).
///
/// Three copies of the database. On the first the work is done traced, for its statements;
/// on the second it is done again and timed, with no tracer (tracing costs Muster time); on
/// the third the floor replays the first's statements, each batch straight after Muster's
/// own, so both sides of a pair meet the machine in the same minute.
struct WriteFigures {
    /// Bookings are rated batch by batch, as the commands are timed: the machine's speed moves
    /// by half from one minute to the next, and one rate for the whole run said as much about
    /// the minute as about Muster.
    static let batches = 5
    /// Sessions as a partnership books them: twenty places, twenty-five asking, so every fifth
    /// booking joins a waiting list. (One session of 3,000 places made each booking count
    /// every place before it, which no real room asks of SQLite.)
    static let places = 20, asking = 25

    let source: String
    let subjects: Subjects
    let clock: MusterClock
    let bookings: Int

    struct Result {
        var sessions: Int
        var batch: Int
        /// Bookings a second, batch by batch, each side sorted.
        var rates: [Double]
        var floorRates: [Double]
        /// The median over the pairs of batches of the floor's rate against Muster's.
        var ratio: Double
        var undecided: Int
        var actions: Int
        var schedulerSeconds: Double
        var floorSchedulerSeconds: Double
    }

    func measure() throws -> Result {
        var copies: [Copy] = []
        defer { copies.forEach { $0.remove() } }
        for name in ["traced", "timed", "replayed"] { copies.append(try Copy(of: source, named: name)) }
        let learners = Array(subjects.bookable.prefix(bookings))
        let size = max(1, (learners.count + Self.batches - 1) / Self.batches)
        let batches = stride(from: 0, to: learners.count, by: size).map { learners[$0..<min($0 + size, learners.count)] }

        let trace = TraceLog()
        let traced = try Partnership(path: copies[0].path, clock: clock, course: subjects.course, tracing: { trace.record($0) })
        var sessions: [String] = []
        let setup = try trace.recording { sessions = try traced.addSessions(for: learners.count) }
        let booked = try batches.map { batch in try trace.recording { try traced.book(batch, sessions: sessions) } }
        let decided = try trace.recording { _ = try traced.decideYear() }

        var floor = try WriteFloor(path: copies[2].path, setup: setup)
        let work = try Partnership(path: copies[1].path, clock: clock, course: subjects.course, tracing: nil)
        sessions = try work.addSessions(for: learners.count)
        var rates: [Double] = [], floorRates: [Double] = []
        // Each side goes first in every other pair, so neither always meets the machine second.
        for (index, (batch, statements)) in zip(batches, booked).enumerated() {
            let sides = [{ rates.append(Double(batch.count) / (try Stopwatch.settledTime { try work.book(batch, sessions: sessions) })) },
                         { floorRates.append(Double(batch.count) / (try floor.run(statements))) }]
            for side in index % 2 == 0 ? sides : sides.reversed() { try side() }
        }
        let undecided = try work.undecidedInAYear()
        var actions = 0
        let scheduler = try Stopwatch.settledTime { actions = try work.decideYear() }
        let floorScheduler = try floor.run(decided)
        let (ours, replayed) = (try Self.tally(copies[0].path), try Self.tally(copies[2].path))
        guard ours == replayed else {
            let differ = ours.keys.filter { ours[$0] != replayed[$0] }.sorted()
            throw BenchError.failed("the floor's replay left other rows than Muster's work did, in: \(differ.joined(separator: ", "))")
        }
        return Result(sessions: sessions.count, batch: size, rates: rates.sorted(), floorRates: floorRates.sorted(),
                      ratio: Stopwatch.median(zip(floorRates, rates).map { $0 / $1 }), undecided: undecided, actions: actions,
                      schedulerSeconds: scheduler, floorSchedulerSeconds: floorScheduler)
    }

    /// Each table's rows and highest rowid: a replay that ran other statements than Muster's,
    /// or the same with other values where it counts, leaves other numbers.
    private static func tally(_ path: String) throws -> [String: [Int]] {
        try DatabaseQueue(path: path).read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE '%WITHOUT ROWID%'")
            return try Dictionary(uniqueKeysWithValues: tables.map { table in
                (table, try Row.fetchOne(db, sql: "SELECT COUNT(*), IFNULL(MAX(rowid), 0) FROM \"\(table)\"").map { [$0[0], $0[1]] } ?? [])
            })
        }
    }

    /// The partnership on one copy, doing the work measured, the same on every copy: sessions
    /// a year and a month ahead, learners booked into them one transaction each, then the
    /// scheduler run a year on.
    private struct Partnership {
        let database: AppDatabase
        let clock: MusterClock
        let course: String

        init(path: String, clock: MusterClock, course: String, tracing: AppDatabase.Tracer?) throws {
            (database, _) = try AppDatabase.open(path: path, tracing: tracing)
            self.clock = clock
            self.course = course
        }

        var yearOn: Date { clock.local.adding(days: 365, to: clock.now) }

        func addSessions(for learners: Int) throws -> [String] {
            let local = clock.local
            let schedule = Schedule(database: database, clock: clock, actor: .localOperator)
            return try stride(from: 0, to: learners, by: WriteFigures.asking).map { _ in
                var session = Schedule.NewSession(courseID: course, date: local.date(of: local.adding(days: 400, to: clock.now)),
                                                  time: LocalTimeOfDay(hour: 9, minute: 30))
                session.capacity = WriteFigures.places
                session.onlineURL = "https://meet.example/bench"
                return try schedule.add(session).id
            }
        }

        /// The learners of one batch, the n-th learner of the run into session n / asking.
        func book(_ learners: ArraySlice<String>, sessions: [String]) throws {
            let service = Bookings(database: database, clock: clock, actor: .localOperator)
            for index in learners.indices { _ = try service.book(sessions[index / WriteFigures.asking], for: learners[index]) }
        }

        func undecidedInAYear() throws -> Int {
            try database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE status = 'scheduled' AND cutoff_decision IS NULL AND starts_at <= ?",
                                 arguments: [yearOn]) ?? 0
            }
        }

        /// Every session of the year ahead decided at its cut-off by one run; its actions.
        func decideYear() throws -> Int {
            try Scheduler(database: database, clock: .fixed(yearOn)).run().count
        }
    }

    /// A copy of the database, on disk before any clock starts: its gigabytes being written
    /// back while bookings commit halved their rate in one run and not the next.
    struct Copy {
        let path: String

        init(of source: String, named name: String) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("muster-bench-\(name).sqlite").path
            remove()
            try FileManager.default.copyItem(atPath: source, toPath: path)
            if FileManager.default.fileExists(atPath: source + "-wal") { try FileManager.default.copyItem(atPath: source + "-wal", toPath: path + "-wal") }
            if let written = FileHandle(forUpdatingAtPath: path) { try written.synchronize(); try written.close() }
        }

        func remove() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
