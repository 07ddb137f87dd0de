import Testing
@testable import Console
import MusterCore

/// Every command of the table, walked once per role: the ones the role may run are in its
/// help and its Tab completion and reach the command; the rest are nowhere to be seen and
/// refused as "not permitted" before anything runs.
@Suite struct RoleWalkTests {
    static let people: [ActingUser] = [ActingUser(id: "ann", role: .learner, learnerID: "P2"),
                                       ActingUser(id: "jsmith", role: .trainer), ActingUser(id: "jo", role: .admin)]

    @Test(arguments: people)
    func eachCommandIsAvailableOrRefusedAsItsEntryDeclares(person: ActingUser) throws {
        let harness = try ConsoleHarness().withCatalogue()
        harness.interpreter.context = CommandContext(database: harness.context.database, clock: harness.context.clock, actor: person)
        let help = harness.run("help").1.split(separator: "\n").map(String.init)
        let available = CommandTable.standard.available(to: person.role)
        let completer = Completer(table: .standard, role: person.role, lookup: { _, _ in [] })
        for spec in CommandTable.standard.specs {
            let allowed = spec.roles.contains(person.role)
            let before = spec.words.dropLast().map { $0 + " " }.joined()
            // A one-word command shares its word with its group (`cpd`, `cpd profiles`): the word
            // is offered whenever any of the group is.
            let group = spec.words.count == 1 && available.contains { $0.words.count == 2 && $0.words[0] == spec.words[0] }
            let offered = completer.candidates(before: before, word: spec.words.last!).contains(spec.words.last!)
            #expect(offered == (allowed || group), "\(person.role) \(spec.name): completion")
            let listed = help.contains { $0.hasPrefix("  \(spec.name) ") && $0.dropFirst(spec.name.count + 2).trimmingCharacters(in: .whitespaces) == spec.summary }
            #expect(listed == allowed, "\(person.role) \(spec.name): help")
            let (outcome, _, errors) = harness.run(spec.name)
            let refused = errors == "error: \(spec.words[0]): not permitted\n"
                || errors == "error: \(spec.name): not permitted\n"
            #expect(refused == !allowed, "\(person.role) \(spec.name): \(outcome) \(errors)")
        }
    }
}
