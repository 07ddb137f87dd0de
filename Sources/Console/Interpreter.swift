import MusterCore

/// Runs one command line: words, then the command table, then the service, then the
/// rendering. This is the one place where errors become the text a person reads.
public final class Interpreter {
    public enum Outcome: Equatable { case succeeded, failed, quit }

    public var context: CommandContext
    let write: (String) -> Void
    let writeError: (String) -> Void
    let width: () -> Int?
    /// Whether output may carry colour: a terminal, and no NO_COLOR.
    let colour: Bool
    /// Who was working before each `login` at the prompt, so `logout` returns to them, as
    /// leaving `su` does; a `logout` with no one to return to leaves Muster.
    private var earlier: [ActingUser] = []
    /// Told of each new identity, so the terminal can give its completion and history.
    public var identityChanged: ((ActingUser) -> Void)?
    /// The error with which `write`'s destination refused output since it was last asked:
    /// such a command fails, whatever it did, so a script never takes half its output for all.
    let outputRefusal: () -> Int32?

    public init(context: CommandContext, width: @escaping () -> Int? = { nil }, colour: Bool = false,
                write: @escaping (String) -> Void, writeError: @escaping (String) -> Void,
                outputRefusal: @escaping () -> Int32? = { nil }) {
        self.context = context; self.width = width; self.colour = colour; self.write = write; self.writeError = writeError
        self.outputRefusal = outputRefusal
    }

    public func execute(_ line: String) -> Outcome {
        let outcome = run(line)
        guard let code = outputRefusal() else { return outcome }
        writeError("error: " + Self.message(for: OutputRefused(code: code, commandFailed: outcome == .failed)) + "\n")
        return .failed
    }

    private func run(_ line: String) -> Outcome {
        do {
            let words = try Tokenizer.words(line)
            guard !words.isEmpty else { return .succeeded }
            let invocation = try CommandParser(table: context.table, role: context.actor.role).parse(words)
            let output = try invocation.spec.run(invocation, context)
            try render(output, json: invocation.wantsJSON)
            switch output.identity {
            case .none:
                break
            case .logIn(let user):
                earlier.append(context.actor)
                context.actor = user
                identityChanged?(user)
            case .logOut:
                guard let previous = earlier.popLast() else { return .quit }
                context.actor = previous
                identityChanged?(previous)
            }
            return .succeeded
        } catch is GeneralCommands.Quit {
            return .quit
        } catch {
            writeError("error: " + Self.message(for: error) + "\n")
            return .failed
        }
    }

    private func render(_ output: CommandOutput, json: Bool) throws {
        if json, let value = output.json {
            write(value.serialized() + "\n")
            return
        }
        switch output.human {
        case .none: break
        case .text(let text): write(MessageText.shown(text, lines: true) + "\n")
        case .table(let table): write(table.render(width: width(), colour: colour) + "\n")
        case .stream(let produce): try produce(write)
        }
    }

    /// Typed errors describe themselves for people; anything else is named, never dumped.
    /// Whatever the message echoes of the input is made safe to print (`MessageText`).
    static func message(for error: any Error) -> String {
        MessageText.printable(unprintedMessage(for: error))
    }

    private static func unprintedMessage(for error: any Error) -> String {
        if let explained = StoreFailure.explain(error) { return explained }
        if let described = error as? any MusterError { return described.description }
        return "\(error.localizedDescription); nothing was changed"
    }
}
