import Foundation
import MusterCore
import Reports

enum ComplianceCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("requirement add", [.required("COURSE[,COURSE…]", .course)], options: [
            OptionSpec.value("--roles", "R[,R…]", .text, "job roles or role groups that must complete it").mandatory,
            .value("--agency", "A", .agency, "only this agency's staff"),
            .value("--within-months", "N", .number, "due within N months of starting in post"),
            .value("--renew-months", "N", .number, "renewed every N months"),
            .value("--target", "PERCENT", .number, "the KPI's target percentage"),
            .value("--kpi", "CODE", .text, "its KPI code, e.g. 1.4"),
            .value("--title", "T", .text, "its name in tables (default: the courses' titles)"),
        ], roles: .admins, section: .cpd, summary: "training that job roles must complete (any one of the courses)") { invocation, context in
            let courses = list(invocation.required("COURSE[,COURSE…]"))
            let roles = list(invocation.option("--roles")!)
            let target = try invocation.int("--target", atLeast: 0)
            if let target, target > 100 {
                throw UsageError.badValue(option: "--target", value: String(target), expected: "a percentage from 0 to 100")
            }
            let titles = courses.map { (try? context.catalogue.course($0))?.title ?? $0 }
            let requirement = try context.requirements.add(Requirement(
                kpi: invocation.option("--kpi"), title: invocation.option("--title") ?? titles.joined(separator: " or "),
                courseIDs: courses, roles: roles, agencyID: invocation.option("--agency"),
                withinMonths: try invocation.int("--within-months", atLeast: 1), renewMonths: try invocation.int("--renew-months", atLeast: 1),
                targetPercent: target))
            return .text("Added \(requirement.label): \(requirement.title), for \(requirement.roles.joined(separator: ", "))")
        },

        CommandSpec("requirement retire", [.required("KPI", .text)], roles: .admins, section: .cpd,
                    summary: "stop a requirement counting (by KPI code or number)") { invocation, context in
            let requirement = try context.requirements.retire(invocation.required("KPI"))
            return .text("Retired \(requirement.label): \(requirement.title)")
        },

        CommandSpec("requirements", options: [.flag("--groups", "the job-role groups and who is in each")],
                    roles: .everyone, section: .cpd, summary: "who must complete what, and the KPI targets",
                    showsData: true) { invocation, context in
            if invocation.flag("--groups") {
                let groups = try context.requirements.roleGroups().sorted { $0.key < $1.key }
                let table = Table([.init("group"), .init("job roles", flexible: true)],
                                  rows: groups.map { [$0.key, $0.value.joined(separator: ", ")] }, noun: ("group", "groups"))
                return CommandOutput(.table(table), json: .object(groups.map { ($0.key, .array($0.value.map(JSONValue.string))) }))
            }
            let requirements = try context.requirements.all()
            let table = Table([.init("kpi"), .init("title", flexible: true), .init("courses", flexible: true),
                               .init("roles", flexible: true), .init("within"), .init("renew"), .init("target", alignRight: true)],
                              rows: requirements.map { r in
                [r.kpi ?? "#\(r.id ?? 0)", r.title, r.courseIDs.joined(separator: ", "),
                 r.roles.joined(separator: ", ") + (r.agencyID.map { " (\($0))" } ?? ""),
                 r.withinMonths.map { "\($0) months" } ?? "", r.renewMonths.map { "\($0) months" } ?? "",
                 r.targetPercent.map { "\($0)%" } ?? ""]
            }, noun: ("requirement", "requirements"))
            return CommandOutput(.table(table), json: .array(requirements.map { r in
                .object([("id", .int(r.id.map(Int.init))), ("kpi", .string(r.kpi)), ("title", .string(r.title)),
                         ("courses", .array(r.courseIDs.map(JSONValue.string))), ("roles", .array(r.roles.map(JSONValue.string))),
                         ("agency", .string(r.agencyID)), ("within_months", .int(r.withinMonths)),
                         ("renew_months", .int(r.renewMonths)), ("target", .int(r.targetPercent))])
            }))
        },

        CommandSpec("import requirements", [.optional("FILE", .file)], roles: .admins, section: .cpd,
                    summary: "add or update requirements and role groups (default ./Courses/requirements.yaml)",
                    showsData: true) { invocation, context in
            let path = invocation.argument("FILE") ?? "Courses/requirements.yaml"
            let summary = try context.requirements.importFile(URL(fileURLWithPath: path))
            return CommandOutput(.text(summary.description), json: RecordJSON.summary(summary))
        },

        CommandSpec("compliance", [.optional("LEARNER", .learner)],
                    options: [.value("--agency", "A", .agency, "every learner of one agency, by requirement")],
                    roles: CPDCommands.ownOrAdmin, section: .cpd,
                    summary: "mandatory training: met, due, overdue or missing, and sessions that would meet it",
                    showsData: true) { invocation, context in
            if let agency = invocation.option("--agency") {
                guard context.actor.role == .admin else { throw UsageError.notPermitted("compliance --agency") }
                return agencyGrid(try context.compliance.agency(agency), context)
            }
            guard invocation.argument("LEARNER") != nil || context.actor.learnerID != nil else {
                throw ComplianceError.needsLearnerOrAgency
            }
            let learner = try context.learnerID(invocation)
            return learnerLines(try context.compliance.learner(learner), context)
        },

        CommandSpec("compliance record", [.required("LEARNER", .learner), .required("COURSE", .course)], options: [
            OptionSpec.value("--date", "DATE", .date, "the day it was completed").mandatory,
            OptionSpec.value("--evidence", "T", .text, "what was seen, e.g. \"agency e-learning certificate 2026-10-04\"").mandatory,
        ], roles: .admins, section: .cpd, summary: "accept training done elsewhere as equivalent to a course") { invocation, context in
            let date = try invocation.date("--date", context.local)!
            try context.requirements.recordEquivalent(learner: invocation.required("LEARNER"), course: invocation.required("COURSE"),
                                                      on: date, evidence: invocation.option("--evidence")!)
            return .text("Recorded: \(invocation.required("LEARNER")) completed the equivalent of \(invocation.required("COURSE")) on \(date)")
        },

        CommandSpec("report kpi", options: [.value("--agency", "A", .agency, "one agency")],
                    roles: .admins, section: .reports, summary: "per agency and KPI: staff trained against the target, rated red/amber/green",
                    showsData: true) { invocation, context in
            let kpis = KPITable(try context.compliance.kpiCounts(agency: invocation.option("--agency")))
            var table = Table([.init("agency", flexible: true), .init("kpi"), .init("title", flexible: true),
                               .init("relevant", alignRight: true), .init("met", alignRight: true), .init("percent", alignRight: true),
                               .init("target", alignRight: true), .init("rating")],
                              rows: kpis.rows.map { row in
                [row.agency, row.kpi, row.title, String(row.relevant), String(row.met), row.percentText,
                 "\(row.target)%", row.rating.rawValue]
            }, noun: ("row", "rows; green: target met, amber: up to 15 points below, red: more than 15 below, n/a: no relevant staff"))
            table.tints = kpis.rows.map { row in
                Array(repeating: nil, count: 7) + [tint(row.rating)]
            }
            return CommandOutput(.table(table), json: kpis.json)
        },
    ]

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func tint(_ rating: KPITable.Rating) -> Table.Tint? {
        switch rating {
        case .green: .green
        case .amber: .amber
        case .red: .red
        case .notApplicable: nil
        }
    }

    static func tint(_ status: Standing.Status) -> Table.Tint {
        switch status {
        case .met: .green
        case .due: .amber
        case .overdue, .missing: .red
        }
    }

    static func describe(_ standing: Standing) -> String {
        switch standing.status {
        case .met: "met" + (standing.validUntil.map { " until \($0)" } ?? "")
        case .due: "due by \(standing.dueBy.map(\.description) ?? "")"
        case .overdue: "overdue since \(standing.dueBy.map(\.description) ?? "")"
        case .missing: "missing" + (standing.dueBy.map { " (by \($0))" } ?? "")
        }
    }

    static func learnerLines(_ result: (learner: LearnerSummary, lines: [Compliance.Line]), _ context: CommandContext) -> CommandOutput {
        let local = context.local
        var table = Table([.init("kpi"), .init("requirement", flexible: true), .init("status"), .init("completed"),
                           .init("next sessions", flexible: true)],
                          rows: result.lines.map { line in
            [line.requirement.kpi ?? "", line.requirement.title, describe(line.standing),
             line.standing.completed?.description ?? "",
             line.nextSessions.map { "\($0.session.id) \(local.date(of: $0.session.startsAt))" }.joined(separator: ", ")]
        }, noun: ("requirement", "requirements"))
        table.tints = result.lines.map { [nil, nil, tint($0.standing.status), nil, nil] }
        let learner = result.learner.learner
        let heading = "Mandatory training of \(learner.name) (\(learner.id)), \(learner.jobRole ?? "no job role recorded")"
        let text = result.lines.isEmpty ? heading + "\n(no requirements apply to this job role)" : nil
        return CommandOutput(text.map { .text($0) } ?? .table(table), json: .object([
            ("learner_id", .string(learner.id)), ("job_role", .string(learner.jobRole)),
            ("requirements", .array(result.lines.map { line in
                .object([("kpi", .string(line.requirement.kpi)), ("title", .string(line.requirement.title)),
                         ("status", .string(line.standing.status.rawValue)),
                         ("completed", .string(line.standing.completed?.description)),
                         ("valid_until", .string(line.standing.validUntil?.description)),
                         ("due_by", .string(line.standing.dueBy?.description)), ("evidence", .string(line.evidence)),
                         ("next_sessions", .array(line.nextSessions.map { .string($0.session.id) }))])
            })),
        ]))
    }

    static func agencyGrid(_ grid: Compliance.Grid, _ context: CommandContext) -> CommandOutput {
        let codes = grid.requirements.map { $0.kpi ?? "#\($0.id ?? 0)" }
        var table = Table([.init("learner"), .init("name", flexible: true)] + codes.map { .init($0) },
                          rows: grid.rows.map { row in
            [row.learner.id, row.learner.name] + row.standings.map { $0?.status.rawValue ?? "" }
        }, noun: ("learner", "learners"))
        table.tints = grid.rows.map { row in [nil, nil] + row.standings.map { $0.map { tint($0.status) } } }
        return CommandOutput(.table(table), json: .object([
            ("agency", .string(grid.agency.name)), ("agency_id", .string(grid.agency.id)),
            ("requirements", .array(codes.map(JSONValue.string))),
            ("learners", .array(grid.rows.map { row in
                .object([("learner_id", .string(row.learner.id)), ("name", .string(row.learner.name)),
                         ("status", .object(zip(codes, row.standings).map { ($0, .string($1?.status.rawValue)) }))])
            })),
        ]))
    }
}
