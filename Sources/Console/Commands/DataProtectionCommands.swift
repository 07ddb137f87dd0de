import Foundation
import MusterCore
import Reports

/// Subject access, erasure and retention: the data-protection requests an admin answers.
enum DataProtectionCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("learner export", [.required("LEARNER", .learner)], options: [
            OptionSpec.value("--output", "FILE", .file, "the JSON file to write (FILE.json), readable only by you").mandatory,
        ], roles: .admins, section: .reports,
        summary: "everything held about one person, as one JSON file: a subject access request") { invocation, context in
            let path = invocation.option("--output")!, local = context.local
            let record = try context.subjectAccess.export(invocation.required("LEARNER")) { record in
                let document = SubjectAccessJSON.json(record, local: local).serialized() + "\n"
                _ = try ExportFile.write(to: path) { write in try write(document); return 1 }
            }
            let rows = record.sources.reduce(0) { $0 + $1.rows }
            let tables = record.sources.filter { $0.rows > 0 }.count
            return .text("Wrote everything held about \(record.learnerID) to \(path): \(rows) record\(rows == 1 ? "" : "s") "
                         + "from \(tables) table\(tables == 1 ? "" : "s"). It is personal data: send it securely, then delete it.")
        },

        CommandSpec("learner erase", [.required("LEARNER", .learner)], options: [
            .flag("--yes", "erase without being asked (for scripts); at a terminal you type the id to confirm"),
        ], roles: .admins, section: .reports,
        summary: "erase a learner: name, email, id and their own words go; bookings and every figure stay") { invocation, context in
            let id = invocation.required("LEARNER")
            if !invocation.flag("--yes") {
                let summary = try context.people.learner(id)
                let learner = summary.learner
                guard let ask = context.ask else { throw DataProtectionCommandError.unconfirmed("learner erase \(learner.id) --yes") }
                let answer = ask("Erase \(learner.id) (\(learner.name), \(summary.agencyName)) for good? Their bookings and every "
                                 + "figure stay; who they were cannot be recovered. Type \(learner.id) to confirm: ")
                guard answer?.trimmingCharacters(in: .whitespaces).lowercased() == learner.id.lowercased() else {
                    return .text("Nothing was erased.")
                }
            }
            let outcome = try context.erasure.erase(id)
            let erased = outcome.erased[0]
            var lines = ["Erased \(erased.formerID): the record is now \(erased.pseudonym) (\(erased.name))."]
            lines.append("Kept \(count(erased.bookingsKept, "booking")) with attendance, ratings and CPD hours, so every figure stays the same.")
            lines.append("Removed \(count(erased.textsRemoved, "text")) they wrote or were sent"
                         + (erased.loginsClosed > 0 ? "; closed \(count(erased.loginsClosed, "login"))" : "")
                         + "; rewrote \(count(outcome.recordsRewritten, "earlier record")) that named them.")
            return .text(lines.joined(separator: "\n"))
        },

        CommandSpec("retention policy", options: [
            .value("--years", "N", .number, "keep a record this many years after the learner's last activity (default \(RetentionPolicy.standard.years))"),
        ], roles: .admins, section: .reports, summary: "show or set how long records are kept after a learner's last activity",
        showsData: true) { invocation, context in
            let retention = context.retention
            if let years = try invocation.int("--years") { try retention.setPolicy(try RetentionPolicy(years: years)) }
            let policy = try retention.policy()
            let cutoff = policy.cutoff(now: context.clock.now, local: context.local)
            let text = "Records are kept \(policy.years) year\(policy.years == 1 ? "" : "s") after a learner's last booking, CPD entry "
                + "or feedback: today that means anyone last active before \(context.local.date(of: cutoff)) is due (retention due)."
            return CommandOutput(.text(text), json: .object([
                ("years", .int(policy.years)), ("cutoff", .string(context.local.iso8601(cutoff))),
            ]))
        },

        CommandSpec("retention due", roles: .admins, section: .reports,
                    summary: "learners last active before the retention period, due to be erased", showsData: true) { _, context in
            let (policy, cutoff, due) = try context.retention.due()
            let json: @Sendable () -> JSONValue = { JSONValue.array(due.map { dueJSON($0, context.local) }) }
            guard !due.isEmpty else {
                return CommandOutput(.text("No one is due: nobody was last active before \(context.local.date(of: cutoff)) "
                                           + "(\(policy.years)-year retention)."), json: json())
            }
            let table = Table([.init("learner"), .init("name", flexible: true), .init("agency", flexible: true), .init("last active")],
                              rows: due.map { [$0.learnerID, $0.name, $0.agency, context.local.date(of: $0.lastActive).description] },
                              noun: ("learner", "learners"))
            return CommandOutput(.text("Last active before \(context.local.date(of: cutoff)) (\(policy.years)-year retention); "
                                       + "erase them with: retention apply\n\n" + table.render(width: nil)), json: json())
        },

        CommandSpec("retention apply", options: [
            .flag("--dry-run", "show who a run now would erase, and change nothing"),
            .flag("--yes", "erase without being asked (for scripts)"),
        ], roles: .admins, section: .reports,
        summary: "erase everyone past the retention period, in one go", showsData: true) { invocation, context in
            let dryRun = invocation.flag("--dry-run")
            if !dryRun && !invocation.flag("--yes") {
                let (policy, cutoff, due) = try context.retention.due()
                if !due.isEmpty {
                    guard let ask = context.ask else { throw DataProtectionCommandError.unconfirmed("retention apply --yes") }
                    let answer = ask("Erase \(count(due.count, "learner")) last active before \(context.local.date(of: cutoff)) "
                                     + "(\(policy.years)-year retention) for good? Type yes to confirm: ")
                    guard answer?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else { return .text("Nothing was erased.") }
                }
            }
            let run = try context.retention.apply(dryRun: dryRun)
            let lastActive = Dictionary(uniqueKeysWithValues: run.due.map { ($0.learnerID, $0.lastActive) })
            let json: @Sendable () -> JSONValue = { JSONValue.array(run.outcome.erased.map { erased in
                .object([("learner_id", .string(erased.formerID)), ("erased_as", .string(erased.pseudonym)),
                         ("last_active", .string(lastActive[erased.formerID].map(context.local.iso8601))),
                         ("bookings_kept", .int(erased.bookingsKept)), ("texts_removed", .int(erased.textsRemoved))])
            }) }
            let before = context.local.date(of: run.cutoff)
            guard !run.outcome.erased.isEmpty else {
                return CommandOutput(.text("No one is due: nobody was last active before \(before) (\(run.policy.years)-year retention)."),
                                     json: json())
            }
            let table = Table([.init("learner"), .init(dryRun ? "would become" : "now"), .init("last active"),
                               .init("bookings kept", alignRight: true), .init("texts removed", alignRight: true)],
                              rows: run.outcome.erased.map {
                [$0.formerID, $0.pseudonym, lastActive[$0.formerID].map { context.local.date(of: $0).description } ?? "",
                 String($0.bookingsKept), String($0.textsRemoved)]
            }, noun: ("learner", "learners"))
            let heading = dryRun
                ? "Dry run: retention apply now would erase \(count(run.outcome.erased.count, "learner")) last active before \(before); nothing was changed."
                : "Erased \(count(run.outcome.erased.count, "learner")) last active before \(before); every figure stays the same."
            return CommandOutput(.text(heading + "\n\n" + table.render(width: nil)), json: json())
        },
    ]

    static func dueJSON(_ due: Retention.Due, _ local: LocalTime) -> JSONValue {
        .object([("learner_id", .string(due.learnerID)), ("name", .string(due.name)), ("agency", .string(due.agency)),
                 ("last_active", .string(local.iso8601(due.lastActive)))])
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}

extension CommandContext {
    var subjectAccess: SubjectAccess { SubjectAccess(database: database, clock: clock, actor: actor) }
    var erasure: Erasure { Erasure(database: database, clock: clock, actor: actor) }
    var retention: Retention { Retention(database: database, clock: clock, actor: actor) }
}

enum DataProtectionCommandError: Error, CustomStringConvertible, MusterError {
    case unconfirmed(String)
    var description: String {
        switch self {
        case .unconfirmed(let command):
            "erasure cannot be undone, so it is confirmed: at a terminal type what you are asked; in a script use: \(command)"
        }
    }
}
