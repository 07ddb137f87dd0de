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
    ]
}
