import Foundation
import MusterCore
import Reports

enum CPDCommands {
    static let kinds = ValueKind.choice(CPDEntry.Kind.allCases.map(\.rawValue))
    static let ownOrAdmin: Set<ActingUser.Role> = [.learner, .admin]

    static let entryOptions: [OptionSpec] = [
        .value("--date", "DATE", .date, "the day of the learning"),
        .value("--title", "T", .text, "what it was"),
        .value("--hours", "H", .decimal, "hours spent, e.g. 1.5"),
        .value("--kind", "K", kinds, "course, e-learning, webinar, conference, supervision, reading or other"),
        .flag("--participatory", "learning with others (counts towards NMC's participatory hours)"),
        .value("--reflection", "T", .text, "what I learnt"),
        .value("--practice", "T", .text, "how it changes my practice"),
        .value("--peer", "NAME", .text, "the colleague I reflected with"),
        .value("--peer-date", "DATE", .date, "when we discussed it"),
        .value("--peer-outcome", "T", .text, "what came of the discussion"),
    ]

    static let specs: [CommandSpec] = [
        CommandSpec("cpd", [.optional("LEARNER", .learner)], options: [
            .value("--from", "DATE", .date, "entries on or after this day"),
            .value("--to", "DATE", .date, "entries on or before this day"),
            .value("--export", "FILE", .file, "write the record in the regulator's shape (CSV, or JSON for .json)"),
            .value("--format", "F", ExportCommands.formats, "csv or json for --export (default: by the file's name)"),
        ], roles: ownOrAdmin, section: .cpd,
        summary: "a learner's CPD area: entries, totals and progress against their profile", showsData: true) { invocation, context in
            let learner = try context.learnerID(invocation)
            let record = try context.cpd.record(of: learner, from: try invocation.date("--from", context.local),
                                                to: try invocation.date("--to", context.local))
            if let path = invocation.option("--export") {
                let format = try ExportCommands.format(invocation, otherwise: path.lowercased().hasSuffix(".json") ? .json : .csv)
                _ = try ExportFile.write(to: path) { write in
                    try write(CPDRecordExport.render(record, format: format))
                    return record.entries.count
                }
                return .text("Wrote \(record.entries.count) CPD entr\(record.entries.count == 1 ? "y" : "ies") of \(record.learner.learner.id) "
                             + "(\(record.progress.title)) to \(path)")
            }
            return CommandOutput(.text(render(record)), json: json(record, context.local))
        },

        CommandSpec("cpd add", [.optional("LEARNER", .learner)],
                    options: entryOptions.map { ["--date", "--title", "--hours"].contains($0.name) ? $0.mandatory : $0 },
                    roles: ownOrAdmin, section: .cpd, summary: "record learning done elsewhere, with your reflection") { invocation, context in
            let learner = try context.learnerID(invocation)
            let entry = try context.cpd.add(for: learner, try draft(invocation, context))
            return .text("Recorded CPD entry \(entry.id ?? 0) for \(entry.learnerID): \(entry.title), \(CPDHours.text(entry.hours)) on \(entry.date)")
        },

        CommandSpec("cpd edit", [.required("ENTRY", .number)],
                    options: entryOptions + [.flag("--not-participatory", "learning on my own")],
                    roles: ownOrAdmin, section: .cpd, summary: "change one of your self-recorded CPD entries") { invocation, context in
            let entry = try context.cpd.edit(try entryNumber(invocation), try draft(invocation, context))
            return .text("Updated CPD entry \(entry.id ?? 0): \(entry.title), \(CPDHours.text(entry.hours)) on \(entry.date)")
        },

        CommandSpec("cpd remove", [.required("ENTRY", .number)], roles: ownOrAdmin, section: .cpd,
                    summary: "remove one of your self-recorded CPD entries") { invocation, context in
            let entry = try context.cpd.remove(try entryNumber(invocation))
            return .text("Removed CPD entry \(entry.id ?? 0): \(entry.title) on \(entry.date)")
        },

        CommandSpec("cpd profiles", roles: .everyone, section: .cpd, summary: "the CPD standards a learner can keep to",
                    showsData: true) { _, context in
            let profiles = try context.cpd.profiles()
            let table = Table([.init("id"), .init("profile", flexible: true), .init("asks for", flexible: true)],
                              rows: profiles.map { [$0.id, $0.title, describe($0.rule)] }, noun: ("profile", "profiles"))
            return CommandOutput(.table(table), json: .array(profiles.map {
                .object([("id", .string($0.id)), ("title", .string($0.title)), ("asks_for", .string(describe($0.rule)))])
            }))
        },

        CommandSpec("cpd profile", [.required("PROFILE", .text)], options: [
            OptionSpec.value("--title", "T", .text, "its name, e.g. \"Police CPD\"").mandatory,
            OptionSpec.value("--hours", "H", .decimal, "hours needed in the period").mandatory,
            OptionSpec.value("--months", "N", .number, "the period, in months before revalidation").mandatory,
            .value("--participatory", "H", .decimal, "of which learning with others"),
        ], roles: .admins, section: .cpd, summary: "define a partnership CPD profile") { invocation, context in
            let profile = try context.cpd.addProfile(invocation.required("PROFILE"), title: invocation.option("--title")!,
                                                     hours: try invocation.decimal("--hours")!,
                                                     months: try invocation.int("--months", atLeast: 1)!,
                                                     participatory: try invocation.decimal("--participatory") ?? 0)
            return .text("Added CPD profile \(profile.id): \(describe(profile.rule))")
        },

        CommandSpec("certificate", [.required("SESSION", .session), .optional("LEARNER", .learner)],
                    options: [.value("--output", "FILE", .file, "where to write it (default: certificate-SESSION-LEARNER.html)")],
                    roles: .everyone, section: .cpd,
                    summary: "a printable certificate of attendance, with a verification code") { invocation, context in
            let learner = try context.learnerID(invocation)
            let certificate = try context.certificates.issue(invocation.required("SESSION"), for: learner)
            let path = invocation.option("--output") ?? "certificate-\(certificate.sessionID)-\(fileSafe(certificate.learnerID)).html"
            _ = try ExportFile.write(to: path) { write in
                try write(CertificatePage.render(certificate, local: context.local))
                return 1
            }
            return .text("Wrote the certificate of \(certificate.learnerName) for \(certificate.courseTitle) to \(path)\n"
                         + "Verification code: \(certificate.code)")
        },

        CommandSpec("certificate verify", [.required("CODE", .text)], roles: .everyone, section: .cpd,
                    summary: "check a certificate's verification code", showsData: true) { invocation, context in
            let certificate = try context.certificates.verify(invocation.required("CODE"))
            let local = context.local
            let text = "Genuine: issued \(local.format(certificate.issuedAt)) by \(certificate.partnership)\n" + Fields([
                ("learner", "\(certificate.learnerName) (\(certificate.learnerID))"), ("course", certificate.courseTitle),
                ("date", local.date(of: certificate.startsAt).description), ("session", certificate.sessionID),
                ("CPD hours", CPDHours.text(certificate.cpdHours)), ("trainer", certificate.trainerName),
            ]).render()
            return CommandOutput(.text(text), json: .object([
                ("code", .string(certificate.code)), ("valid", .bool(true)), ("learner_id", .string(certificate.learnerID)),
                ("name", .string(certificate.learnerName)), ("course_id", .string(certificate.courseID)),
                ("course_title", .string(certificate.courseTitle)), ("session_id", .string(certificate.sessionID)),
                ("date", .string(local.date(of: certificate.startsAt).description)), ("cpd_hours", .double(certificate.cpdHours)),
                ("issued_at", .string(local.iso8601(certificate.issuedAt))),
            ]))
        },

        CommandSpec("certificate policy", options: [
            .value("--feedback-first", "on|off", .choice(["on", "off"]), "release certificates only after feedback"),
            .value("--partnership", "T", .text, "the partnership's name as certificates print it"),
        ], roles: .admins, section: .cpd, summary: "show or set how certificates are released") { invocation, context in
            var policy = try context.certificates.policy()
            let first = try invocation.choice("--feedback-first") { text -> Bool in
                guard ["on", "off"].contains(text.lowercased()) else {
                    throw UsageError.badValue(option: "--feedback-first", value: text, expected: "on or off")
                }
                return text.lowercased() == "on"
            }
            let name = invocation.option("--partnership")?.trimmingCharacters(in: .whitespaces)
            if name?.isEmpty == true { throw UsageError.badValue(option: "--partnership", value: "", expected: "the partnership's name") }
            if first != nil || name != nil {
                if let first { policy.requiresFeedback = first }
                if let name { policy.partnership = name }
                try context.certificates.setPolicy(policy)
            }
            return .text(Fields([("partnership", policy.partnership),
                                 ("released", policy.requiresFeedback ? "after the learner's feedback" : "on full attendance")]).render())
        },
    ]

    static func entryNumber(_ invocation: Invocation) throws -> Int64 {
        let text = invocation.required("ENTRY")
        guard let id = Int64(text), id > 0 else {
            throw UsageError.badValue(option: "ENTRY", value: text, expected: "an entry number from `cpd`")
        }
        return id
    }

    static func draft(_ invocation: Invocation, _ context: CommandContext) throws -> CPDArea.Draft {
        var draft = CPDArea.Draft()
        draft.date = try invocation.date("--date", context.local)
        draft.title = invocation.option("--title")
        draft.hours = try invocation.decimal("--hours")
        draft.kind = try invocation.choice("--kind") { text in
            guard let kind = CPDEntry.Kind(rawValue: text.lowercased()) else {
                throw UsageError.badValue(option: "--kind", value: text,
                                          expected: CPDEntry.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return kind
        }
        if invocation.flag("--participatory") { draft.participatory = true }
        if invocation.flag("--not-participatory") { draft.participatory = false }
        draft.reflection = CPDEntry.Reflection(learnt: invocation.option("--reflection"), practice: invocation.option("--practice"),
                                               peerName: invocation.option("--peer"),
                                               peerDate: try invocation.date("--peer-date", context.local),
                                               peerOutcome: invocation.option("--peer-outcome"))
        return draft
    }

    static func render(_ record: CPDArea.Record) -> String {
        let table = Table([.init("#", alignRight: true), .init("date"), .init("title", flexible: true), .init("kind"),
                           .init("hours", alignRight: true), .init("with others"), .init("source")],
                          rows: record.entries.map { entry in
            [String(entry.id ?? 0), entry.date.description, entry.title, entry.kind.rawValue, CPDHours.text(entry.hours),
             entry.participatory ? "yes" : "", entry.verified ? "register \(entry.sessionID ?? "")" : "self-recorded"]
        }, noun: ("entry", "entries"))
        let totals = record.totals
        var lines = ["CPD of \(record.learner.learner.name) (\(record.learner.learner.id))", "", table.render(width: nil), "",
                     Fields([("total hours", CPDHours.text(totals.total)), ("verified", CPDHours.text(totals.verified)),
                             ("self-recorded", CPDHours.text(totals.selfRecorded)), ("participatory", CPDHours.text(totals.participatory))]).render()]
        let progress = record.progress
        if progress.profileID == CPDProfile.none.id {
            lines += ["", "No CPD profile: set one with learner edit \(record.learner.learner.id) --cpd-profile nmc|swe|hcpc"]
            return lines.joined(separator: "\n")
        }
        let period = progress.period.map { " \($0.from) to \($0.to)" } ?? ""
        lines += ["", "\(progress.title)\(period): " + (progress.met ? "on track" : "not yet met")]
        for check in progress.checks {
            lines.append("  \(check.met ? "✓" : "✗") \(check.label): \(CPDHours.text(check.achieved)) of \(CPDHours.text(check.required))")
        }
        for gap in progress.gaps {
            lines.append("  ✗ gap of 3 months or more: \(gap.from) to \(gap.to)" + (gap.ongoing ? " (nothing recorded since)" : ""))
        }
        lines += progress.notes.map { "  note: " + $0 }
        return lines.joined(separator: "\n")
    }

    /// COMMANDS.md's CPD JSON: `{ learner_id, total_hours, verified_hours, self_recorded_hours,
    /// entries: [{ date, title, hours, kind, participatory, verified, session_id }] }`, then additions.
    static func json(_ record: CPDArea.Record, _ local: LocalTime) -> JSONValue {
        let progress = record.progress
        return .object([
            ("learner_id", .string(record.learner.learner.id)), ("total_hours", .double(record.totals.total)),
            ("verified_hours", .double(record.totals.verified)), ("self_recorded_hours", .double(record.totals.selfRecorded)),
            ("entries", .array(record.entries.map { entry in
                .object([("date", .string(entry.date.description)), ("title", .string(entry.title)), ("hours", .double(entry.hours)),
                         ("kind", .string(entry.kind.rawValue)), ("participatory", .bool(entry.participatory)),
                         ("verified", .bool(entry.verified)), ("session_id", .string(entry.sessionID)), ("id", .int(entry.id.map(Int.init))),
                         ("reflection", .string(entry.reflection.learnt)), ("practice", .string(entry.reflection.practice)),
                         ("peer_name", .string(entry.reflection.peerName)),
                         ("peer_date", .string(entry.reflection.peerDate?.description)),
                         ("peer_outcome", .string(entry.reflection.peerOutcome))])
            })),
            ("participatory_hours", .double(record.totals.participatory)),
            ("profile", .object([
                ("id", .string(progress.profileID)), ("title", .string(progress.title)), ("met", .bool(progress.met)),
                ("period_from", .string(progress.period?.from.description)), ("period_to", .string(progress.period?.to.description)),
                ("checks", .array(progress.checks.map {
                    .object([("label", .string($0.label)), ("required", .double($0.required)), ("achieved", .double($0.achieved)),
                             ("met", .bool($0.met))])
                })),
                ("gaps", .array(progress.gaps.map {
                    .object([("from", .string($0.from.description)), ("to", .string($0.to.description)), ("ongoing", .bool($0.ongoing))])
                })),
            ])),
        ])
    }

    static func describe(_ rule: CPDProfile.Rule) -> String {
        switch rule {
        case .hours(let total, let participatory, let months):
            "\(CPDHours.text(total)) hours in \(months) months" + (participatory > 0 ? ", \(CPDHours.text(participatory)) of them participatory" : "")
        case .pieces(let count, let peer):
            "\(count) pieces of CPD each registration year (1 December to 30 November), \(peer) with a peer reflection"
        case .continuous(let gap, let months):
            "a continuous dated record over \(months) months, no gap of \(gap) months or more"
        case .none: "nothing"
        }
    }

    static func fileSafe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }
}
