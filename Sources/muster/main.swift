import ArgumentParser
import Console
import Foundation

/// The flags of COMMANDS.md "Starting". Bad flags exit with status 2.
struct MusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Training courses, sessions, bookings and CPD for a safeguarding partnership.",
        discussion: "On a terminal Muster opens its prompt; type help there. With -c or a script on standard input it runs those commands and exits: status 0 when all succeeded, 1 when one failed, 2 for bad flags.")

    @Option(help: ArgumentHelp("The database file (or MUSTER_DB; default muster.sqlite).", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("The clock, as local \"YYYY-MM-DD HH:MM\" (or MUSTER_NOW), to replay a scenario.", valueName: "time"))
    var now: String?

    @Option(help: ArgumentHelp("The partnership's time zone (or MUSTER_TZ; default Europe/London).", valueName: "zone"))
    var zone: String?

    @Flag(help: "Ask for a user and password first; then only that role's commands exist.")
    var login = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Run this command and exit (repeatable).", valueName: "command"))
    var command: [String] = []

    @Flag(help: "Carry on after a failing command (the exit status is still 1).")
    var keepGoing = false
}

let environment = ProcessInfo.processInfo.environment
let flags: MusterCommand
do {
    flags = try MusterCommand.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let code = MusterCommand.exitCode(for: error)
    if code == .success {
        print(MusterCommand.fullMessage(for: error))
        exit(0)
    }
    StandardStreams.error("muster: " + MusterCommand.message(for: error) + "\n" + MusterCommand.usageString() + "\n")
    exit(Launcher.ExitStatus.badFlags.rawValue)
}

let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
let status = Launcher.run(Launcher.Options(
    databasePath: flags.db ?? environment["MUSTER_DB"] ?? "muster.sqlite",
    now: flags.now ?? environment["MUSTER_NOW"],
    zone: flags.zone ?? environment["MUSTER_TZ"],
    login: flags.login,
    commands: flags.command,
    keepGoing: flags.keepGoing,
    historyPath: environment["MUSTER_HISTORY"] ?? home + "/.muster_history"))
exit(status.rawValue)
