import Foundation
import MusterCore

/// Tab completion, read from the command table: command words, sub-commands, option
/// names, and values by the kind each argument declares (course, session, learner ids…).
public struct Completer: Sendable {
    public typealias Lookup = @Sendable (ValueKind, String) -> [String]

    let table: CommandTable
    let role: ActingUser.Role
    /// Ids and names from the database for a value kind and a typed prefix.
    let lookup: Lookup

    public init(table: CommandTable, role: ActingUser.Role, lookup: @escaping Lookup) {
        self.table = table; self.role = role; self.lookup = lookup
    }

    /// Candidates for `word`, the partial word at the cursor, given the line before it.
    public func candidates(before: String, word: String) -> [String] {
        var (tokens, openQuote) = Tokenizer.scan(before)
        if openQuote != nil, let last = tokens.last, last.text.isEmpty { tokens.removeLast() }
        let words = tokens.map(\.text)
        return Self.matching(word, in: options(after: words, word: word))
    }

    private func options(after words: [String], word: String) -> [String] {
        guard let first = words.first?.lowercased() else { return table.firstWords(for: role) }
        if words.count == 1 {
            let subcommands = table.subcommands(of: first, for: role)
            if !subcommands.isEmpty {
                let single = table.available(to: role).first { $0.words == [first] }
                return subcommands + (single.map { values(for: $0, after: [], word: word) } ?? [])
            }
        }
        guard let (spec, rest) = try? CommandParser(table: table, role: role).resolve(words) else { return [] }
        return values(for: spec, after: Array(rest), word: word)
    }

    private func values(for spec: CommandSpec, after rest: [String], word: String) -> [String] {
        if let previous = rest.last, let option = spec.option(named: previous), option.value != nil {
            return values(of: option.kind, word: word)
        }
        if word.hasPrefix("-") {
            let used = Set(rest.filter { $0.hasPrefix("--") })
            return spec.options.map(\.name).filter { !used.contains($0) }
        }
        var position = 0, index = 0
        while index < rest.count {
            if let option = spec.option(named: rest[index]) { index += option.value == nil ? 1 : 2; continue }
            position += 1; index += 1
        }
        if spec.words == ["help"] {
            return position == 0 ? table.firstWords(for: role) : table.subcommands(of: rest[0].lowercased(), for: role)
        }
        let argument = position < spec.arguments.count ? spec.arguments[position] : spec.arguments.last.flatMap { $0.repeating ? $0 : nil }
        guard let argument else { return [] }
        return values(of: argument.kind, word: word)
    }

    private func values(of kind: ValueKind, word: String) -> [String] {
        switch kind {
        case .choice(let choices): choices
        case .file, .directory: Self.paths(word, directoriesOnly: kind == .directory)
        case .course, .session, .learner, .trainer, .agency: lookup(kind, word)
        default: []
        }
    }

    static func matching(_ word: String, in candidates: [String]) -> [String] {
        let lower = word.lowercased()
        var seen: Set<String> = []
        return candidates.filter { $0.lowercased().hasPrefix(lower) && seen.insert($0).inserted }
    }

    static func paths(_ word: String, directoriesOnly: Bool) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folder = slash.map { String(word[...$0]) } ?? ""
        let listed = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (listed as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            if directoriesOnly && !isDirectory.boolValue { return nil }
            return folder + name + (isDirectory.boolValue ? "/" : "")
        }
    }

    /// Completion for whoever the context acts as: their role's commands, and what they may name.
    public static func acting(in context: CommandContext) -> Completer {
        Completer(table: context.table, role: context.actor.role, lookup: databaseLookup(context))
    }

    /// The standard lookup: ids from the database through the services.
    public static func databaseLookup(_ context: CommandContext) -> Lookup {
        { kind, prefix in
            let found: [String]?
            switch kind {
            case .course: found = try? context.catalogue.courseIDs()
            case .session: found = try? context.schedule.sessionIDs(startingWith: prefix)
            case .learner: found = try? context.people.learnerIDs(startingWith: prefix)
            case .trainer: found = try? context.schedule.trainerIDs()
            case .agency: found = try? context.people.agencyNames()
            default: found = nil
            }
            return found ?? []
        }
    }
}
