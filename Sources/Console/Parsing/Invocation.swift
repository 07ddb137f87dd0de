import MusterCore

/// A parsed command line: the command, its positional arguments by name, and its options.
/// Typed accessors turn text into values and say what was expected when they cannot.
public struct Invocation: Sendable {
    public let spec: CommandSpec
    var arguments: [String: [String]]
    var options: [String: String]
    var flags: Set<String>

    public var wantsJSON: Bool { flags.contains("--json") }

    public func argument(_ name: String) -> String? { arguments[name]?.first }
    public func arguments(_ name: String) -> [String] { arguments[name] ?? [] }
    public func option(_ name: String) -> String? { options[name] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A required positional: the parser has already checked it is there.
    public func required(_ name: String) -> String { arguments[name]!.first! }

    public func int(_ name: String, atLeast minimum: Int? = nil) throws -> Int? {
        guard let text = options[name] else { return nil }
        guard let value = Int(text) else { throw UsageError.badValue(option: name, value: text, expected: "a whole number") }
        if let minimum, value < minimum {
            throw UsageError.badValue(option: name, value: text, expected: "a number of at least \(minimum)")
        }
        return value
    }

    public func decimal(_ name: String) throws -> Double? {
        guard let text = options[name] else { return nil }
        guard let value = Double(text), value.isFinite, (0...1000).contains(value) else {
            throw UsageError.badValue(option: name, value: text, expected: "a number of hours from 0 to 1000, e.g. 3 or 2.5")
        }
        return value
    }

    public func date(_ name: String, _ local: LocalTime) throws -> LocalDate? {
        try options[name].map { try local.parseDate($0) }
    }

    public func duration(_ name: String) throws -> Minutes? {
        try options[name].map { try Minutes(parsing: $0) }
    }

    public func choice<T>(_ name: String, _ parse: (String) throws -> T) throws -> T? {
        try options[name].map(parse)
    }
}
