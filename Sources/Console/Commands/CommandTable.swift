import MusterCore

/// Every command Muster understands, in the order `help` lists them.
public struct CommandTable: Sendable {
    public let specs: [CommandSpec]
    /// Looked up on every line typed (and a million times a run by the fuzz test), so each
    /// role's commands and each command's words are indexed once, not searched each time.
    private let byRole: [ActingUser.Role: [CommandSpec]]
    private let byWords: [[String]: CommandSpec]

    public init(_ specs: [CommandSpec]) {
        self.specs = specs
        byRole = Dictionary(uniqueKeysWithValues: ActingUser.Role.allCases.map { role in (role, specs.filter { $0.roles.contains(role) }) })
        byWords = Dictionary(specs.map { ($0.words, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static let standard = CommandTable(
        CatalogueCommands.specs + ScheduleCommands.specs + PeopleCommands.specs + BookingCommands.specs
            + AttendanceCommands.specs + CPDCommands.specs + ComplianceCommands.specs + EvaluationCommands.specs
            + SchedulerCommands.specs
            + ExportCommands.specs + ReportCommands.specs + DataProtectionCommands.specs + AccountCommands.specs + AuditCommands.specs
            + DemoCommands.specs
            + GeneralCommands.specs)

    public func available(to role: ActingUser.Role) -> [CommandSpec] {
        byRole[role] ?? []
    }

    /// The command these words name (`["session", "add"]`), whoever may run it.
    public func spec(words: [String]) -> CommandSpec? {
        byWords[words]
    }

    public func firstWords(for role: ActingUser.Role) -> [String] {
        var seen: Set<String> = []
        return available(to: role).compactMap { seen.insert($0.words[0]).inserted ? $0.words[0] : nil }
    }

    public func subcommands(of group: String, for role: ActingUser.Role) -> [String] {
        available(to: role).filter { $0.words.count == 2 && $0.words[0] == group }.map { $0.words[1] }
    }
}
