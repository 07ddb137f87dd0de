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
    public var json: JSONValue?

    public init(_ human: Human, json: JSONValue? = nil) {
        self.human = human; self.json = json
    }

    public static let none = CommandOutput(.none)
    public static func text(_ text: String) -> CommandOutput { CommandOutput(.text(text)) }
}
