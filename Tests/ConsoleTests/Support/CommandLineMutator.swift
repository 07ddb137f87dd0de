import Console
import MusterCore

/// Command lines for fuzzing the tokenizer and parser: real lines written from the command
/// table (every command with a plausible value for each argument and option), then mutated
/// the ways hostile or broken input arrives: flipped and random bytes, quotes and backslashes
/// where they do not belong, cut short, two lines spliced, huge words, invalid UTF-8, control
/// characters and NULs. Drawn from `SeededGenerator`, so a seed gives the same lines on every
/// machine and a failure can be replayed from the seed and index it reports.
struct CommandLineMutator {
    private var generator: SeededGenerator
    let seeds: [[UInt8]]

    init(seed: UInt64, table: CommandTable = .standard) {
        generator = SeededGenerator(seed: seed)
        seeds = Self.realLines(table).map { Array($0.utf8) }
    }

    /// Every command in the table, written out with sample values, with and without options.
    static func realLines(_ table: CommandTable) -> [String] {
        var lines: [String] = []
        for spec in table.specs {
            let positional = spec.arguments.map { sample($0.kind) }
            let options = spec.options.map { option in option.value == nil ? option.name : option.name + " " + sample(option.kind) }
            lines.append((spec.words + positional).joined(separator: " "))
            lines.append((spec.words + positional + options).joined(separator: " "))
            lines.append((spec.words + options.reversed() + positional).joined(separator: " "))
        }
        return lines + ["help session add", "quit", "# a comment", #"course add x --title "a \"quoted\" title" --note 'it''s'"#]
    }

    static func sample(_ kind: ValueKind) -> String {
        switch kind {
        case .text: #""Hate Crime""#
        case .number: "12"
        case .decimal: "2.5"
        case .date: "2027-03-30"
        case .time: "09:30"
        case .duration: "1h30m"
        case .file: "spring.csv"
        case .directory: "Courses"
        case .url: "https://meet.example/abc"
        case .course: "hate-crime"
        case .session: "s101"
        case .learner: "P1002"
        case .trainer: "jsmith"
        case .agency: "police"
        case .command: "session"
        case .choice(let choices): choices.first ?? "x"
        }
    }

    /// The next line's bytes: usually a real line under one to four mutations, sometimes
    /// pure noise, and one in ten thousand holding a word of up to 100,000 characters.
    mutating func next() -> [UInt8] {
        if generator.below(50) == 0 { return noise(length: generator.below(200)) }
        var line = generator.pick(seeds)
        for _ in 0..<generator.between(1, 4) { mutate(&line) }
        if generator.below(10_000) == 0 {
            let huge = [UInt8](repeating: generator.pick(Array("x-\"' ".utf8)), count: generator.between(10_000, 100_000))
            line.insert(contentsOf: huge, at: generator.below(line.count + 1))
        }
        return line
    }

    private static let syntax: [[UInt8]] = ["\"", "'", "\\", "#", " ", "\t", "=", "--", "--=", "-- ", "\"\"", "''", "\\\"", "=--json"]
        .map { Array($0.utf8) }
    private static let invalidUTF8: [[UInt8]] = [[0xFF], [0xFE], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F]]
    private static let unicode: [[UInt8]] = ["\u{301}", "\u{00A0}", "\u{202E}", "\u{FEFF}", "😀", "é", "\u{200B}", "ﬁ", "İ"]
        .map { Array($0.utf8) }
    private static let controls: [[UInt8]] = [[0], [0x1B, 0x5B, 0x32, 0x4A], [0x1B, 0x5D, 0x30, 0x3B, 0x78, 0x07], [0x07], [0x08], [0x0D], [0x0A], [0x7F], [0xC2, 0x9B]]

    private mutating func mutate(_ line: inout [UInt8]) {
        let at = generator.below(line.count + 1)
        switch generator.below(100) {
        case 0..<15:  // a byte flipped or replaced
            guard !line.isEmpty else { fallthrough }
            let index = generator.below(line.count)
            line[index] = generator.chance(50) ? line[index] ^ UInt8(1 << generator.below(8)) : UInt8(generator.below(256))
        case 15..<35: line.insert(contentsOf: generator.pick(Self.syntax), at: at)
        case 35..<45: line.removeSubrange(at...)
        case 45..<55:
            let other = generator.pick(seeds)
            line = Array(line[..<at]) + other[generator.below(other.count + 1)...]
        case 55..<63: line.insert(contentsOf: generator.pick(Self.invalidUTF8), at: at)
        case 63..<71: line.insert(contentsOf: generator.pick(Self.controls), at: at)
        case 71..<77: line.insert(contentsOf: generator.pick(Self.unicode), at: at)
        case 77..<85:  // a word repeated, dropped or moved
            var words = line.split(separator: 0x20, omittingEmptySubsequences: false).map(Array.init)
            guard words.count > 1 else { fallthrough }
            let index = generator.below(words.count)
            switch generator.below(3) {
            case 0: words.insert(words[index], at: generator.below(words.count + 1))
            case 1: words.remove(at: index)
            default: words.swapAt(index, generator.below(words.count))
            }
            var joined: [UInt8] = []
            for (index, word) in words.enumerated() { joined += index == 0 ? word : [0x20] + word }
            line = joined
        case 85..<90: line.insert(contentsOf: noise(length: generator.between(1, 16)), at: at)
        default:  // a long word: an option or value pasted many times
            let unit = generator.pick(Self.syntax + Self.unicode + [Array("x".utf8), Array("--json".utf8), Array("s101 ".utf8)])
            var block: [UInt8] = []
            for _ in 0..<generator.between(10, 300) { block += unit }
            line.insert(contentsOf: block, at: at)
        }
    }

    private mutating func noise(length: Int) -> [UInt8] {
        (0..<length).map { _ in UInt8(generator.below(256)) }
    }
}
