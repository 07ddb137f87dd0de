import Testing
@testable import Console
import MusterCore

@Suite struct CommandParserTests {
    let parser = CommandParser(table: .standard, role: .admin)

    @Test func aCommandBindsItsArgumentsAndOptions() throws {
        let invocation = try parser.parse(["session", "add", "hate-crime", "2027-05-04", "09:30", "--capacity=12", "--venue", "Civic Centre"])
        #expect(invocation.spec.name == "session add")
        #expect(invocation.required("COURSE") == "hate-crime")
        #expect(invocation.required("TIME") == "09:30")
        #expect(invocation.option("--capacity") == "12")
        #expect(invocation.option("--venue") == "Civic Centre")
    }

    @Test func anUnknownCommandSuggestsTheNearest() {
        #expect(throws: UsageError.unknownCommand("sesions", suggestions: ["sessions", "session"])) {
            try parser.parse(["sesions"])
        }
    }

    @Test func aGroupWithoutItsSubcommandListsThem() {
        #expect(throws: UsageError.missingSubcommand(group: "session", choices: ["show", "add", "edit", "cancel", "complete"])) {
            try parser.parse(["session"])
        }
        #expect(throws: UsageError.unknownSubcommand(group: "session", word: "shwo", choices: ["show", "add", "edit", "cancel", "complete"],
                                                     suggestions: ["show"])) {
            try parser.parse(["session", "shwo", "s101"])
        }
        #expect(UsageError.unknownSubcommand(group: "session", word: "shwo", choices: [], suggestions: ["show"]).description
                == "unknown command 'session shwo'; did you mean session show?")
    }

    @Test func missingAndExtraArgumentsShowTheUsage() {
        #expect(throws: UsageError.missingArgument("TIME", usage: Usage.line(CommandTable.standard.specs.first { $0.name == "session add" }!))) {
            try parser.parse(["session", "add", "hate-crime", "2027-05-04"])
        }
        #expect(throws: UsageError.self) { try parser.parse(["course", "show", "a", "b"]) }
    }

    @Test func anUnknownOptionSuggestsTheNearest() {
        #expect(throws: UsageError.unknownOption("--capasity", command: "session add", suggestions: ["--capacity"])) {
            try parser.parse(["session", "add", "x", "2027-05-04", "09:30", "--capasity", "3"])
        }
        #expect(throws: UsageError.repeatedOption("--venue")) {
            try parser.parse(["session", "add", "x", "2027-05-04", "09:30", "--venue", "a", "--venue", "b"])
        }
    }

    @Test func anOptionMissingItsValueDoesNotSwallowTheNextOption() {
        #expect(throws: UsageError.missingValue(option: "--name", placeholder: "T",
                                                usage: Usage.line(CommandTable.standard.specs.first { $0.name == "learner edit" }!))) {
            try parser.parse(["learner", "edit", "P1", "--name", "--json"])
        }
        #expect((try? parser.parse(["learner", "edit", "P1", "--name=--json"]))?.option("--name") == "--json")
    }

    @Test func requiredOptionsAreRequired() {
        #expect(throws: UsageError.self) { try parser.parse(["learner", "add", "P1", "--name", "A"]) }
        #expect(throws: UsageError.self) { try parser.parse(["course", "add", "x", "--title", "X"]) }
    }

    @Test func aLearnerCannotReachStaffCommands() {
        let learner = CommandParser(table: .standard, role: .learner)
        #expect(throws: UsageError.notPermitted("learners")) { try learner.parse(["learners"]) }
        #expect(throws: UsageError.notPermitted("import")) { try learner.parse(["import", "courses"]) }
        #expect((try? learner.parse(["courses"])) != nil)
    }

    @Test func everyCommandDeclaresWhoMayRunIt() {
        for spec in CommandTable.standard.specs {
            #expect(!spec.roles.isEmpty, "\(spec.name) names no role")
            #expect(spec.roles.contains(.admin), "the local operator (admin) cannot run \(spec.name)")
        }
    }

    /// Found by the fuzz test: `--to=` followed by a combining mark was not split at the `=`.
    @Test func anInlineValueMayStartWithACombiningMark() throws {
        let invocation = try parser.parse(["sessions", "--to=\u{301}2027-03-30"])
        #expect(invocation.option("--to") == "\u{301}2027-03-30")
    }

    @Test func aFlagGivenAValueSaysItTakesNone() {
        #expect(throws: UsageError.valueForFlag("--json", usage: Usage.line(CommandTable.standard.specs.first { $0.name == "courses" }!))) {
            try parser.parse(["courses", "--json=x"])
        }
        #expect(UsageError.valueForFlag("--json", usage: "courses").description == "--json takes no value: write it alone\nusage: courses")
    }
}

@Suite struct CommandTableReachTests {
    /// The parser reads one or two command words; a longer name could never be typed.
    @Test func everyCommandInTheTableCanBeReachedByItsWords() throws {
        let parser = CommandParser(table: .standard, role: .admin)
        for spec in CommandTable.standard.specs {
            #expect(spec.words.count <= 2, "\(spec.name)")
            let (resolved, _) = try parser.resolve(spec.words)
            #expect(resolved.name == spec.name)
        }
    }
}
