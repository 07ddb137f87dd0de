import Foundation

/// The built `muster` executable, run as a script or a user's shell would run it.
enum MusterBinary {
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["MUSTER_BIN"] { return URL(fileURLWithPath: path) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("muster")
    }

    struct Result { var status: Int32; var output: String; var errors: String }

    /// Runs muster in `directory` with `arguments`, feeding `input` on standard input;
    /// `through` names a program that starts it (`setpriv …`, a shell setting a limit).
    static func run(_ arguments: [String], in directory: URL, input: String = "",
                    environment extra: [String: String] = [:], through launcher: [String] = []) throws -> Result {
        let process = Process()
        process.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? url
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [url.path] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        environment["MUSTER_HISTORY"] = directory.appendingPathComponent("history").path
        for key in ["MUSTER_DB", "MUSTER_NOW", "MUSTER_TZ"] { environment[key] = nil }
        environment.merge(extra) { $1 }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                      errors: String(decoding: errors, as: UTF8.self))
    }
}
