import MusterCore

/// Usage and help text, written from the command table's declarations.
public enum Usage {
    /// `session add COURSE DATE TIME [--duration D] …`
    public static func line(_ spec: CommandSpec) -> String {
        var parts = [spec.name]
        for argument in spec.arguments {
            let name = argument.repeating ? argument.name + "..." : argument.name
            parts.append(argument.optional ? "[\(name)]" : name)
        }
        for option in spec.options {
            let text = option.value.map { "\(option.name) \($0)" } ?? option.name
            parts.append(option.required ? text : "[\(text)]")
        }
        return parts.joined(separator: " ")
    }

    /// The whole help for one command: usage, summary, what each option does.
    public static func detail(_ spec: CommandSpec) -> String {
        var lines = ["usage: " + line(spec), "", spec.summary]
        let choices = spec.arguments.compactMap { argument -> String? in
            if case .choice(let values) = argument.kind { return "  \(argument.name): \(values.joined(separator: ", "))" }
            return nil
        }
        lines += choices
        if !spec.options.isEmpty {
            lines.append("")
            lines.append("options:")
            let width = spec.options.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
            for option in spec.options {
                let label = option.name + (option.value.map { " " + $0 } ?? "")
                var text = "  " + label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + option.summary
                if case .choice(let values) = option.kind { text += " (\(values.joined(separator: ", ")))" }
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The command list for a role, grouped by section.
    public static func overview(_ table: CommandTable, role: ActingUser.Role) -> String {
        let specs = table.available(to: role)
        let width = specs.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for section in CommandSection.allCases {
            let inSection = specs.filter { $0.section == section }
            guard !inSection.isEmpty else { continue }
            if !lines.isEmpty { lines.append("") }
            lines.append(section.rawValue + ":")
            for spec in inSection {
                lines.append("  " + spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.summary)
            }
        }
        lines.append("")
        lines.append("Type help COMMAND for its arguments and options; Tab completes words and ids.")
        return lines.joined(separator: "\n")
    }

    /// `help session` lists the group; `help session add` shows one command.
    public static func help(for words: [String], table: CommandTable, role: ActingUser.Role) throws(UsageError) -> String {
        guard !words.isEmpty else { return overview(table, role: role) }
        let parser = CommandParser(table: table, role: role)
        let available = table.available(to: role)
        let group = available.filter { $0.words.first == words[0].lowercased() }
        if words.count == 1, group.count > 1 || (group.count == 1 && group[0].words.count == 2) {
            return group.map { Usage.line($0) + "\n    " + $0.summary }.joined(separator: "\n")
        }
        let (spec, _) = try parser.resolve(words)
        return detail(spec)
    }
}
