import Foundation
import GRDB

/// A course in the partnership's catalogue. Its id is a stable slug (the file name in
/// `Courses/`), so re-importing updates the same course instead of adding another.
public struct Course: Sendable, Equatable {
    public var id: String
    public var title: String
    public var area: CourseArea
    public var level: Int?
    public var format: DeliveryFormat
    public var durationMinutes: Int
    public var cpdHours: Double
    public var description: String
    public var audience: String
    public var capacity: Int
    public var minAttendees: Int
    public var renewMonths: Int?
    public var retired: Bool

    public init(id: String, title: String, area: CourseArea, level: Int? = nil,
                format: DeliveryFormat, durationMinutes: Int, cpdHours: Double,
                description: String = "", audience: String = "", capacity: Int = Course.defaultCapacity,
                minAttendees: Int = Course.defaultMinimum, renewMonths: Int? = nil, retired: Bool = false) {
        self.id = id; self.title = title; self.area = area; self.level = level
        self.format = format; self.durationMinutes = durationMinutes; self.cpdHours = cpdHours
        self.description = description; self.audience = audience; self.capacity = capacity
        self.minAttendees = minAttendees; self.renewMonths = renewMonths; self.retired = retired
    }

    public static let defaultCapacity = 20
    public static let defaultMinimum = 6

    /// Every rule a course must keep, as problems naming the field, so add, edit and import
    /// all refuse the same things with the same words.
    public func problems() -> [CourseProblem] {
        var problems: [CourseProblem] = []
        if !Course.isValidID(id) { problems.append(.init(field: "id", message: "'\(id)' is not a course id: use lowercase letters, digits and hyphens, e.g. domestic-abuse")) }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.init(field: "title", message: "a title is required")) }
        for (field, text, limit) in [("title", title, FieldLength.title), ("description", description, FieldLength.longText),
                                     ("audience", audience, FieldLength.longText)] {
            if let problem = FieldLength.problem("the \(field)", text, atMost: limit) { problems.append(.init(field: field, message: problem)) }
        }
        if let level, !(1...4).contains(level) { problems.append(.init(field: "level", message: "level must be 1 to 4, not \(level)")) }
        if durationMinutes <= 0 { problems.append(.init(field: "duration", message: "duration must be more than zero")) }
        if cpdHours < 0 || cpdHours > 1000 { problems.append(.init(field: "cpd_hours", message: "CPD hours must be between 0 and 1000")) }
        if capacity < 1 { problems.append(.init(field: "capacity", message: "capacity must be at least 1, not \(capacity)")) }
        if minAttendees < 0 { problems.append(.init(field: "min_attendees", message: "minimum numbers cannot be negative")) }
        if minAttendees > capacity { problems.append(.init(field: "min_attendees", message: "minimum numbers (\(minAttendees)) cannot be above capacity (\(capacity))")) }
        if let renewMonths, renewMonths < 1 { problems.append(.init(field: "renew_months", message: "renewal must be at least 1 month")) }
        return problems
    }

    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.first != "-" &&
            id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

public struct CourseProblem: Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String
    public var description: String { message }
}

public enum CourseArea: String, CaseIterable, Sendable, Codable {
    case children, adults, community
    case allAge = "all-age"
}

public enum DeliveryFormat: String, CaseIterable, Sendable, Codable {
    case faceToFace = "face-to-face"
    case virtual
    case eLearning = "e-learning"
    case webinar

    /// Sessions of these formats meet online and take a link rather than a venue.
    public var isOnline: Bool { self != .faceToFace }
}

// MARK: - Persistence

/// Read and written column by column rather than through Codable: GRDB turned every column
/// name from snake case for every course read, three quarters of a course search's time.
extension Course: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "course"

    public init(row: Row) throws {
        id = row["id"]; title = row["title"]; area = row["area"]; level = row["level"]; format = row["format"]
        durationMinutes = row["duration_minutes"]; cpdHours = row["cpd_hours"]
        description = row["description"]; audience = row["audience"]; capacity = row["capacity"]
        minAttendees = row["min_attendees"]; renewMonths = row["renew_months"]; retired = row["retired"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id; container["title"] = title; container["area"] = area; container["level"] = level
        container["format"] = format; container["duration_minutes"] = durationMinutes; container["cpd_hours"] = cpdHours
        container["description"] = description; container["audience"] = audience; container["capacity"] = capacity
        container["min_attendees"] = minAttendees; container["renew_months"] = renewMonths; container["retired"] = retired
    }
}

extension CourseArea: DatabaseValueConvertible {}
extension DeliveryFormat: DatabaseValueConvertible {}
