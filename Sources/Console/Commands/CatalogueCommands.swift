import Foundation
import MusterCore
import Reports

enum CatalogueCommands {
    static let areas = ValueKind.choice(CourseArea.allCases.map(\.rawValue))
    static let formats = ValueKind.choice(DeliveryFormat.allCases.map(\.rawValue))

    /// The options `course add` and `course edit` share.
    static let courseOptions: [OptionSpec] = [
        .value("--title", "T", .text, "the course title"),
        .value("--area", "A", areas, "children's, adults', community or all-age safeguarding"),
        .value("--format", "F", formats, "how it is delivered"),
        .value("--hours", "H", .decimal, "CPD hours a learner earns"),
        .value("--duration", "D", .duration, "length of a session, e.g. 3h or 1h30m (default: the CPD hours)"),
        .value("--level", "N", .number, "level 1 (awareness) to 4 (specialist)"),
        .value("--capacity", "N", .number, "default places per session"),
        .value("--min", "N", .number, "default minimum numbers for a session to run"),
        .value("--renew-months", "N", .number, "months after which the training should be renewed"),
        .value("--description", "T", .text, "what the course covers"),
        .value("--audience", "T", .text, "who should attend"),
    ]

    static let specs: [CommandSpec] = [
        CommandSpec("courses", [.repeating("TEXT", .text).optionalized], options: [
            .value("--area", "A", areas, "only this area"),
            .value("--level", "N", .number, "only this level"),
            .value("--format", "F", formats, "only this format"),
            .flag("--all", "include retired courses"),
        ], roles: .everyone, section: .catalogue, summary: "search the catalogue by words in title and description",
        showsData: true) { invocation, context in
            var query = Catalogue.Query()
            let words = invocation.arguments("TEXT")
            query.text = words.isEmpty ? nil : words.joined(separator: " ")
            query.area = try invocation.choice("--area", Catalogue.area)
            query.level = try invocation.int("--level")
            query.format = try invocation.choice("--format", Catalogue.format)
            query.includeRetired = invocation.flag("--all")
            let courses = try context.catalogue.courses(matching: query)
            let table = Table([
                .init("id"), .init("title", flexible: true), .init("area"), .init("level", alignRight: true),
                .init("format"), .init("length", alignRight: true), .init("cpd", alignRight: true),
            ], rows: courses.map { course in
                [course.id, course.title + (course.retired ? " (retired)" : ""), course.area.rawValue,
                 course.level.map(String.init) ?? "", course.format.rawValue,
                 Minutes(course.durationMinutes).description, CPDHours.text(course.cpdHours)]
            }, noun: ("course", "courses"))
            return CommandOutput(.table(table), json: .array(courses.map(RecordJSON.course)))
        },

        CommandSpec("course show", [.required("COURSE", .course)], roles: .everyone, section: .catalogue,
                    summary: "a course's details and its next sessions", showsData: true) { invocation, context in
            let course = try context.catalogue.course(invocation.required("COURSE"))
            var query = Schedule.Query()
            query.courseID = course.id
            query.status = .scheduled
            let upcoming = try context.schedule.sessions(matching: query)
            let fields = Fields([
                ("id", course.id), ("title", course.title), ("area", course.area.rawValue),
                ("level", course.level.map(String.init)), ("format", course.format.rawValue),
                ("duration", Minutes(course.durationMinutes).description), ("CPD hours", CPDHours.text(course.cpdHours)),
                ("places", "\(course.capacity) (runs with at least \(course.minAttendees))"),
                ("renewal", course.renewMonths.map { "every \($0) months" }),
                ("status", course.retired ? "retired" : nil),
                ("audience", course.audience.isEmpty ? nil : course.audience),
                ("description", course.description.isEmpty ? nil : course.description),
                ("next sessions", upcoming.isEmpty ? "none scheduled" : upcoming.prefix(5).map {
                    "\($0.session.id)  \(context.local.format($0.session.startsAt))  \($0.freePlaces) free"
                }.joined(separator: "\n")),
            ])
            let policy = try context.schedule.policy()
            let json: @Sendable () -> JSONValue = { RecordJSON.course(course).adding([
                ("sessions", .array(upcoming.map { RecordJSON.session($0, context.local, policy) })),
            ]) }
            return CommandOutput(.text(fields.render()), json: json())
        },

        CommandSpec("course add", [.required("COURSE", .text)], options: courseOptions.map {
            ["--title", "--area", "--format", "--hours"].contains($0.name) ? $0.mandatory : $0
        }, roles: .staff,
                    section: .catalogue, summary: "add a course to the catalogue") { invocation, context in
            let id = invocation.required("COURSE")
            let hours = try invocation.decimal("--hours")!
            var course = Course(id: id, title: invocation.option("--title")!, area: try Catalogue.area(invocation.option("--area")!),
                                format: try Catalogue.format(invocation.option("--format")!),
                                durationMinutes: max(1, Int((hours * 60).rounded())), cpdHours: hours)
            try apply(invocation, to: &course)
            if invocation.option("--min") == nil {
                course.minAttendees = min(try context.schedule.policy().minAttendees, course.capacity)
            }
            try context.catalogue.add(course)
            return .text("Added \(course.id): \(course.title)")
        },

        CommandSpec("course edit", [.required("COURSE", .course)], options: courseOptions, roles: .staff,
                    section: .catalogue, summary: "change a course's details") { invocation, context in
            let course = try context.catalogue.edit(invocation.required("COURSE")) { try apply(invocation, to: &$0) }
            return .text("Updated \(course.id): \(course.title)")
        },

        CommandSpec("course retire", [.required("COURSE", .course)], roles: .staff, section: .catalogue,
                    summary: "withdraw a course: it keeps its history but takes no new sessions") { invocation, context in
            let id = invocation.required("COURSE")
            try context.catalogue.retire(id)
            return .text("Retired \(id)")
        },

        CommandSpec("import courses", [.optional("DIR", .directory)], roles: .staff, section: .catalogue,
                    summary: "add or update courses from YAML files (default ./Courses)", showsData: true) { invocation, context in
            let summary = try context.catalogue.importCourses(from: URL(fileURLWithPath: invocation.argument("DIR") ?? "Courses"))
            return CommandOutput(.text(summary.description), json: RecordJSON.summary(summary))
        },
    ]

    /// Applies the options in turn; a bad one throws, and the caller's transaction rolls back.
    static func apply(_ invocation: Invocation, to course: inout Course) throws {
        if let title = invocation.option("--title") { course.title = title }
        if let area = try invocation.choice("--area", Catalogue.area) { course.area = area }
        if let format = try invocation.choice("--format", Catalogue.format) { course.format = format }
        if let hours = try invocation.decimal("--hours") { course.cpdHours = hours }
        if let duration = try invocation.duration("--duration") { course.durationMinutes = duration.value }
        if let level = try invocation.int("--level") { course.level = level }
        if let capacity = try invocation.int("--capacity") { course.capacity = capacity }
        if let minimum = try invocation.int("--min") { course.minAttendees = minimum }
        if let months = try invocation.int("--renew-months") { course.renewMonths = months }
        if let description = invocation.option("--description") { course.description = description }
        if let audience = invocation.option("--audience") { course.audience = audience }
    }
}

extension ArgumentSpec {
    /// A repeating argument that may be absent (`courses [TEXT...]`).
    var optionalized: ArgumentSpec { ArgumentSpec(name: name, kind: kind, optional: true, repeating: repeating) }
}
