import Foundation
import MusterCore

enum PeopleCommands {
    static let learnerOptions: [OptionSpec] = [
        .value("--name", "T", .text, "full name"),
        .value("--email", "E", .text, "work email"),
        .value("--agency", "A", .agency, "partner agency, by id or name"),
        .value("--job-role", "R", .text, "job role, as requirements name it"),
        .value("--started", "DATE", .date, "start date in post"),
        .value("--cpd-profile", "P", .text, "the CPD standard they keep to: nmc, swe, hcpc, a partnership profile, or none"),
        .value("--revalidation", "DATE", .date, "their next revalidation or registration renewal"),
    ]

    static let specs: [CommandSpec] = [
        CommandSpec("learners", [ArgumentSpec.repeating("TEXT", .text).optionalized],
                    options: [.value("--agency", "A", .agency, "only this agency's learners")],
                    roles: .staff, section: .people, summary: "find learners by id, name, email or job role",
                    showsData: true) { invocation, context in
            let words = invocation.arguments("TEXT")
            let limit = 500
            let learners = try context.people.learners(matching: words.isEmpty ? nil : words.joined(separator: " "),
                                                       agency: invocation.option("--agency"), limit: limit + 1)
            let shown = Array(learners.prefix(limit))
            var table = Table([
                .init("id"), .init("name", flexible: true), .init("email", flexible: true), .init("agency", flexible: true),
                .init("job role", flexible: true), .init("started"),
            ], rows: shown.map {
                [$0.learner.id, $0.learner.name, $0.learner.email, $0.agencyName, $0.learner.jobRole ?? "",
                 $0.learner.started?.description ?? ""]
            }, noun: ("learner", "learners"))
            if learners.count > limit { table.noun = ("learner", "learners shown; more match, so narrow the search") }
            return CommandOutput(.table(table), json: .array(shown.map(RecordJSON.learner)))
        },

        CommandSpec("learner show", [.required("LEARNER", .learner)], roles: .staff, section: .people,
                    summary: "one learner's details", showsData: true) { invocation, context in
            let summary = try context.people.learner(invocation.required("LEARNER"))
            let learner = summary.learner
            let text = Fields([
                ("id", learner.id), ("name", learner.name), ("email", learner.email),
                ("agency", "\(summary.agencyName) (\(learner.agencyID))"), ("job role", learner.jobRole),
                ("started in post", learner.started?.description), ("CPD profile", learner.cpdProfile),
                ("revalidation", learner.revalidation?.description),
            ]).render()
            return CommandOutput(.text(text), json: RecordJSON.learner(summary))
        },

        CommandSpec("learner add", [.required("LEARNER", .text)], options: learnerOptions.map {
            ["--name", "--email", "--agency"].contains($0.name) ? $0.mandatory : $0
        }, roles: .staff,
                    section: .people, summary: "add a learner (id: staff number or email)") { invocation, context in
            let summary = try context.people.add(invocation.required("LEARNER"), try details(invocation, context))
            return .text("Added \(summary.learner.id): \(summary.learner.name), \(summary.agencyName)")
        },

        CommandSpec("learner edit", [.required("LEARNER", .learner)], options: learnerOptions, roles: .staff,
                    section: .people, summary: "change a learner's details") { invocation, context in
            let summary = try context.people.edit(invocation.required("LEARNER"), try details(invocation, context))
            return .text("Updated \(summary.learner.id): \(summary.learner.name), \(summary.agencyName)")
        },

        CommandSpec("import learners", [.required("FILE", .file)], roles: .admins, section: .people,
                    summary: "add or update learners from a CSV file (columns by header name)",
                    showsData: true) { invocation, context in
            let file = URL(fileURLWithPath: invocation.required("FILE"))
            let summary = try ProgressBar.showing("import learners") { progress in
                try context.people.importLearners(from: file, progress: progress)
            }
            return CommandOutput(.text(summary.description), json: RecordJSON.summary(summary))
        },

        CommandSpec("agencies", roles: .staff, section: .people, summary: "the partner agencies and their learners",
                    showsData: true) { _, context in
            let agencies = try context.people.agencies()
            let table = Table([.init("id"), .init("name", flexible: true), .init("learners", alignRight: true)],
                              rows: agencies.map { [$0.agency.id, $0.agency.name, String($0.learners)] },
                              noun: ("agency", "agencies"))
            return CommandOutput(.table(table), json: .array(agencies.map {
                .object([("id", .string($0.agency.id)), ("name", .string($0.agency.name)), ("learners", .int($0.learners))])
            }))
        },

        CommandSpec("agency add", [.required("AGENCY", .text)],
                    options: [.value("--name", "T", .text, "the agency's name (default: the id)")],
                    roles: .admins, section: .people, summary: "add a partner agency") { invocation, context in
            let id = invocation.required("AGENCY")
            let agency = try context.people.addAgency(id: id, name: invocation.option("--name") ?? id)
            return .text("Added agency \(agency.id): \(agency.name)")
        },
    ]

    static func details(_ invocation: Invocation, _ context: CommandContext) throws -> People.Details {
        var details = People.Details()
        details.name = invocation.option("--name")
        details.email = invocation.option("--email")
        details.agency = invocation.option("--agency")
        details.jobRole = invocation.option("--job-role")
        details.started = try invocation.date("--started", context.local)
        details.cpdProfile = invocation.option("--cpd-profile")
        details.revalidation = try invocation.date("--revalidation", context.local)
        return details
    }
}
