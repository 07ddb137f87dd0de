import Foundation
import Testing

/// Separate `muster` processes booking one session at the same moment: the capacity check
/// and the insert share a transaction, so nobody is overbooked and nobody sees a lock.
@Suite struct BookingConcurrencyTests {
    @Test func twelveProcessesBookingFivePlacesFillThemAndQueueTheRestInOrder() throws {
        let scratch = try ScratchPartnership()
        let setup = ["agency add council --name Council"] + (1...12).map {
            "learner add L\($0) --name \"Learner \($0)\" --email l\($0)@council.example --agency council"
        } + ["session add hate-crime 2027-05-04 09:30 --capacity 5 --min 1"]
        let prepared = try MusterBinary.run(["--db", "muster.sqlite", "--now", "2026-11-23 10:00"]
            + setup.flatMap { ["-c", $0] }, in: scratch.folder)
        #expect(prepared.status == 0, "\(prepared.errors)")
        let session = try #require(prepared.output.split(separator: "\n").last.map(String.init))

        let group = DispatchGroup()
        let results = Results()
        for number in 1...12 {
            group.enter()
            Thread.detachNewThread { [folder = scratch.folder] in
                let result = try? MusterBinary.run(["--db", "muster.sqlite", "--now", "2026-11-23 10:00",
                                                    "-c", "book \(session) L\(number)"], in: folder)
                results.append(result)
                group.leave()
            }
        }
        group.wait()
        let finished = results.all
        #expect(finished.count == 12)
        for result in finished {
            #expect(result?.status == 0, "\(result?.errors ?? "did not run")")
            #expect(result?.errors.contains("locked") == false)
            #expect(result?.errors.contains("busy") == false)
        }
        let shown = try MusterBinary.run(["--db", "muster.sqlite", "--now", "2026-11-23 10:00",
                                          "-c", "session show \(session) --json"], in: scratch.folder)
        let json = try #require(try parseJSON(shown.output) as? [String: Any])
        #expect(json["confirmed"] as? Int == 5)
        #expect(json["waitlisted"] as? Int == 7)
        let waiting = try #require(json["waiting_list"] as? [[String: Any]])
        #expect(waiting.compactMap { $0["waitlist_position"] as? Int } == Array(1...7))
        let roster = try #require(json["roster"] as? [[String: Any]])
        #expect(Set((roster + waiting).compactMap { $0["learner_id"] as? String }).count == 12)
    }
}

/// Collects results from several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [MusterBinary.Result?] = []
    func append(_ item: MusterBinary.Result?) { lock.withLock { items.append(item) } }
    var all: [MusterBinary.Result?] { lock.withLock { items } }
}
