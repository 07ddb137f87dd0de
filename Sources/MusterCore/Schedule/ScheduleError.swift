public enum ScheduleError: Error, Equatable, CustomStringConvertible {
    case unknownSession(String, suggestions: [String])
    case unknownTrainer(String, suggestions: [String])
    case duplicateSession(String)
    case idTaken(String, courseID: String)
    case retiredCourse(String)
    case invalid(String, problems: [String])
    case inThePast(String)
    case notScheduled(String, status: SessionStatus)
    case notStarted(String, startsAt: String)
    case capacityBelowConfirmed(String, capacity: Int, confirmed: Int)
    case unknownStatus(String)
    case unknownReason(String)
    case badImport(source: String, problems: [String])

    public var description: String {
        switch self {
        case .unknownSession(let id, let suggestions):
            "no session '\(id)'" + Suggesting.tail(suggestions)
        case .unknownTrainer(let id, let suggestions):
            "no trainer '\(id)'" + Suggesting.tail(suggestions)
        case .duplicateSession(let id):
            "session '\(id)' already exists"
        case .idTaken(let id, let courseID):
            "\(id) is already a session of \(courseID); give this session another id"
        case .retiredCourse(let id):
            "course '\(id)' is retired and takes no new sessions"
        case .invalid(let id, let problems):
            "session \(id): " + problems.joined(separator: "; ")
        case .inThePast(let when):
            "\(when) has already passed; a new session must start in the future"
        case .notScheduled(let id, let status):
            "session \(id) is \(status.rawValue); only a scheduled session can be changed"
        case .notStarted(let id, let startsAt):
            "session \(id) has not started yet (it starts \(startsAt)); its register closes after it has run"
        case .capacityBelowConfirmed(let id, let capacity, let confirmed):
            "session \(id) has \(confirmed) confirmed places; capacity \(capacity) would overbook it (--force moves the latest back to the waiting list)"
        case .unknownStatus(let text):
            "'\(text)' is not a session status: expected one of \(SessionStatus.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownReason(let text):
            "'\(text)' is not a cancellation reason: expected one of \(CancelReason.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badImport(let source, let problems):
            "nothing imported from \(source):\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}
