import Foundation

/// A course as the partnership writes it in `Courses/ID.yaml`: the file name is the id.
enum CourseFile {
    /// The course, and whether the file itself says if it is retired. A file without
    /// `min_attendees` takes the partnership's default minimum.
    static func read(_ url: URL, defaultMinimum: Int, problems: inout [String])
        -> (course: Course, setsRetired: Bool, questions: [CourseQuestion])? {
        let id = url.deletingPathExtension().lastPathComponent
        guard var fields = YAMLFields.file(url, problems: &problems) else { return nil }
        let place = fields.place

        let title = fields.requiredString("title")
        let area = fields.required("area") { f, k in f.custom(k) { try Catalogue.area($0) } }
        let level = fields.int("level")
        let format = fields.required("format") { f, k in f.custom(k) { try Catalogue.format($0) } }
        let duration = fields.required("duration") { f, k in f.custom(k) { try Minutes(parsing: $0) } }
        let hours = fields.required("cpd_hours") { f, k in f.number(k) }
        let capacity = fields.int("capacity")
        let minimum = fields.int("min_attendees")
        let renew = fields.int("renew_months")
        let audience = fields.string("audience")
        let description = fields.string("description")
        let retired = fields.bool("retired")
        let questions = CourseQuestion.read(fields.sequence("questions") ?? [], place: place, problems: &problems)
        let found = fields.finish()
        problems += found
        guard found.isEmpty, let title, let area, let format, let duration, let hours else { return nil }

        let course = Course(id: id, title: title, area: area, level: level, format: format,
                            durationMinutes: duration.value, cpdHours: hours,
                            description: description ?? "", audience: audience ?? "",
                            capacity: capacity ?? Course.defaultCapacity,
                            minAttendees: minimum ?? min(defaultMinimum, capacity ?? Course.defaultCapacity),
                            renewMonths: renew, retired: retired ?? false)
        let invalid = course.problems()
        problems += invalid.map { "\(place): \($0.message)" }
        return invalid.isEmpty ? (course, retired != nil, questions) : nil
    }
}
