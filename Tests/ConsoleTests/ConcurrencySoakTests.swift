import Foundation
import GRDB
import Testing

/// Sixteen `muster` processes on one file, each a script of a few hundred seeded commands
/// — book, unbook, transfer, capacity changes, cancellations, register marks, the scheduler,
/// exports and reads — all at once, as a partnership's terminals and cron would be. Every
/// write takes its place in one transaction, so whatever the interleaving, the rules hold,
/// nobody is told the database is locked, and every success a process reported is in the file.
@Suite struct ConcurrencySoakTests {
    @Test func sixteenProcessesStormingOnePartnershipKeepEveryRuleAndLoseNothingTheyReported() throws {
        // Given a small partnership of full sessions and a seeded script for each process
        let scale = SoakScale.current
        let scratch = try ScratchPartnership()
        let storm = try BookingStorm(in: scratch)
        let audited = try StormLedger.auditCounts(storm.database)
        let scripts = (0..<scale.processes).map {
            storm.script(seed: scale.seed &+ UInt64($0), count: scale.commandsPerProcess, mix: .soak, exportsPrefix: "p\($0)-export")
        }

        // When they all run at once
        let started = Date()
        let running = try scripts.enumerated().map { number, commands in
            try RunningMuster(["--db", "muster.sqlite", "--now", BookingStorm.now, "--keep-going"],
                              script: ScriptTranscript.script(commands), in: scratch.folder, name: "p\(number)")
        }
        let endings = running.map { $0.finish(by: started.addingTimeInterval(scale.deadline)) }
        let seconds = Date().timeIntervalSince(started)
        // The last to start began before the first to finish ended: all of them were at work together.
        let together = (running.compactMap(\.endedAt).min() ?? started).timeIntervalSince(running.map(\.startedAt).max() ?? started)
        #expect(together > 0, "the processes did not all run at once")

        // Then every process ran to its end and every command is accounted for
        var ledger = StormLedger()
        for (process, ending) in zip(running, endings) {
            #expect(ending == .exited(0) || ending == .exited(1), "\(process.name) \(ending)")
            let printed = process.printed
            #expect(!printed.localizedCaseInsensitiveContains("locked") && !printed.localizedCaseInsensitiveContains("busy"),
                    "\(process.name) told its user the database was locked or busy")
            let commands = scripts[Int(process.name.dropFirst())!]
            let transcript = ScriptTranscript(commands: commands, printed: printed)
            #expect(transcript.steps.count == commands.count && transcript.steps.allSatisfy(\.finished),
                    "\(process.name) finished \(transcript.steps.filter(\.finished).count) of \(commands.count) commands")
            ledger.record(transcript, process: process.name)
        }
        #expect(ledger.defects.isEmpty, "not a rule's refusal: \(ledger.defects.prefix(10))")

        // and every success is in the file, once, with its audit event
        let missing = try ledger.missingSuccesses(in: storm.database, folder: scratch.folder)
        #expect(missing.isEmpty, "reported but not in the file: \(missing.prefix(10))")
        let unaudited = try ledger.auditMismatches(in: storm.database, before: audited, unreported: [:])
        #expect(unaudited.isEmpty, "\(unaudited)")

        // and the partnership's rules hold
        let invariants = PartnershipInvariants.check(databaseAt: storm.database, now: BookingStorm.storedNow)
        #expect(invariants.violations.isEmpty, "\(invariants.violations.prefix(20))")
        #expect(ledger.successes["book", default: 0] > 0 && ledger.successes["unbook", default: 0] > 0
                && ledger.successes["attend", default: 0] > 0 && ledger.refusals.values.reduce(0, +) > 0,
                "the storm did not exercise the rules: \(ledger.successes) \(ledger.refusals)")

        SoakScale.report("concurrency soak: \(scale.processes) processes, \(ledger.commands) commands in \(String(format: "%.1f", seconds)) s, all running at once for \(String(format: "%.1f", together)) s (seed \(scale.seed))")
        SoakScale.report("  successes by command: \(ledger.successes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        SoakScale.report("  refusals by rule: \(ledger.refusals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        SoakScale.report("  per process (successes/refusals): \(ledger.perProcess.sorted { $0.key.dropFirst().count == $1.key.dropFirst().count ? $0.key < $1.key : $0.key.count < $1.key.count }.map { "\($0.key) \($0.value.0)/\($0.value.1)" }.joined(separator: ", "))")
        SoakScale.report("  invariants: \(invariants.rowsChecked) rows checked, \(invariants.violations.count) violations; \(ledger.claims) reported successes found in the file")
    }
}
