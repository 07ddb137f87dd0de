#if canImport(Glibc)
import Glibc
#endif

/// The one processor the benchmark and every process it starts run on. Each side of a pair
/// then meets the same core: left to the scheduler, the benchmark's own process (where
/// Muster's commands run) stayed on one core for seconds while each sqlite3 it started went
/// to the other, and when a neighbour on the shared machine slowed one core, one run put a
/// lookup at 2.3× sqlite3 where the next, pinned, put it at 1.3×.
enum Processor {
    /// Pins this process, and so every child it starts from now on, to `number`, or to the
    /// processor it is running on now.
    static func pin(to number: Int?) throws -> Int {
        // GNU extensions, which Swift's Glibc module does not declare: found by name instead.
        typealias GetCPU = @convention(c) () -> Int32
        typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
        guard let getCPU = dlsym(nil, "sched_getcpu"), let setAffinity = dlsym(nil, "sched_setaffinity") else {
            throw BenchError.failed("this system cannot pin a process to a processor")
        }
        let chosen = number ?? Int(unsafeBitCast(getCPU, to: GetCPU.self)())
        let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        guard chosen >= 0, chosen < min(online, 1024) else {
            throw BenchError.failed("no processor \(chosen) on this machine: it has \(online), numbered from 0")
        }
        var mask = [UInt8](repeating: 0, count: 128)   // glibc's cpu_set_t: 1,024 processors
        mask[chosen / 8] |= UInt8(1) << UInt8(chosen % 8)
        guard unsafeBitCast(setAffinity, to: SetAffinity.self)(0, mask.count, mask) == 0 else {
            throw BenchError.failed("cannot run on processor \(chosen) (error \(errno))")
        }
        return chosen
    }
}
