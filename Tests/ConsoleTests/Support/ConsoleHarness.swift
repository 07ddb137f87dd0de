import Foundation
@testable import Console
import MusterCore

/// An interpreter over a fresh in-memory database, capturing what it prints.
final class ConsoleHarness {
    let context: CommandContext
    private(set) var output = ""
    private(set) var errors = ""
    var interpreter: Interpreter!

    init(now: String = "2026-11-23 10:00", width: Int? = nil, database: AppDatabase? = nil) throws {
        let database = try database ?? AppDatabase.inMemory()
        context = CommandContext(database: database, clock: try MusterClock.fixed(local: now), actor: .localOperator)
        interpreter = Interpreter(context: context, width: { width },
                                  write: { [unowned self] in self.output += $0 },
                                  writeError: { [unowned self] in self.errors += $0 })
    }

    /// The same database at another moment, for the same person.
    func at(_ now: String) throws -> ConsoleHarness {
        let later = try ConsoleHarness(now: now)
        // The interpreter's database, not `context`'s: a harness made by `at` works on its parent's.
        later.interpreter.context = CommandContext(database: interpreter.context.database, clock: later.context.clock,
                                                   actor: interpreter.context.actor)
        return later
    }

    /// Runs one line and returns what it printed to standard output.
    @discardableResult
    func run(_ line: String) -> (Interpreter.Outcome, String, String) {
        output = ""; errors = ""
        let outcome = interpreter.execute(line)
        return (outcome, output, errors)
    }

    /// Runs lines that must all succeed.
    func given(_ lines: String...) throws {
        for line in lines {
            let (outcome, _, errors) = run(line)
            if outcome != .succeeded { throw HarnessFailure(line: line, errors: errors) }
        }
    }

    struct HarnessFailure: Error, CustomStringConvertible {
        let line: String, errors: String
        var description: String { "'\(line)' failed: \(errors)" }
    }

    /// Answers a form's questions in turn (nil: the person presses Ctrl-C); records the questions.
    func answering(_ answers: [String?]) -> Questions {
        let questions = Questions(answers)
        interpreter.context.ask = { prompt in questions.next(prompt) }
        return questions
    }

    final class Questions: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [String?]
        private(set) var asked: [String] = []
        init(_ answers: [String?]) { self.answers = answers }
        func next(_ prompt: String) -> String? {
            lock.withLock {
                asked.append(prompt)
                return answers.isEmpty ? nil : answers.removeFirst()
            }
        }
    }

    /// A small catalogue and schedule typed as a trainer would.
    func withCatalogue() throws -> ConsoleHarness {
        try given(
            #"course add hate-crime --title "Hate Crime" --area community --format face-to-face --hours 3 --level 2 --description "Recognising and reporting hate incidents.""#,
            #"course add domestic-abuse --title "Domestic Abuse" --area all-age --format virtual --hours 3 --level 2 --capacity 30 --min 8"#,
            #"agency add police --name "West Midlands Police""#,
            #"learner add P1002 --name "Sean O'Brien" --email sean@police.example --agency police --job-role "Detective Constable""#)
        return self
    }
}

/// Parses JSON output with Foundation's parser, the way a script would read it.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}
