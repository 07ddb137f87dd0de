import MusterCore

enum GeneralCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("help", [ArgumentSpec.repeating("COMMAND", .command).optionalized], roles: .everyone,
                    section: .general, summary: "list commands, or show how to use one") { invocation, context in
            .text(try Usage.help(for: invocation.arguments("COMMAND"), table: context.table, role: context.actor.role))
        },
        CommandSpec("whoami", roles: .everyone, section: .general, summary: "who is working, and as what role",
                    showsData: true) { _, context in
            let actor = context.actor
            return CommandOutput(.text("\(actor.id) (\(actor.role.rawValue))" + (actor == .localOperator ? ", the local operator" : "")),
                                 json: .object([("user", .string(actor.id)), ("role", .string(actor.role.rawValue)),
                                                ("learner_id", .string(actor.learnerID))]))
        },
        CommandSpec("quit", roles: .everyone, section: .general, summary: "leave Muster (or Ctrl-D)") { _, _ in
            throw Quit()
        },
    ]

    /// Thrown by `quit`: the loop around the interpreter ends, nothing else does.
    struct Quit: Error {}
}
