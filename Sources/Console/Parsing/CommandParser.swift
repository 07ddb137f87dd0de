import MusterCore

/// Matches words against the command table and binds them to a command's declared
/// arguments and options.
public struct CommandParser: Sendable {
    public let table: CommandTable
    public let role: ActingUser.Role

    public init(table: CommandTable, role: ActingUser.Role) {
        self.table = table; self.role = role
    }

    public func parse(_ words: [String]) throws(UsageError) -> Invocation {
        let (spec, rest) = try resolve(words)
        return try bind(rest, to: spec)
    }

    /// Finds the command the first one or two words name. A command the role may not run is
    /// refused the same way whether or not it exists elsewhere in the table.
    public func resolve(_ words: [String]) throws(UsageError) -> (CommandSpec, ArraySlice<String>) {
        guard let first = words.first?.lowercased() else { throw UsageError.unknownCommand("", suggestions: []) }
        // A command this role may not run, typed in full: refused plainly, not offered
        // alternatives, and not read as `cpd LEARNER` with "profile" for the learner.
        if words.count >= 2, let spec = table.spec(words: [first, words[1].lowercased()]) {
            guard spec.roles.contains(role) else { throw UsageError.notPermitted(first) }
            return (spec, words.dropFirst(2))
        }
        if let spec = table.spec(words: [first]) {
            guard spec.roles.contains(role) else { throw UsageError.notPermitted(first) }
            return (spec, words.dropFirst(1))
        }
        let available = table.available(to: role)
        let subcommands = available.filter { $0.words.count == 2 && $0.words[0] == first }.map { $0.words[1] }
        if !subcommands.isEmpty {
            guard words.count >= 2 else { throw UsageError.missingSubcommand(group: first, choices: subcommands) }
            throw UsageError.unknownSubcommand(group: first, word: words[1], choices: subcommands,
                                               suggestions: NearMatch.suggestions(for: words[1], among: subcommands, limit: 2))
        }
        if table.specs.contains(where: { $0.words.first == first }) { throw UsageError.notPermitted(first) }
        let suggestions = NearMatch.suggestions(for: first, among: table.firstWords(for: role), limit: 2)
        throw UsageError.unknownCommand(words[0], suggestions: suggestions)
    }

    func bind(_ words: ArraySlice<String>, to spec: CommandSpec) throws(UsageError) -> Invocation {
        var usage: String { Usage.line(spec) }
        var positionals: [String] = []
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var index = words.startIndex
        var optionsEnded = false
        while index < words.endIndex {
            let word = words[index]
            index += 1
            guard !optionsEnded, Self.isOption(word) else {
                positionals.append(word)
                continue
            }
            if word == "--" { optionsEnded = true; continue }
            var name = word, inlineValue: String?
            if let equals = word.unicodeScalars.firstIndex(of: "=") {
                name = String(word.unicodeScalars[..<equals])
                inlineValue = String(word.unicodeScalars[word.unicodeScalars.index(after: equals)...])
            }
            guard let option = spec.option(named: name) else {
                let suggestions = NearMatch.suggestions(for: name, among: spec.options.map(\.name), limit: 2)
                throw UsageError.unknownOption(name, command: spec.name, suggestions: suggestions)
            }
            if options[name] != nil || flags.contains(name) { throw UsageError.repeatedOption(name) }
            if let placeholder = option.value {
                if let inlineValue {
                    options[name] = inlineValue
                } else if index < words.endIndex, !Self.looksLikeOption(words[index]) {
                    options[name] = words[index]
                    index += 1
                } else {
                    throw UsageError.missingValue(option: name, placeholder: placeholder, usage: usage)
                }
            } else {
                if inlineValue != nil { throw UsageError.valueForFlag(name, usage: usage) }
                flags.insert(name)
            }
        }
        let missing = spec.options.filter { $0.required && options[$0.name] == nil }.map(\.name)
        if !missing.isEmpty { throw UsageError.missingArgument(missing.joined(separator: ", "), usage: usage) }
        var arguments: [String: [String]] = [:]
        var remaining = positionals[...]
        for argument in spec.arguments {
            if argument.repeating {
                if remaining.isEmpty && !argument.optional { throw UsageError.missingArgument(argument.name, usage: usage) }
                arguments[argument.name] = Array(remaining)
                remaining = []
            } else if let value = remaining.first {
                arguments[argument.name] = [value]
                remaining = remaining.dropFirst()
            } else if !argument.optional {
                throw UsageError.missingArgument(argument.name, usage: usage)
            }
        }
        if let extra = remaining.first { throw UsageError.unexpectedArgument(extra, usage: usage) }
        return Invocation(spec: spec, arguments: arguments, options: options, flags: flags)
    }

    /// `--name --json` means the value was forgotten; a value that really starts with two
    /// hyphens is written `--name=--json`.
    static func looksLikeOption(_ word: String) -> Bool {
        isOption(word) && word.unicodeScalars.count > 2
    }

    /// Read in Unicode scalars, as the tokenizer reads: a combining mark after a hyphen or
    /// an `=` must not hide it.
    static func isOption(_ word: String) -> Bool {
        word.unicodeScalars.starts(with: "--".unicodeScalars)
    }
}
