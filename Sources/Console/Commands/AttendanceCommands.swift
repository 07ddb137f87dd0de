import Foundation
import MusterCore
import Reports

enum AttendanceCommands {
    static let marks = ValueKind.choice(Register.Mark.allCases.map(\.rawValue))

    static let specs: [CommandSpec] = [
        CommandSpec("attend", [.required("SESSION", .session), .repeating("LEARNER", .learner)], options: [
            .value("--status", "S", marks, "the mark (default attended)"),
            .value("--minutes", "N", .number, "minutes attended (needed for partial)"),
        ], roles: .staff, section: .booking, summary: "mark learners on a session's register") { invocation, context in
            let mark = try invocation.choice("--status") { text in
                guard let mark = Register.Mark(rawValue: text.lowercased()) else {
                    throw UsageError.badValue(option: "--status", value: text,
                                              expected: "a mark: " + Register.Mark.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return mark
            } ?? .attended
            let learners = invocation.arguments("LEARNER")
            try context.register.mark(invocation.required("SESSION"), learners: learners, as: mark,
                                      minutes: try invocation.int("--minutes", atLeast: 0))
            return .text("Marked \(mark.rawValue): " + learners.joined(separator: ", "))
        },

        CommandSpec("attend import", [.required("SESSION", .session), .required("FILE", .file)], roles: .staff,
                    section: .booking, summary: "mark an online session from a meeting platform's attendance report",
                    showsData: true) { invocation, context in
            let result = try context.register.importAttendance(invocation.required("SESSION"),
                                                               from: URL(fileURLWithPath: invocation.required("FILE")))
            var lines = ["Attended: " + list(result.attended), "Partial: " + list(result.partial)]
            if !result.unmatched.isEmpty { lines.append("Not matched to a learner (not marked):\n" + result.unmatched.map { "  " + $0 }.joined(separator: "\n")) }
            if !result.notBooked.isEmpty { lines.append("In the report but not booked:\n" + result.notBooked.map { "  " + $0 }.joined(separator: "\n")) }
            if !result.missing.isEmpty { lines.append("Booked but not in the report (still unmarked): " + list(result.missing)) }
            return CommandOutput(.text(lines.joined(separator: "\n")), json: .object([
                ("attended", .array(result.attended.map(JSONValue.string))), ("partial", .array(result.partial.map(JSONValue.string))),
                ("unmatched", .array(result.unmatched.map(JSONValue.string))), ("not_booked", .array(result.notBooked.map(JSONValue.string))),
                ("missing", .array(result.missing.map(JSONValue.string))),
            ]))
        },

        CommandSpec("register", [.required("SESSION", .session)], roles: .staff, section: .booking,
                    summary: "the roll call: one question per delegate, saved as you go") { invocation, context in
            guard let ask = context.ask else { throw RollCallError.needsTerminal }
            return .text(try RollCall(register: context.register, sessionID: invocation.required("SESSION"), ask: ask).run())
        },
    ]

    static func list(_ ids: [String]) -> String { ids.isEmpty ? "none" : ids.joined(separator: ", ") }
}

/// `register SESSION` at the prompt: each delegate in booking order, answered a, p (then
/// minutes), x, e, or Enter to keep the mark. Each answer is saved at once, so leaving
/// with Ctrl-C keeps what was marked and running it again resumes.
struct RollCall {
    let register: Register
    let sessionID: String
    let ask: CommandContext.Asker

    static let answers: [String: Register.Mark] = ["a": .attended, "p": .partial, "x": .absent, "e": .excused]

    func run() throws -> String {
        let (summary, entries) = try register.entries(sessionID)
        let session = summary.session
        let length = Int(session.endsAt.timeIntervalSince(session.startsAt) / 60)
        var marked = 0
        for entry in entries {
            let current = entry.status == .confirmed ? "unmarked" : entry.status.rawValue
            let question = "\(entry.learnerID) \(entry.name) [\(current)] a/p/x/e, Enter keeps: "
            while true {
                guard let answer = ask(question)?.trimmingCharacters(in: .whitespaces).lowercased() else {
                    return "Register left after \(marked) marks; resume with: register \(session.id)"
                }
                if answer.isEmpty { break }
                guard let mark = Self.answers[answer] else { continue }
                var minutes: Int?
                if mark == .partial {
                    while minutes == nil {
                        guard let text = ask("  minutes attended (1-\(length)): ") else {
                            return "Register left after \(marked) marks; resume with: register \(session.id)"
                        }
                        if let value = Int(text.trimmingCharacters(in: .whitespaces)), (1...length).contains(value) { minutes = value }
                    }
                }
                try register.mark(session.id, learners: [entry.learnerID], as: mark, minutes: minutes)
                marked += 1
                break
            }
        }
        let now = try register.entries(session.id).entries
        let count = { (status: BookingStatus) in now.filter { $0.status == status }.count }
        return "Register of \(session.id): \(count(.attended)) attended, \(count(.partial)) partial, \(count(.absent)) absent, "
            + "\(count(.excused)) excused, \(count(.confirmed)) unmarked. Close it with: session complete \(session.id)"
    }
}

enum RollCallError: Error, CustomStringConvertible, MusterError {
    case needsTerminal
    var description: String {
        "register asks at the prompt; in a script use: attend SESSION LEARNER... --status attended|partial|absent|excused"
    }
}
