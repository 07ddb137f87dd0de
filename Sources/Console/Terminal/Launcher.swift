import Foundation
import MusterCore

/// From flags to a running Muster: the clock, the database (created, migrated and seeded
/// when new), then the REPL on a terminal or the commands of a script.
@MainActor
public enum Launcher {
    public struct Options: Sendable {
        public var databasePath: String
        public var now: String?
        public var zone: String?
        public var login: Bool
        public var commands: [String]
        public var keepGoing: Bool
        public var historyPath: String

        public init(databasePath: String, now: String?, zone: String?, login: Bool, commands: [String],
                    keepGoing: Bool, historyPath: String) {
            self.databasePath = databasePath; self.now = now; self.zone = zone; self.login = login
            self.commands = commands; self.keepGoing = keepGoing; self.historyPath = historyPath
        }
    }

    public enum ExitStatus: Int32 { case success = 0, failure = 1, badFlags = 2 }

    public static func run(_ options: Options) -> ExitStatus {
        // Past a file-size limit (ulimit -f) the system sends SIGXFSZ, which would end Muster
        // mid-command with no word said; ignored, the write fails instead, SQLite rolls the
        // transaction back, and the person is told the disk is full.
        signal(SIGXFSZ, SIG_IGN)
        let zone: TimeZone
        if let name = options.zone {
            guard let found = TimeZone(identifier: name) else {
                printError("muster: '\(name)' is not a time zone: expected a name like Europe/London")
                return .badFlags
            }
            zone = found
        } else {
            zone = MusterClock.defaultZone
        }
        let clock: MusterClock
        do {
            clock = try options.now.map { try MusterClock.fixed(local: $0, zone: zone) } ?? .system(zone: zone)
        } catch {
            printError("muster: --now: \(error)")
            return .badFlags
        }
        let database: AppDatabase
        do {
            database = try AppDatabase.open(path: options.databasePath, upgrading: {
                printError("muster: bringing \(options.databasePath) up to date for this version of Muster; on a large file this can take a minute, once")
            }) { fresh in
                seed(fresh, named: options.databasePath, clock: clock, announce: options.commands.isEmpty && isatty(0) == 1)
            }.database
        } catch {
            printError("muster: " + Interpreter.message(for: error))
            return .failure
        }
        if let warning = DatabaseFile.permissionWarning(path: options.databasePath) { printError(warning) }
        let terminal = isatty(0) == 1
        var context = CommandContext(database: database, clock: clock, actor: .localOperator)
        var loginReader: ReadlineReader?
        if options.login {
            guard terminal else {
                printError("muster: --login needs a terminal: it asks for a user name and a password")
                return .failure
            }
            guard (try? context.accounts.anyoneCanLogIn()) == true else {
                printError("muster: --login: this database has no accounts yet; without --login you act as the local operator")
                return .failure
            }
            let reader = ReadlineReader(historyPath: "/dev/null",
                                        completer: Completer(table: context.table, role: .learner, lookup: { _, _ in [] }))
            guard let user = logIn(reader, context.accounts) else { return .failure }
            reader.switchHistory(to: historyFile(options.historyPath, for: user))
            context = CommandContext(database: database, clock: clock, actor: user)
            ReadlineReader.updateCompleter(Completer.acting(in: context))
            answer(&context, at: reader)
            loginReader = reader
        }
        let interpreter = Interpreter(
            context: context,
            width: { terminal ? ReadlineReader.terminalWidth() : nil },
            colour: isatty(1) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty,
            write: StandardStreams.output,
            writeError: StandardStreams.error,
            outputRefusal: StandardStreams.takeRefusal)

        if !options.commands.isEmpty {
            return Script.run(options.commands, interpreter: interpreter, keepGoing: options.keepGoing)
        }
        if terminal {
            var reader = loginReader ?? ReadlineReader(historyPath: options.historyPath, completer: Completer.acting(in: context))
            answer(&context, at: reader)
            interpreter.context = context
            interpreter.identityChanged = { [reader, interpreter] user in
                MainActor.assumeIsolated {
                    ReadlineReader.updateCompleter(Completer.acting(in: interpreter.context))
                    reader.switchHistory(to: historyFile(options.historyPath, for: user))
                }
            }
            REPL(interpreter: interpreter).run(reader: &reader)
            if let signal = ReadlineReader.quitSignal {
                // History is written line by line and the terminal is restored; end as the
                // signal asked, so whoever sent it sees it was obeyed (a shell shows 143 or 129).
                Foundation.signal(signal, SIG_DFL)
                raise(signal)
            }
            return .success
        }
        var reader = PlainLineReader()
        return Script.run(AnyIterator {
            if case .line(let line) = reader.read(prompt: "") { return line }
            return nil
        }, interpreter: interpreter, keepGoing: options.keepGoing)
    }

    /// Forms and passwords are asked at this terminal.
    static func answer(_ context: inout CommandContext, at reader: ReadlineReader) {
        context.ask = { [reader] prompt in MainActor.assumeIsolated { reader.ask(prompt) } }
        context.askSecret = { [reader] prompt in MainActor.assumeIsolated { reader.askSecret(prompt) } }
    }

    /// Each person's own history, so the Up key never shows one user what another typed; the
    /// local operator keeps the plain file.
    static func historyFile(_ base: String, for user: ActingUser) -> String {
        user == .localOperator ? base : base + "." + user.id.lowercased()
    }

    /// Three tries at a user name and password; nil when they are used up or the person leaves.
    static func logIn(_ reader: ReadlineReader, _ accounts: Accounts) -> ActingUser? {
        for _ in 1...3 {
            guard let user = reader.ask("User: ")?.trimmingCharacters(in: .whitespaces),
                  let password = reader.askSecret("Password: ") else { return nil }
            do {
                return try accounts.authenticate(user, password: password)
            } catch {
                printError(Interpreter.message(for: error))
            }
        }
        return nil
    }

    /// Seeds a new database, still under its temporary name; `path` is the name it will have.
    private static func seed(_ database: AppDatabase, named path: String, clock: MusterClock, announce: Bool) {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let summaries = try Seed.importDefaults(into: database, clock: clock, from: root)
            if announce, !summaries.isEmpty {
                let counts = summaries.map { "\($0.added.count) \($0.kind)" }
                let list = counts.count > 1 ? counts.dropLast().joined(separator: ", ") + " and " + counts.last! : counts.joined()
                printError("Created \(path) with \(list) from ./Courses and ./Sessions.")
            }
        } catch {
            printError("warning: \(path) was created empty: \(Interpreter.message(for: error))\n"
                       + "Fix the files, then run: import courses, import sessions")
        }
    }

    static func printError(_ text: String) {
        StandardStreams.error(text + "\n")
    }
}

/// Commands from `-c` or standard input, one per line; `#` starts a comment line.
enum Script {
    static func run(_ commands: some Sequence<String>, interpreter: Interpreter, keepGoing: Bool) -> Launcher.ExitStatus {
        var failed = false
        for command in commands {
            let trimmed = command.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            switch interpreter.execute(trimmed) {
            case .succeeded: continue
            case .quit: return failed ? .failure : .success
            case .failed:
                failed = true
                if !keepGoing { return .failure }
            }
        }
        return failed ? .failure : .success
    }
}

/// The interactive loop: a prompt that says who is working, Ctrl-C abandons a line,
/// Ctrl-D or `quit` leaves.
@MainActor
struct REPL {
    let interpreter: Interpreter

    var prompt: String {
        let actor = interpreter.context.actor
        return "muster (\(actor.id), \(actor.role.rawValue))> "
    }

    func run(reader: inout some LineReader) {
        print("Muster: training and bookings. Type help for commands, Tab to complete, quit to leave.")
        while true {
            switch reader.read(prompt: prompt) {
            case .end: return
            case .interrupted: continue
            case .line(let line):
                // A bracketed paste (readline asks the terminal for it) keeps its line breaks
                // in one line: each pasted line is a command of its own, run in order.
                for command in line.split(whereSeparator: \.isNewline).map(String.init) {
                    if ["exit", "\\q"].contains(command.trimmingCharacters(in: .whitespaces)) { return }
                    if interpreter.execute(command) == .quit { return }
                }
            }
        }
    }
}
