import Foundation
import Testing
@testable import Console
import MusterCore

/// The tokenizer and the command parser under hundreds of thousands of seeded random and
/// mutated command lines (`CommandLineMutator`): whatever arrives, a line is either parsed or refused with a
/// `UsageError` (the typed throws make any other error a compile error), and the refusal reads
/// well. `MUSTER_FUZZ_INPUTS` runs more lines locally; `MUSTER_FUZZ_SEED` another sequence.
@Suite struct CommandLineFuzzTests {
    /// 300,000 lines, in two streams run side by side, take about 20 seconds of a debug build
    /// on two idle cores (0.13 ms a line) and under a minute on the shared test machine
    /// under other builds; `MUSTER_FUZZ_INPUTS=5000000` is the longer local run.
    static let inputs = ProcessInfo.processInfo.environment["MUSTER_FUZZ_INPUTS"].flatMap { Int($0) } ?? 300_000
    static let baseSeed = ProcessInfo.processInfo.environment["MUSTER_FUZZ_SEED"].flatMap { UInt64($0) } ?? 10
    static let streams: [UInt64] = [0, 1]
    /// No line may take this long: far beyond any honest parse of 100,000 characters, so only
    /// a hang (a loop that does not end, or work that grows faster than the line) reaches it.
    static let hang: Duration = .seconds(5)
    /// A refusal says what was wrong in a few lines, however long the line was.
    static let longestMessage = 2_000
    /// The test process's peak memory may not pass this: a parser that kept even a kilobyte
    /// of every line would, two million lines in (some of them 100,000 characters long).
    static let peakMemoryKiB = 2 << 20

    static let roles: [ActingUser.Role] = [.admin, .trainer, .learner]

    @Test(arguments: streams)
    func everyLineIsParsedOrRefusedWithAClearMessageAndNeverHangs(stream: UInt64) {
        // Given lines mutated from the command table's own commands, half of them per stream
        let seed = Self.baseSeed + stream, count = Self.inputs / Self.streams.count
        var mutator = CommandLineMutator(seed: seed)
        let parsers = Self.roles.map { CommandParser(table: .standard, role: $0) }
        var parsed = 0, refused = 0, problems = 0
        var slowest: (index: Int, time: Duration, length: Int) = (0, .zero, 0)
        let clock = ContinuousClock()
        let started = clock.now
        for index in 0..<count {
            // When each is read as a terminal or script delivers it (invalid UTF-8 repaired)
            let line = String(decoding: mutator.next(), as: UTF8.self)
            let before = clock.now
            let verdict = Self.verdict(on: line, parser: parsers[index % parsers.count])
            let took = clock.now - before
            if took > slowest.time { slowest = (index, took, line.unicodeScalars.count) }
            // Then it was parsed and round-trips, or refused with a clear message, in bounded time
            switch verdict {
            case .parsed: parsed += 1
            case .refused: refused += 1
            case .problem(let problem):
                problems += 1
                if problems <= 10 {
                    Issue.record("seed \(seed), line \(index): \(problem)\nline: \(Self.shown(line))")
                }
            }
            if took > Self.hang {
                Issue.record("seed \(seed), line \(index) took \(took): \(Self.shown(line))")
            }
        }
        print("""
            fuzzed \(count) command lines (seed \(seed)) in \(clock.now - started): \
            \(parsed) parsed, \(refused) refused, \(problems) problems; slowest line \(slowest.index) \
            (\(slowest.length) characters) took \(slowest.time)
            """)
        #expect(problems == 0)
        #expect(parsed > count / 100, "the mutations should leave some lines valid")
        let peak = Self.peakResidentKiB()
        print("peak resident memory of the test process after \(count) lines: \(peak / 1024) MiB")
        #expect(peak > 0 && peak < Self.peakMemoryKiB, "the test process peaked at \(peak / 1024) MiB")
    }

    /// The most memory this process has held, from Linux's own account (`VmHWM`).
    static func peakResidentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.filter(\.isNumber)) ?? 0
    }

    enum Verdict { case parsed, refused, problem(String) }

    static func verdict(on line: String, parser: CommandParser) -> Verdict {
        do {
            let words = try Tokenizer.words(line)
            let wordsLength = words.reduce(0) { $0 + $1.unicodeScalars.count }
            if wordsLength > line.unicodeScalars.count { return .problem("\(wordsLength) characters of words from a shorter line") }
            if words.isEmpty { return .parsed }
            let invocation = try parser.parse(words)
            return roundTrip(words, invocation, parser: parser).map(Verdict.problem) ?? .parsed
        } catch {
            return judge(Interpreter.message(for: error), of: line).map(Verdict.problem) ?? .refused
        }
    }

    /// What a person reads must be theirs to act on: never empty, never a dump of Swift's
    /// types, nothing that drives the terminal, short, and saying what was expected.
    static func judge(_ message: String, of line: String) -> String? {
        if let problem = judgeText(message, of: line) { return problem }
        if message.unicodeScalars.count > longestMessage {
            return "a message of \(message.unicodeScalars.count) characters: \(shown(String(message.prefix(300))))…"
        }
        let guidance = ["usage:", "did you mean", "type help", "try: help", "needs one of", "takes:", "not closed",
                        "given twice", "not permitted"]
        if !guidance.contains(where: message.contains) { return "the message does not say what was expected: \(shown(message))" }
        return nil
    }

    /// Any message: not empty, no dump of Swift's types or a crash, nothing that drives the
    /// terminal. (What the line itself held may be echoed.)
    static func judgeText(_ message: String, of line: String = "") -> String? {
        if message.isEmpty { return "an empty message" }
        for dump in ["Optional(", "Swift.", "UsageError", "Error(", "Fatal error", "Stack dump", "0x0", "DatabaseError", "SQLite error"]
        where message.contains(dump) && !line.contains(dump) {
            return "the message shows '\(dump)': \(shown(message))"
        }
        if message.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || (0x7F...0x9F).contains($0.value) }) {
            return "the message carries control characters: \(shown(message))"
        }
        return nil
    }

    /// A parsed line means the same written back: its words quoted re-tokenize to themselves,
    /// and the invocation written canonically (options inline, `--` before the arguments)
    /// parses to the same command, arguments, options and flags.
    static func roundTrip(_ words: [String], _ invocation: Invocation, parser: CommandParser) -> String? {
        let requoted = words.map(quoted).joined(separator: " ")
        guard let again = try? Tokenizer.words(requoted), again == words else {
            return "the words do not survive quoting: \(words.map(shown)) → \(shown(requoted))"
        }
        let spec = invocation.spec
        let positionals = spec.arguments.flatMap { invocation.arguments($0.name) }
        let canonical = spec.words
            + invocation.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + invocation.flags.sorted()
            + (positionals.isEmpty ? [] : ["--"] + positionals)
        do {
            let reparsed = try parser.parse(canonical)
            guard reparsed.spec.name == spec.name, reparsed.arguments == invocation.arguments,
                  reparsed.options == invocation.options, reparsed.flags == invocation.flags
            else { return "written back as \(canonical.map(shown)) it parses differently" }
            return nil
        } catch {
            return "written back as \(canonical.map(shown)) it is refused: \(error)"
        }
    }

    /// Double quotes with `\` before `"` and `\`: the tokenizer's own rules, inverted.
    static func quoted(_ word: String) -> String {
        var result = String.UnicodeScalarView(["\""])
        for scalar in word.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { result.append("\\") }
            result.append(scalar)
        }
        result.append("\"")
        return String(result)
    }

    /// A line as a failure report can show it: control characters spelled out, cut short.
    static func shown(_ text: String) -> String {
        let visible = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\x\(String($0.value, radix: 16))" : String($0) }.joined()
        return visible.count > 400 ? String(visible.prefix(400)) + "…(\(text.unicodeScalars.count) characters)" : visible
    }
}
