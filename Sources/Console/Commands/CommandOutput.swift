import MusterCore
import Reports

/// What a command shows: something for people and, for commands that show data, the same
/// data as JSON for scripts (`--json`).
public struct CommandOutput: Sendable {
    public enum Human: Sendable {
        case none
        case text(String)
        case table(Table)
        /// Written piece by piece as it is produced, for exports of any size.
        case stream(@Sendable (_ write: (String) throws -> Void) throws -> Void)
    }

    public var human: Human
    /// The same data for scripts, made only when `--json` asks: building it for every
    /// listing (dates written out, cut-offs worked out, row by row) cost more than the query.
    private let makeJSON: @Sendable () -> JSONValue?
    public var json: JSONValue? { makeJSON() }
    /// Who works from the next command on, when the command changed it (`login`, `logout`).
    public var identity: IdentityChange?

    public enum IdentityChange: Sendable, Equatable {
        case logIn(ActingUser)
        case logOut
    }

    public init(_ human: Human, json: @autoclosure @escaping @Sendable () -> JSONValue? = nil, identity: IdentityChange? = nil) {
        self.human = human; self.makeJSON = json; self.identity = identity
    }

    public static let none = CommandOutput(.none)
    public static func text(_ text: String) -> CommandOutput { CommandOutput(.text(text)) }
}
