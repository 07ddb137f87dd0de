import Foundation
import GRDB
import Testing
@testable import MusterCore

/// Writers killed with SIGKILL at seeded moments — mid-booking, mid-commit, mid-import, while
/// opening a file another kill left behind — hundreds of times on one database whose state
/// accumulates. After each kill the file is opened as the next terminal would open it: it
/// is sound, every command that printed its success is there, nothing half-written shows
/// (an import is all of its file or none of it), and the partnership's rules hold.
@Suite(.serialized) struct CrashConsistencyTests {
    static let writerArguments = ["--db", "muster.sqlite", "--keep-going", "--now"]

    /// The storm's clock, a minute later each round, so each round's waiting lists join at their own time.
    static func clock(round: Int) -> String {
        let start = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: .gmt, year: 2026, month: 11, day: 23, hour: 10)
        let now = start.date!.addingTimeInterval(TimeInterval(round * 60))
        let formatter = DateFormatter()
        formatter.timeZone = .gmt
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: now)
    }

    /// Where a writer is killed: after it has finished a number of commands (the kill lands
    /// in the next one, mostly inside its transaction); a number of microseconds after it
    /// started (while it opens the file, recovers a killed writer's journal, or reads); or a
    /// number of microseconds after it was seen holding the write lock (inside its transaction).
    enum KillPoint {
        case afterCommands(Int)
        case afterMicroseconds(Int)
        case afterTakingTheWriteLock(Int)

        static func seeded(_ random: inout SeededGenerator, commands: Int, microseconds: Int) -> KillPoint {
            random.chance(75) ? .afterCommands(random.below(commands)) : .afterMicroseconds(random.below(microseconds))
        }
    }

    /// Whether some process is inside a write transaction on the file: the probe cannot take
    /// the write lock without waiting (and lets go of it at once when it can).
    static func writeLockHeld(_ probe: DatabaseQueue) -> Bool {
        do {
            try probe.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE; ROLLBACK") }
            return false
        } catch {
            return true
        }
    }

    /// Kills each writer at its point (or lets it end first), and waits for all.
    static func killing(_ writers: [(RunningMuster, KillPoint)], startedAt: Date, deadline: Date,
                        probe: DatabaseQueue? = nil) -> (endings: [RunningMuster.Ending], writing: [Int: Date]) {
        var pending = Array(writers.indices)
        var writing: [Int: Date] = [:]
        while !pending.isEmpty && Date() < deadline {
            pending.removeAll { index in
                let (process, point) = writers[index]
                let due: Bool
                switch point {
                case .afterCommands(let count):
                    due = process.printed.components(separatedBy: ScriptTranscript.mark + "\n").count - 1 >= count
                case .afterMicroseconds(let micros):
                    due = Date().timeIntervalSince(startedAt) * 1_000_000 >= Double(micros)
                case .afterTakingTheWriteLock(let micros):
                    if writing[index] == nil, let probe, writeLockHeld(probe) { writing[index] = Date() }
                    due = writing[index].map { Date().timeIntervalSince($0) * 1_000_000 >= Double(micros) } ?? false
                }
                guard !process.isRunning || due else { return false }
                process.kill()
                return true
            }
            if !pending.isEmpty { usleep(100) }
        }
        return (writers.map { $0.0.finish(by: deadline) }, writing)
    }

    @Test func writersKilledMidStormLoseNothingTheyReportedAndLeaveEveryRuleStanding() throws {
        // Given one partnership's file, kept through every round
        let scale = SoakScale.current
        let storm = try BookingStorm(in: ScratchPartnership())
        var random = SeededGenerator(seed: scale.seed ^ 0xC4A5_4ED5)
        var total = StormLedger()
        var kills = 0, rows = 0
        let started = Date()

        for round in 0..<scale.bookingKillRounds {
            // When one to three writers storm it and each is killed at its own seeded point
            let before = try StormLedger.auditCounts(storm.database)
            let now = Self.clock(round: round)
            let scripts = (0..<(1 + random.below(3))).map { _ in
                storm.script(seed: random.next(), count: 60, mix: .writes, exportsPrefix: "unused")
            }
            let points = scripts.map { _ in KillPoint.seeded(&random, commands: 50, microseconds: 150_000) }
            let roundStart = Date()
            let writers = try scripts.enumerated().map { number, commands in
                try RunningMuster(Self.writerArguments + [now], script: ScriptTranscript.script(commands),
                                  in: storm.folder, name: "r\(round)w\(number)")
            }
            let endings = Self.killing(Array(zip(writers, points)), startedAt: roundStart,
                                       deadline: roundStart.addingTimeInterval(scale.deadline)).endings

            // Then the file is sound, every success printed before the kill is in it, and the rules hold
            var ledger = StormLedger()
            for (index, writer) in writers.enumerated() {
                try #require(endings[index] == .signalled(SIGKILL) || endings[index] == .exited(0) || endings[index] == .exited(1),
                             "round \(round) \(writer.name): \(endings[index])")
                if endings[index] == .signalled(SIGKILL) { kills += 1 }
                let transcript = ScriptTranscript(commands: scripts[index], printed: writer.printed)
                ledger.record(transcript, process: writer.name, commands: scripts[index])
                total.record(transcript, process: "all", commands: scripts[index])
            }
            try #require(ledger.defects.isEmpty, "round \(round): \(ledger.defects)")
            let invariants = PartnershipInvariants.check(databaseAt: storm.database, now: BookingStorm.storedNow)
            rows += invariants.rowsChecked
            try #require(invariants.violations.isEmpty, "round \(round) (seed \(scale.seed)): \(invariants.violations.prefix(10))")
            let missing = try ledger.missingSuccesses(in: storm.database)
            try #require(missing.isEmpty, "round \(round): reported but lost: \(missing)")
            let unaudited = try ledger.auditMismatches(in: storm.database, before: before)
            try #require(unaudited.isEmpty, "round \(round): \(unaudited)")
            for writer in writers {
                try? FileManager.default.removeItem(at: writer.transcript)
            }
        }

        // And after all that, the next terminal works as ever
        let after = try MusterBinary.run(["--db", "muster.sqlite", "--now", Self.clock(round: scale.bookingKillRounds),
                                          "-c", "session show \(storm.future[0]) --json"], in: storm.folder)
        #expect(after.status == 0, "\(after.errors)")
        SoakScale.report("crash (booking storm): \(scale.bookingKillRounds) rounds, \(kills) writers killed with SIGKILL, \(total.commands) commands finished or cut short in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (seed \(scale.seed))")
        SoakScale.report("  successes reported before the kills: \(total.successes.values.reduce(0, +)) (\(total.successes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))); refusals: \(total.refusals.values.reduce(0, +)); cut short with nothing printed: \(total.inFlight.values.reduce(0, +))")
        SoakScale.report("  after every kill: integrity ok, invariants held, every reported success found; \(rows) rows checked in all")
    }

    @Test func anImportKilledAtAnyMomentIsAllOrNothingWhileBookingsCarryOn() throws {
        // Given one partnership's file, and a learners file for each round: new learners under
        // a new agency, and a new job role for every learner already there
        let scale = SoakScale.current
        let storm = try BookingStorm(in: ScratchPartnership())
        var random = SeededGenerator(seed: scale.seed ^ 0x1A9_0127)
        var whole = 0, none = 0, killedWriting = 0, kills = 0, rows = 0
        var calibration: TimeInterval = 1, writeWindow: TimeInterval = 1
        let started = Date()

        for round in 0..<scale.importKillRounds {
            let file = "learners-\(round).csv"
            var csv = "Staff number,Name,Email,Agency,Job role,Start date\n"
            for number in 1...scale.learnersPerImport {
                csv += "I\(round)-\(number),Imported \(round) \(number),i\(round).\(number)@import.example,Import Agency \(round),Nurse,2025-01-06\n"
            }
            for learner in storm.learners {
                csv += "\(learner),Learner \(learner),\(learner.lowercased())@storm.example,Council,Role \(round),2024-09-02\n"
            }
            try csv.write(to: storm.folder.appendingPathComponent(file), atomically: true, encoding: .utf8)

            // When the import runs, every other time beside a booking writer, and is killed at
            // a seeded moment: after it started, or after it took the write lock (the writer
            // stays away then, so the lock is the import's); every fifth is left to finish
            let now = Self.clock(round: round)
            let script = storm.script(seed: random.next(), count: 40, mix: .writes, exportsPrefix: "unused")
            let killed = round % 5 != 0
            let inTransaction = round == 0 || (killed && round % 2 == 0)
            let importPoint = round == 0 ? KillPoint.afterTakingTheWriteLock(Int.max)
                : !killed ? .afterCommands(Int.max)
                : inTransaction ? .afterTakingTheWriteLock(random.below(Int(writeWindow * 1_000_000)))
                : .afterMicroseconds(Int(Double(random.below(1_000)) / 1_000 * calibration * 1.3 * 1_000_000))
            let writerPoint = !killed ? KillPoint.afterCommands(Int.max) : KillPoint.seeded(&random, commands: 40, microseconds: 300_000)
            let probe = try DatabaseQueue(path: storm.database)
            let roundStart = Date()
            let importer = try RunningMuster(["--db", "muster.sqlite", "--now", now, "-c", "import learners \(file)"],
                                             script: [], in: storm.folder, name: "i\(round)")
            let writer = inTransaction ? nil : try RunningMuster(Self.writerArguments + [now], script: ScriptTranscript.script(script),
                                                                 in: storm.folder, name: "i\(round)w")
            let (endings, writing) = Self.killing([(importer, importPoint)] + (writer.map { [($0, writerPoint)] } ?? []),
                                                  startedAt: roundStart, deadline: roundStart.addingTimeInterval(scale.deadline), probe: probe)
            try probe.close()
            if round == 0, let ended = importer.endedAt {
                // How long an import takes, and how long it holds the write lock: the ranges its kills are drawn from.
                calibration = ended.timeIntervalSince(roundStart)
                writeWindow = writing[0].map { ended.timeIntervalSince($0) } ?? calibration
            }
            if !killed { try #require(endings[0] == .exited(0), "round \(round), left to finish: \(importer.printed)") }
            kills += endings.filter { $0 == .signalled(SIGKILL) }.count
            try #require(endings.allSatisfy { $0 == .signalled(SIGKILL) || $0 == .exited(0) || $0 == .exited(1) }, "round \(round): \(endings)")

            // Then the file holds all of the import or none of it, as the importer said
            let queue = try DatabaseQueue(path: storm.database)
            let (added, agency, retitled, audited) = try queue.read { db in (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM learner WHERE id LIKE ?", arguments: ["I\(round)-%"]) ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agency WHERE name = ?", arguments: ["Import Agency \(round)"]) ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM learner WHERE job_role = ?", arguments: ["Role \(round)"]) ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE action = 'learner.import' AND detail LIKE ?",
                                 arguments: ["%/\(file)"]) ?? 0
            ) }
            try queue.close()
            let all = (added, agency, retitled, audited) == (scale.learnersPerImport, 1, storm.learners.count, 1)
            let nothing = (added, agency, retitled, audited) == (0, 0, 0, 0)
            try #require(all || nothing, "round \(round): half an import: \(added) learners, \(agency) agency, \(retitled) retitled, \(audited) audit events")
            if importer.printed.contains("added") { try #require(all, "round \(round): the import said it was done but is not all there") }
            if killed && endings[0] == .signalled(SIGKILL) {
                if all { whole += 1 } else { none += 1 }
                if inTransaction { killedWriting += 1 }
            }

            // and the booking writer's successes and every rule stand
            var ledger = StormLedger()
            if let writer {
                ledger.record(ScriptTranscript(commands: script, printed: writer.printed), process: writer.name, commands: script)
            }
            try #require(ledger.defects.isEmpty, "round \(round): \(ledger.defects)")
            let missing = try ledger.missingSuccesses(in: storm.database)
            try #require(missing.isEmpty, "round \(round): reported but lost: \(missing)")
            let invariants = PartnershipInvariants.check(databaseAt: storm.database, now: BookingStorm.storedNow)
            rows += invariants.rowsChecked
            try #require(invariants.violations.isEmpty, "round \(round): \(invariants.violations.prefix(10))")
        }
        #expect(none > 0, "no kill landed before an import committed: \(whole) whole")
        SoakScale.report("crash (import): \(scale.importKillRounds) imports of \(scale.learnersPerImport + storm.learners.count) rows beside a booking writer, \(kills) processes killed with SIGKILL in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (an import took \(Int(calibration * 1000)) ms, \(Int(writeWindow * 1000)) ms of it holding the write lock); of the imports killed (\(killedWriting) of them after taking the write lock), \(whole) had committed whole and \(none) left nothing, none in part; \(rows) rows checked")
    }

    @Test func aProcessKilledWhileCreatingTheDatabaseLeavesNoneOrAWholeOneUnderItsName() throws {
        // Given a folder holding the partnership's real catalogue and schedule, which a new database is seeded from
        let scale = SoakScale.current
        let scratch = try ScratchPartnership()
        for folder in ["Courses", "Sessions"] {
            try FileManager.default.removeItem(at: scratch.file(folder))
            try FileManager.default.copyItem(at: DemoFile.root.appendingPathComponent(folder), to: scratch.file(folder))
        }
        var random = SeededGenerator(seed: scale.seed ^ 0xC2EA_7E)
        var calibration: TimeInterval = 1
        var whole: (courses: Int, sessions: Int) = (0, 0)
        var kills = 0, absent = 0
        let started = Date()

        for round in 0..<scale.creationKillRounds {
            // When `muster` starts on a file that does not exist yet and is killed at a seeded
            // moment while creating, migrating and seeding it (the first round runs whole, timed)
            let name = "created-\(round).sqlite"
            let point = round == 0 ? KillPoint.afterCommands(Int.max)
                : .afterMicroseconds(Int(Double(random.below(1_000)) / 1_000 * calibration * 1.2 * 1_000_000))
            let roundStart = Date()
            let creator = try RunningMuster(["--db", name, "--now", BookingStorm.now, "-c", "courses --json"],
                                            script: [], in: scratch.folder, name: "c\(round)")
            let ending = Self.killing([(creator, point)], startedAt: roundStart, deadline: roundStart.addingTimeInterval(scale.deadline)).endings[0]
            if round == 0 { calibration = creator.endedAt.map { $0.timeIntervalSince(roundStart) } ?? 1 }
            if ending == .signalled(SIGKILL) { kills += 1 }
            if !FileManager.default.fileExists(atPath: scratch.file(name).path) { absent += 1 }

            // Then the next start finds the whole seed, however far the killed one got
            let next = try MusterBinary.run(["--db", name, "--now", BookingStorm.now, "-c", "courses --json", "-c", "sessions --json"],
                                            in: scratch.folder)
            try #require(next.status == 0, "round \(round): \(next.errors)")
            let documents = next.output.components(separatedBy: "\n]\n").filter { !$0.isEmpty }.map { $0 + "\n]" }
            let counts = (((try? parseJSON(documents.first ?? "")) as? [Any])?.count ?? -1,
                          ((try? parseJSON(documents.last ?? "")) as? [Any])?.count ?? -1)
            if round == 0 { whole = counts; try #require(whole.courses > 10 && whole.sessions > 10) }
            try #require(counts == whole, "round \(round) (killed \(ending)): \(counts.0) courses and \(counts.1) sessions, not \(whole)")
            try #require(PartnershipInvariants.check(databaseAt: scratch.file(name).path, now: BookingStorm.storedNow).violations.isEmpty)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).filter { $0.contains(".creating-") }
            try #require(leftovers.isEmpty, "round \(round): \(leftovers)")
        }
        SoakScale.report("crash (creating a database): \(scale.creationKillRounds) starts on a new file, \(kills) killed with SIGKILL (creation takes \(Int(calibration * 1000)) ms), \(absent) left no file under the name; every next start found all \(whole.courses) courses and \(whole.sessions) sessions, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}
