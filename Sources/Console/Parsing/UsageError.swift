import MusterCore

/// A command line that does not fit the command table. Each case carries what the person
/// needs to correct it: the nearest command, the expected form, the usage line.
public enum UsageError: Error, Equatable, CustomStringConvertible {
    case unterminatedQuote(Character)
    case unknownCommand(String, suggestions: [String])
    case unknownSubcommand(group: String, word: String, choices: [String], suggestions: [String])
    case missingSubcommand(group: String, choices: [String])
    case unknownOption(String, command: String, suggestions: [String])
    case missingValue(option: String, placeholder: String, usage: String)
    case missingArgument(String, usage: String)
    case unexpectedArgument(String, usage: String)
    case repeatedOption(String)
    /// `--json=x`: a flag given a value.
    case valueForFlag(String, usage: String)
    case badValue(option: String, value: String, expected: String)
    case conflictingOptions(String, String)
    case notPermitted(String)

    public var description: String {
        switch self {
        case .unterminatedQuote(let quote):
            "unterminated quote: a \(quote) was opened but not closed"
        case .unknownCommand(let word, let suggestions):
            "unknown command '\(word)'" + (suggestions.isEmpty ? "; type help for the list" : "; did you mean \(suggestions.joined(separator: " or "))?")
        case .unknownSubcommand(let group, let word, let choices, let suggestions):
            "unknown command '\(group) \(word)'; "
                + (suggestions.isEmpty ? "\(group) takes: \(choices.joined(separator: ", "))"
                    : "did you mean \(suggestions.map { "\(group) \($0)" }.joined(separator: " or "))?")
        case .missingSubcommand(let group, let choices):
            "\(group) needs one of: \(choices.joined(separator: ", ")) (try: help \(group))"
        case .unknownOption(let option, let command, let suggestions):
            "\(command) has no option \(option)" + (suggestions.isEmpty ? "; try: help \(command)" : "; did you mean \(suggestions.joined(separator: " or "))?")
        case .missingValue(let option, let placeholder, let usage):
            "\(option) needs a value (\(placeholder))\nusage: \(usage)"
        case .missingArgument(let name, let usage):
            "missing \(name)\nusage: \(usage)"
        case .unexpectedArgument(let word, let usage):
            "unexpected argument '\(word)'\nusage: \(usage)"
        case .valueForFlag(let option, let usage):
            "\(option) takes no value: write it alone\nusage: \(usage)"
        case .repeatedOption(let option):
            "\(option) is given twice"
        case .badValue(let option, let value, let expected):
            "\(option): '\(value)' is not \(expected)"
        case .conflictingOptions(let a, let b):
            "\(a) and \(b) cannot be used together"
        case .notPermitted(let command):
            "\(command): not permitted"
        }
    }
}
extension UsageError: MusterError {}
