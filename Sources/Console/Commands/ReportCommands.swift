import Foundation
import MusterCore
import Reports

/// The annual figures and what an admin invoices from them.
enum ReportCommands {
    static let specs: [CommandSpec] = [
        CommandSpec("report year", options: [
            OptionSpec.value("--from", "DATE", .date, "first day of the period (sessions starting on or after)").mandatory,
            OptionSpec.value("--to", "DATE", .date, "last day of the period (sessions starting on or before)").mandatory,
            .value("--html", "FILE", .file, "write the printable report with charts to this file"),
        ], roles: .admins, section: .reports,
        summary: "the annual report's training figures: sessions, topics, cancellations, places, attendance, feedback",
        showsData: true) { invocation, context in
            let report = try YearReport(from: try invocation.date("--from", context.local)!, to: try invocation.date("--to", context.local)!,
                                        database: context.database, clock: context.clock, actor: context.actor)
            if let path = invocation.option("--html") {
                let page = YearReportPage.render(report, generated: context.local.format(context.clock.now))
                _ = try ExportFile.write(to: path) { write in try write(page); return 1 }
                return CommandOutput(.text("Wrote the report for \(report.from) to \(report.to) to \(path)"), json: report.json)
            }
            return CommandOutput(.text(YearReportText.render(report)), json: report.json)
        },
        CommandSpec("charges policy", options: [
            .value("--half-day", "AMOUNT", .text, "charge for a place on a session of up to a half day, in pounds (0: none)"),
            .value("--full-day", "AMOUNT", .text, "charge for a place on a longer session, in pounds (0: none)"),
            .value("--half-day-hours", "H", .decimal, "sessions up to this long are a half day (default 4)"),
            .value("--window", "DAYS", .number, "working days before the start inside which a cancellation is late (the booking rules' window)"),
            .value("--late", "on|off", .choice(["on", "off"]), "charge late cancellations"),
            .value("--no-show", "on|off", .choice(["on", "off"]), "charge absences without apology"),
            .value("--exempt", "AGENCIES", .text, "agencies never charged, comma-separated ids or names; none for no one"),
        ], roles: .admins, section: .reports, summary: "show or set what agencies are charged for late cancellations and no-shows",
        showsData: true) { invocation, context in
            let charges = context.charges
            var (policy, window) = try charges.policy()
            func money(_ name: String) throws -> Int? {
                try invocation.option(name).map { text in
                    guard let pence = Pence.parse(text), pence <= 1_000_000 else {
                        throw UsageError.badValue(option: name, value: text, expected: "an amount in pounds up to 10000, e.g. 50 or 49.50")
                    }
                    return pence
                }
            }
            func onOff(_ name: String) throws -> Bool? {
                try invocation.choice(name) { text in
                    guard text == "on" || text == "off" else { throw UsageError.badValue(option: name, value: text, expected: "on or off") }
                    return text == "on"
                }
            }
            let half = try money("--half-day"), full = try money("--full-day")
            let hours = try invocation.decimal("--half-day-hours")
            if let hours, hours < 0.25 || hours > 24 {
                throw UsageError.badValue(option: "--half-day-hours", value: String(hours), expected: "hours from 0.25 to 24")
            }
            let newWindow = try invocation.int("--window", atLeast: 0)
            if let newWindow, newWindow > 20 {
                throw UsageError.badValue(option: "--window", value: String(newWindow), expected: "working days from 0 to 20")
            }
            let late = try onOff("--late"), noShow = try onOff("--no-show")
            let exempt = invocation.option("--exempt").map { $0.lowercased() == "none" ? [] : ComplianceCommands.list($0) }
            if half != nil || full != nil || hours != nil || newWindow != nil || late != nil || noShow != nil || exempt != nil {
                if let half { policy.halfDayPence = half }
                if let full { policy.fullDayPence = full }
                if let hours { policy.halfDayMinutes = Int((hours * 60).rounded()) }
                if let late { policy.chargesLateCancellations = late }
                if let noShow { policy.chargesNoShows = noShow }
                try charges.setPolicy(policy, exempting: exempt, lateWindowWorkingDays: newWindow)
                (policy, window) = try charges.policy()
            }
            let exemptNames = try context.people.agencies().filter { policy.exemptAgencies.contains($0.agency.id) }.map(\.agency.name)
            let text = Fields([
                ("half day", "£" + Pence.text(policy.halfDayPence) + " (sessions up to \(DecimalText.text(Double(policy.halfDayMinutes) / 60)) hours)"),
                ("full day", "£" + Pence.text(policy.fullDayPence)),
                ("late cancellation", (policy.chargesLateCancellations ? "charged" : "not charged") + ", within \(window) working days of the start"),
                ("no-show", policy.chargesNoShows ? "charged (absent without apology)" : "not charged"),
                ("exempt", exemptNames.isEmpty ? "none" : exemptNames.joined(separator: ", ")),
            ]).render() + (policy.chargesNothing ? "\nNothing is charged under this policy." : "")
            let (shown, days) = (policy, window)
            return CommandOutput(.text(text), json: .object([
                ("half_day", .double(Double(shown.halfDayPence) / 100)), ("full_day", .double(Double(shown.fullDayPence) / 100)),
                ("half_day_hours", .double(Double(shown.halfDayMinutes) / 60)), ("window_working_days", .int(days)),
                ("late_cancellations", .bool(shown.chargesLateCancellations)), ("no_shows", .bool(shown.chargesNoShows)),
                ("exempt", .array(shown.exemptAgencies.map(JSONValue.string))), ("charges_nothing", .bool(shown.chargesNothing)),
            ]))
        },
        CommandSpec("report charges", options: [
            OptionSpec.value("--from", "DATE", .date, "sessions starting on or after this day").mandatory,
            OptionSpec.value("--to", "DATE", .date, "sessions starting on or before this day").mandatory,
            .value("--agency", "A", .agency, "one agency's charges"),
            .value("--format", "F", ExportCommands.formats, "csv or json, for invoicing (default: a table)"),
            .flag("--totals", "one line per agency instead of one per booking"),
            .value("--output", "FILE", .file, "write to this file instead of the screen"),
        ], roles: .admins, section: .reports,
        summary: "late cancellations and no-shows each agency is charged for, with the total per agency") { invocation, context in
            let from = try invocation.date("--from", context.local)!, to = try invocation.date("--to", context.local)!
            guard from <= to else { throw YearReportError.emptyPeriod(from: from, to: to) }
            let charges = context.charges
            let invoice = ChargesInvoice(try charges.chargeable(from: from, to: to, agency: invocation.option("--agency")), local: context.local)
            let totals = invocation.flag("--totals")
            if invocation.option("--format") != nil || invocation.option("--output") != nil {
                let format = try ExportCommands.format(invocation)
                let produce: @Sendable ((String) throws -> Void) throws -> Void = { write in
                    try invoice.write(format, totals: totals, to: write)
                }
                guard let path = invocation.option("--output") else { return CommandOutput(.stream(produce)) }
                _ = try ExportFile.write(to: path) { write in try produce(write); return invoice.charges.count }
                return .text("Wrote \(invoice.charges.count) charge\(invoice.charges.count == 1 ? "" : "s") (£\(Pence.text(invoice.totalPence))) to \(path)")
            }
            if invoice.charges.isEmpty {
                let policy = try charges.policy().charging
                return .text(policy.chargesNothing
                    ? "Nothing is charged under the current policy; set amounts with charges policy --half-day AMOUNT --full-day AMOUNT"
                    : "No chargeable bookings on sessions starting \(from) to \(to).")
            }
            let rows: [[String]] = totals ? [] : invoice.charges.map { charge in
                let cells = invoice.cells(charge)
                return [cells[0], cells[2], cells[3], cells[4], cells[6], cells[7], "£" + cells[8]]
            }
            var text = totals ? "" : Table([.init("agency", flexible: true), .init("learner"), .init("name", flexible: true), .init("session"),
                                            .init("date"), .init("reason"), .init("amount", alignRight: true)],
                                           rows: rows, noun: ("charge", "charges")).render(width: nil) + "\n\n"
            text += Table([.init("agency", flexible: true), .init("bookings", alignRight: true), .init("amount", alignRight: true)],
                          rows: invoice.totals.map { [$0.agency, String($0.bookings), "£" + Pence.text($0.pence)] },
                          noun: ("agency", "agencies")).render(width: nil)
            text += "\nTotal: £\(Pence.text(invoice.totalPence))"
            return .text(text)
        },
    ]
}
