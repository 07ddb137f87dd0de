import MusterCore

/// Every command Muster understands, in the order `help` lists them.
public struct CommandTable: Sendable {
    public let specs: [CommandSpec]

    public init(_ specs: [CommandSpec]) { self.specs = specs }

    public static let standard = CommandTable(
        CatalogueCommands.specs + ScheduleCommands.specs + PeopleCommands.specs + BookingCommands.specs
            + AttendanceCommands.specs + CPDCommands.specs + ComplianceCommands.specs + EvaluationCommands.specs
            + SchedulerCommands.specs
            + ExportCommands.specs + ReportCommands.specs + DataProtectionCommands.specs + AccountCommands.specs + AuditCommands.specs
            + DemoCommands.specs
            + GeneralCommands.specs)

    public func available(to role: ActingUser.Role) -> [CommandSpec] {
        specs.filter { $0.roles.contains(role) }
    }

    public func firstWords(for role: ActingUser.Role) -> [String] {
        var seen: Set<String> = []
        return available(to: role).compactMap { seen.insert($0.words[0]).inserted ? $0.words[0] : nil }
    }

    public func subcommands(of group: String, for role: ActingUser.Role) -> [String] {
        available(to: role).filter { $0.words.count == 2 && $0.words[0] == group }.map { $0.words[1] }
    }
}
