import Foundation

/// How hard the soak and crash tests push: bounded for CI by default (a couple of minutes of
/// a debug build on two cores), longer for a local run with `MUSTER_SOAK=long`, or any one
/// figure set by its own variable. The seed is fixed unless `MUSTER_SOAK_SEED` names another,
/// so a failure replays exactly.
struct SoakScale {
    var processes: Int
    var commandsPerProcess: Int
    var bookingKillRounds: Int
    var importKillRounds: Int
    var learnersPerImport: Int
    var creationKillRounds: Int
    var seed: UInt64
    /// How long any one process may run before it counts as hung.
    var deadline: TimeInterval

    static var current: SoakScale {
        let environment = ProcessInfo.processInfo.environment
        let long = environment["MUSTER_SOAK"] == "long"
        func number(_ name: String, _ ci: Int, _ longer: Int) -> Int {
            environment[name].flatMap(Int.init) ?? (long ? longer : ci)
        }
        return SoakScale(processes: number("MUSTER_SOAK_PROCESSES", 16, 16),
                         commandsPerProcess: number("MUSTER_SOAK_COMMANDS", 400, 2_000),
                         bookingKillRounds: number("MUSTER_SOAK_KILLS", 150, 1_000),
                         importKillRounds: number("MUSTER_SOAK_IMPORT_KILLS", 40, 150),
                         learnersPerImport: number("MUSTER_SOAK_IMPORT_ROWS", 2_000, 3_000),
                         creationKillRounds: number("MUSTER_SOAK_CREATION_KILLS", 30, 200),
                         seed: UInt64(environment["MUSTER_SOAK_SEED"] ?? "") ?? 20261123,
                         deadline: long ? 1_800 : 240)
    }

    /// One line of figures on standard error, for the record of a run.
    static func report(_ line: String) {
        FileHandle.standardError.write(Data("[soak] \(line)\n".utf8))
    }
}
