import Foundation
import Testing

/// The soak and crash tests believe a process's transcript only as far as the file bears it
/// out: a success the file does not hold, or an audit trail that grew by other than the
/// successes, must be caught, or those tests could pass over lost work.
@Suite struct StormLedgerTests {
    @Test func aReportedSuccessTheFileDoesNotHoldIsMissing() throws {
        // Given a partnership, and transcripts claiming a booking, a transfer and a mark that never happened
        let storm = try BookingStorm(in: ScratchPartnership())
        let commands = ["book \(storm.future[0]) L01 --json", "transfer \(storm.future[0]) L01 L02",
                        "attend \(storm.started[0]) L01 --status partial --minutes 60"]
        let printed = """
            {"id": 999, "session_id": "\(storm.future[0])", "learner_id": "L01", "status": "confirmed"}
            \(ScriptTranscript.mark)
            Transferred: L02 now has L01's place on \(storm.future[0])
            \(ScriptTranscript.mark)
            \(ScriptTranscript.mark)

            """
        var ledger = StormLedger()
        ledger.record(ScriptTranscript(commands: commands, printed: printed), process: "p0")

        // When the file is asked, Then all three are missing
        #expect(try ledger.missingSuccesses(in: storm.database).count == 3)
    }

    @Test func anAuditTrailThatGrewByOtherThanTheSuccessesIsAMismatch() throws {
        // Given one booking made, but two claimed
        let storm = try BookingStorm(in: ScratchPartnership())
        let before = try StormLedger.auditCounts(storm.database)
        let made = try MusterBinary.run(["--db", "muster.sqlite", "--now", BookingStorm.now,
                                         "-c", "book \(storm.future[0]) L01 --json"], in: storm.folder)
        let printed = made.output + ScriptTranscript.mark + "\n" + made.output + ScriptTranscript.mark + "\n"
        var ledger = StormLedger()
        ledger.record(ScriptTranscript(commands: Array(repeating: "book \(storm.future[0]) L01 --json", count: 2), printed: printed),
                      process: "p0")

        // When the trail is compared, Then booking.book is named
        #expect(try ledger.auditMismatches(in: storm.database, before: before).contains { $0.hasPrefix("booking.book") })
        // and slack for a command cut short by a kill never excuses an event that is missing
        #expect(try ledger.auditMismatches(in: storm.database, before: before, unreported: ["book": 1]).contains { $0.hasPrefix("booking.book") })
    }

    @Test func aCommandCutShortWithNothingPrintedMayOrMayNotHaveCommitted() throws {
        // Given a transcript killed after one whole command and before the next said anything
        let commands = ["book s1 L01 --json", "unbook s1 L01 --json", "book s1 L02 --json"]
        let printed = "error: L01 already has a place on s1: confirmed\n" + ScriptTranscript.mark + "\n"
        // When recorded
        var ledger = StormLedger()
        ledger.record(ScriptTranscript(commands: commands, printed: printed), process: "p0", commands: commands)
        // Then the first is a refusal and the second is in flight, not a success
        #expect(ledger.refusals == ["already booked": 1])
        #expect(ledger.inFlight == ["unbook": 1])
        #expect(ledger.successes.isEmpty)
    }
}
