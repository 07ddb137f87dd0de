import MusterCore

/// Logins for the people who reach Muster through `--login`. Passwords are asked twice with
/// echo off and never taken as arguments, so they stay out of history, scripts and `ps`.
enum AccountCommands {
    static let roles = ValueKind.choice(ActingUser.Role.allCases.map(\.rawValue))

    static let specs: [CommandSpec] = [
        CommandSpec("users", roles: .admins, section: .accounts, summary: "everyone who can log in, with their role",
                    showsData: true) { _, context in
            let accounts = try context.accounts.accounts()
            let local = context.local
            let table = Table([.init("user"), .init("name", flexible: true), .init("role"), .init("learner"), .init("state")],
                              rows: accounts.map { account in
                [account.id, account.name, account.role.rawValue, account.learnerID ?? "", state(account, context)]
            }, noun: ("user", "users"))
            return CommandOutput(.table(table), json: .array(accounts.map { account in
                .object([("user", .string(account.id)), ("name", .string(account.name)), ("role", .string(account.role.rawValue)),
                         ("learner_id", .string(account.learnerID)), ("disabled", .bool(account.disabled)),
                         ("has_password", .bool(account.hasPassword)),
                         ("locked_until", .string(account.lockedUntil.flatMap { $0 > context.clock.now ? local.format($0) : nil }))])
            }))
        },
        CommandSpec("user add", [.required("USER", .text)], options: [
            OptionSpec.value("--role", "R", roles, "admin, trainer or learner").mandatory,
            .value("--learner", "LEARNER", .learner, "the learner record a learner user acts on"),
            .value("--name", "NAME", .text, "the name shown in lists (default: the learner's)"),
        ], roles: .admins, section: .accounts, summary: "a login: asks for the password twice, echo off") { invocation, context in
            let roleText = invocation.option("--role")!
            guard let role = ActingUser.Role(rawValue: roleText) else {
                throw UsageError.badValue(option: "--role", value: roleText, expected: "admin, trainer or learner")
            }
            let user = invocation.required("USER")
            let password = try newPassword(context, for: user)
            let account = try context.accounts.add(user, role: role, name: invocation.option("--name"),
                                                   learner: invocation.option("--learner"), password: password)
            return .text("Added \(account.id) (\(account.role.rawValue)\(account.learnerID.map { ", learner \($0)" } ?? "")).")
        },
        CommandSpec("passwd", [.optional("USER", .text)], roles: .everyone, section: .accounts,
                    summary: "change your password (an admin may name any user)") { invocation, context in
            guard let user = invocation.argument("USER") ?? (context.actor == .localOperator ? nil : context.actor.id) else {
                throw UsageError.missingArgument("USER", usage: Usage.line(invocation.spec))
            }
            let accounts = context.accounts
            if context.actor.role != .admin && user.lowercased() != context.actor.id.lowercased() { throw AccountError.notYours }
            let password = try newPassword(context, for: user)
            try accounts.setPassword(user, to: password)
            return .text("Password changed for \(user).")
        },
        CommandSpec("login", [.required("USER", .text)], roles: .everyone, section: .accounts,
                    summary: "work as another user: asks for their password; logout returns") { invocation, context in
            guard let ask = context.askSecret else { throw AccountError.needsTerminal }
            let name = invocation.required("USER")
            guard let password = ask("Password for \(name): ") else { throw AccountError.abandoned }
            let user = try context.accounts.authenticate(name, password: password)
            return CommandOutput(.text("Logged in as \(user.id) (\(user.role.rawValue)). logout returns to \(context.actor.id)."),
                                 identity: .logIn(user))
        },
        CommandSpec("logout", roles: .everyone, section: .accounts,
                    summary: "back to whoever logged in before; from the first login, leave Muster") { _, context in
            CommandOutput(.text("Logged out \(context.actor.id)."), identity: .logOut)
        },
        CommandSpec("user disable", [.required("USER", .text)], roles: .admins, section: .accounts,
                    summary: "stop a user logging in; their records stay") { invocation, context in
            let user = invocation.required("USER")
            try context.accounts.disable(user)
            return .text("\(user) can no longer log in.")
        },
    ]

    /// Asked twice, so a typo unseen behind echo-off is caught before it locks someone out.
    static func newPassword(_ context: CommandContext, for user: String) throws -> String {
        guard let ask = context.askSecret else { throw AccountError.needsTerminal }
        guard let first = ask("New password for \(user): "), let second = ask("Again: ") else {
            throw AccountError.abandoned
        }
        guard first == second else { throw AccountError.passwordsDiffer }
        return first
    }

    static func state(_ account: Accounts.Account, _ context: CommandContext) -> String {
        if account.disabled { return "disabled" }
        if let until = account.lockedUntil, until > context.clock.now { return "locked until \(context.local.format(until))" }
        return account.hasPassword ? "active" : "no password"
    }
}
