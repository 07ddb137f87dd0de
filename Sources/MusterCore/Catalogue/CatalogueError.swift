public enum CatalogueError: Error, Equatable, CustomStringConvertible {
    case unknownCourse(String, suggestions: [String])
    case duplicateCourse(String)
    case invalid(courseID: String, problems: [CourseProblem])
    case alreadyRetired(String)
    case unknownArea(String)
    case unknownFormat(String)
    case badImport(directory: String, problems: [String])

    public var description: String {
        switch self {
        case .unknownCourse(let id, let suggestions):
            "no course '\(id)'" + Suggesting.tail(suggestions)
        case .duplicateCourse(let id):
            "course '\(id)' already exists; change it with: course edit \(id)"
        case .invalid(let id, let problems):
            "course '\(id)': " + problems.map(\.message).joined(separator: "; ")
        case .alreadyRetired(let id):
            "course '\(id)' is already retired"
        case .unknownArea(let text):
            "'\(text)' is not an area: expected one of \(CourseArea.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownFormat(let text):
            "'\(text)' is not a format: expected one of \(DeliveryFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badImport(let directory, let problems):
            "nothing imported from \(directory):\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}

/// The "did you mean" tail every not-found error ends with.
enum Suggesting {
    static func tail(_ suggestions: [String]) -> String {
        switch suggestions.count {
        case 0: ""
        case 1: "; did you mean \(suggestions[0])?"
        default: "; did you mean one of: \(suggestions.joined(separator: ", "))?"
        }
    }
}
