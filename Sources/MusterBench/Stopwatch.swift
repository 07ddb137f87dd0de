import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timing from the monotonic clock, and child processes timed with their peak
/// memory (what `wait4` reports), so a measurement is the whole cost of what a person waits for.
enum Stopwatch {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The middle of some measurements (the upper middle of an even count): the figure a
    /// slow spell of the machine moves least.
    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Seconds `body` took, once every dirty page on the machine is on disk: the kernel
    /// writes back an earlier step's pages (a copy's checkpoints, the last run's writes) for
    /// up to half a minute, on one of this machine's two cores, and the clock should not
    /// run on whichever side happens to share that core with it.
    static func settledTime(_ body: () throws -> Void) rethrows -> Double {
        sync()
        return try time(body)
    }

    /// Seconds `body` took.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return Double(now() - start) / 1e9
    }

    struct Run {
        var seconds: Double
        var peakKiB: Int
        var status: Int32
    }

    /// Runs a program to the end, its standard input and output from and to the files given.
    /// `watchMemory` samples the child's peak memory every 2 ms, which blurs times of a few ms.
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, output: String = "/dev/null",
                    watchMemory: Bool = false) throws -> Run {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = now()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError.cannotRun(executable, spawned) }
        var status: Int32 = 0
        var peak = 0
        // The child's own high-water mark, read while it runs: `wait4`'s ru_maxrss would carry
        // over this process's memory, which the spawned child shared until it ran its program.
        while waitpid(pid, &status, watchMemory ? WNOHANG : 0) == 0 {
            peak = max(peak, highWaterKiB(of: pid))
            usleep(2_000)
        }
        return Run(seconds: Double(now() - start) / 1e9, peakKiB: peak, status: (status >> 8) & 0xff)
    }

    private static func highWaterKiB(of pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
}

enum BenchError: Error, CustomStringConvertible {
    case cannotRun(String, Int32)
    case failed(String)

    var description: String {
        switch self {
        case .cannotRun(let path, let code): "cannot run \(path) (error \(code))"
        case .failed(let what): what
        }
    }
}
