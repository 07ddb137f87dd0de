import MusterCore

/// What kind of value an argument takes: it drives both Tab completion and the usage text.
public enum ValueKind: Sendable, Equatable {
    case text, number, decimal, date, time, duration, file, directory, url
    case course, session, learner, trainer, agency, command
    case choice([String])
}

public struct ArgumentSpec: Sendable {
    public let name: String
    public let kind: ValueKind
    public let optional: Bool
    /// Takes every remaining word (`attend SESSION LEARNER...`).
    public let repeating: Bool

    public static func required(_ name: String, _ kind: ValueKind) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: kind, optional: false, repeating: false)
    }
    public static func optional(_ name: String, _ kind: ValueKind) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: kind, optional: true, repeating: false)
    }
    public static func repeating(_ name: String, _ kind: ValueKind) -> ArgumentSpec {
        ArgumentSpec(name: name, kind: kind, optional: false, repeating: true)
    }
}

public struct OptionSpec: Sendable {
    public let name: String
    /// The placeholder in usage (`T`, `N`); nil for a flag that takes no value.
    public let value: String?
    public let kind: ValueKind
    public let summary: String
    /// The command cannot run without it (`session cancel --reason`).
    public var required = false

    public static func value(_ name: String, _ placeholder: String, _ kind: ValueKind, _ summary: String) -> OptionSpec {
        OptionSpec(name: name, value: placeholder, kind: kind, summary: summary)
    }
    public static func flag(_ name: String, _ summary: String) -> OptionSpec {
        OptionSpec(name: name, value: nil, kind: .text, summary: summary)
    }

    public var mandatory: OptionSpec {
        var option = self
        option.required = true
        return option
    }

    static let json = OptionSpec.flag("--json", "print one JSON document instead of the table")
}

public enum CommandSection: String, CaseIterable, Sendable {
    case catalogue = "Catalogue"
    case sessions = "Sessions"
    case people = "People"
    case booking = "Booking and attendance"
    case cpd = "CPD area and compliance"
    case evaluation = "Evaluation"
    case scheduler = "Scheduler and notifications"
    case reports = "Reports and exports"
    case accounts = "Accounts and audit"
    case general = "General"
}

/// One entry of the command table. Parsing, help, Tab completion and the role check all
/// read these declarations; nothing about a command is written twice.
public struct CommandSpec: Sendable {
    public typealias Run = @Sendable (Invocation, CommandContext) throws -> CommandOutput

    public let words: [String]
    public let arguments: [ArgumentSpec]
    public let options: [OptionSpec]
    public let roles: Set<ActingUser.Role>
    public let section: CommandSection
    public let summary: String
    let run: Run

    public init(_ words: String, _ arguments: [ArgumentSpec] = [], options: [OptionSpec] = [],
                roles: Set<ActingUser.Role>, section: CommandSection, summary: String,
                showsData: Bool = false, run: @escaping Run) {
        self.words = words.split(separator: " ").map(String.init)
        self.arguments = arguments
        self.options = options + (showsData ? [OptionSpec.json] : [])
        self.roles = roles
        self.section = section
        self.summary = summary
        self.run = run
    }

    public var name: String { words.joined(separator: " ") }

    public var showsData: Bool { options.contains { $0.name == "--json" } }

    public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

extension Set where Element == ActingUser.Role {
    static let everyone: Set<ActingUser.Role> = [.learner, .trainer, .admin]
    static let staff: Set<ActingUser.Role> = [.trainer, .admin]
    static let admins: Set<ActingUser.Role> = [.admin]
}
