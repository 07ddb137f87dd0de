import Foundation
@testable import MusterCore

/// A small partnership made for contention: thirty learners and a dozen sessions of a few
/// places each, so that many processes booking at once fill them, queue, give up, pass on
/// and lose places to lower capacities. Some sessions overlap in time (a learner may hold
/// only one of them), two near sessions are past their cut-off (the scheduler decides them,
/// admins book with --force), two have started (their registers are open) and two are
/// set aside for cancelling. Built through the real binary, as a training team would.
struct BookingStorm {
    /// When the storm's sessions were set up and the first places booked.
    static let setUpAt = "2026-11-02 09:00"
    /// When the storm blows: the near sessions' cut-off has passed, the past ones have started.
    static let now = "2026-11-23 10:00"
    /// The same moment as the file stores instants (UTC; London keeps GMT in November).
    static let storedNow = "2026-11-23 10:00:00.000"

    /// The scratch folder, kept while the storm is: it is removed when the last holder lets go.
    let scratch: ScratchPartnership
    var folder: URL { scratch.folder }
    var database: String { folder.appendingPathComponent("muster.sqlite").path }
    let learners: [String]
    /// Bookable, some pairs overlapping in time.
    let future: [String]
    /// Bookable, and the only ones the storm cancels.
    let cancellable: [String]
    /// Starting in three days: booking closed but for --force; the scheduler decides them.
    let near: [String]
    /// Started; their registers take marks.
    let started: [String]
    /// Learners booked on the started sessions at set-up: the ones a register knows.
    let registered: [String]

    /// Sets the partnership up in `scratch` (a fresh database seeded with s101).
    init(in scratch: ScratchPartnership) throws {
        self.scratch = scratch
        learners = (1...30).map { String(format: "L%02d", $0) }
        let agencies = ["council", "police", "health"]
        var setup = ["agency add council --name Council", "agency add police --name Police", "agency add health --name Health"]
        for (index, learner) in learners.enumerated() {
            setup.append("learner add \(learner) --name \"Learner \(learner)\" --email \(learner.lowercased())@storm.example --agency \(agencies[index % 3]) --job-role \"Social Worker\"")
        }
        let sessions: [(course: String, date: String, time: String, capacity: Int, min: Int)] = [
            ("hate-crime", "2027-01-12", "09:30", 4, 1), ("domestic-abuse", "2027-01-12", "09:30", 4, 1),   // overlap
            ("hate-crime", "2027-01-13", "09:30", 3, 1), ("domestic-abuse", "2027-01-13", "11:00", 3, 1),   // overlap
            ("hate-crime", "2027-01-14", "09:30", 5, 1), ("domestic-abuse", "2027-01-15", "09:30", 2, 1),
            ("hate-crime", "2027-01-20", "09:30", 4, 1), ("domestic-abuse", "2027-01-21", "09:30", 4, 1),   // cancellable
            ("hate-crime", "2026-11-26", "09:30", 4, 3), ("domestic-abuse", "2026-11-26", "14:00", 4, 2),   // near
            ("hate-crime", "2026-11-20", "09:30", 6, 1), ("domestic-abuse", "2026-11-23", "09:00", 6, 1),   // started
        ]
        setup += sessions.map { "session add \($0.course) \($0.date) \($0.time) --capacity \($0.capacity) --min \($0.min)" }
        setup.append("session edit s101 --capacity 4 --min 1")
        let made = try MusterBinary.run(["--db", "muster.sqlite", "--now", Self.setUpAt], in: scratch.folder,
                                        input: setup.joined(separator: "\n") + "\n")
        guard made.status == 0 else { throw SetUpFailure(step: "sessions", errors: made.errors) }
        let ids = made.output.split(separator: "\n").map(String.init).filter { $0.range(of: #"^s\d+$"#, options: .regularExpression) != nil }
        guard ids.count == sessions.count else { throw SetUpFailure(step: "session ids", errors: made.output) }
        future = Array(ids[0..<6]) + ["s101"]
        cancellable = Array(ids[6..<8])
        near = Array(ids[8..<10])
        started = Array(ids[10..<12])
        registered = Array(learners[0..<12])
        var places = [String]()
        places += ["book \(near[0]) L13", "book \(near[1]) L14", "book \(near[1]) L15"]
        places += registered[0..<6].map { "book \(started[0]) \($0)" } + registered[6..<12].map { "book \(started[1]) \($0)" }
        let booked = try MusterBinary.run(["--db", "muster.sqlite", "--now", Self.setUpAt], in: scratch.folder,
                                          input: places.joined(separator: "\n") + "\n")
        guard booked.status == 0 else { throw SetUpFailure(step: "places", errors: booked.errors) }
    }

    struct SetUpFailure: Error, CustomStringConvertible {
        var step: String, errors: String
        var description: String { "setting up the storm's \(step) failed: \(errors)" }
    }

    /// What a script may do, and how often in a hundred commands.
    enum Mix {
        /// Everything a busy partnership does at once: places, capacities, cancellations,
        /// registers, the scheduler, exports and reads.
        case soak
        /// Writes only, for killing: places, capacities and marks.
        case writes
    }

    /// A seeded mix of `count` commands; the same seed gives the same script on every machine.
    func script(seed: UInt64, count: Int, mix: Mix, exportsPrefix: String) -> [String] {
        var random = SeededGenerator(seed: seed)
        let bookable = future + cancellable
        var commands: [String] = []
        for index in 0..<count {
            let roll = random.below(100)
            let learner = random.pick(learners)
            let session = random.pick(bookable)
            let writesOnly = mix == .writes
            switch roll {
            case 0..<34:
                if random.chance(8) {
                    commands.append("book \(random.pick(near)) \(learner)\(random.chance(50) ? " --force" : "") --json")
                } else {
                    commands.append("book \(session) \(learner) --json")
                }
            case 34..<50:
                commands.append("unbook \(session) \(learner) --json")
            case 50..<57:
                var other = random.pick(learners)
                if other == learner { other = learners[(learners.firstIndex(of: learner)! + 1) % learners.count] }
                commands.append("transfer \(session) \(learner) \(other)")
            case 57..<65:
                commands.append("session edit \(session) --capacity \(random.between(1, 6))\(random.chance(40) ? " --force" : "")")
            case 65..<66 where index >= count / 2 && random.chance(writesOnly ? 10 : 60):
                commands.append("session cancel \(random.pick(cancellable)) --reason \(random.pick(["venue", "trainer-unavailable", "other"]))")
            case 65..<76:
                let status = random.pick(["attended", "partial", "absent", "excused"])
                commands.append("attend \(random.pick(started)) \(random.pick(registered)) --status \(status)"
                                + (status == "partial" ? " --minutes \(random.between(30, 150))" : ""))
            case 76..<77 where !writesOnly && index >= count * 9 / 10:
                commands.append("session complete \(started[0]) --absent-rest")
            case 77..<80 where !writesOnly:
                commands.append("scheduler run --json")
            case 80..<84 where !writesOnly:
                commands.append(random.chance(50)
                    ? "export attendance --session \(random.pick(started)) --output \(exportsPrefix)-\(index).csv"
                    : "export calendar \(session) --output \(exportsPrefix)-\(index).ics")
            case 84..<100 where !writesOnly:
                commands.append(random.pick(["session show \(session) --json", "bookings \(learner) --json", "sessions --json"]))
            default:
                commands.append("book \(session) \(learner) --json")
            }
        }
        return commands
    }
}
