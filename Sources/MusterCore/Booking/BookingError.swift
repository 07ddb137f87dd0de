public enum BookingError: Error, Equatable, CustomStringConvertible, MusterError {
    case sessionNotOpen(String, status: SessionStatus)
    case sessionStarted(String)
    case bookingClosed(String, closedAt: String)
    case forceNeedsAdmin
    case retiredCourse(String)
    case alreadyBooked(String, learnerID: String, status: BookingStatus, position: Int?)
    case overlapping(learnerID: String, sessionID: String, course: String, when: String)
    case noLiveBooking(String, learnerID: String)
    case notConfirmed(String, learnerID: String)
    case tooManyAbsences(learnerID: String, absences: Int)
    case sameLearner(String)

    public var description: String {
        switch self {
        case .sessionNotOpen(let id, let status):
            "session \(id) is \(status.rawValue) and takes no bookings"
        case .sessionStarted(let id):
            "session \(id) has already started"
        case .bookingClosed(let id, let closedAt):
            "booking for \(id) closed at \(closedAt) (its cut-off); an admin may add --force"
        case .forceNeedsAdmin:
            "only an admin may book past the cut-off with --force"
        case .retiredCourse(let id):
            "course '\(id)' is retired and takes no bookings"
        case .alreadyBooked(let id, let learner, let status, let position):
            "\(learner) already has a place on \(id): \(status.rawValue)" + (position.map { " (position \($0))" } ?? "")
        case .overlapping(let learner, let session, let course, let when):
            "\(learner) is already booked on \(session), \(course), at an overlapping time (\(when))"
        case .noLiveBooking(let id, let learner):
            "\(learner) has no place on \(id) to give up"
        case .notConfirmed(let id, let learner):
            "\(learner) holds no confirmed place on \(id) to transfer"
        case .tooManyAbsences(let learner, let absences):
            "\(learner) did not attend \(absences) times in the last 12 months without apology; a trainer or admin must make this booking"
        case .sameLearner(let learner):
            "\(learner) cannot transfer a place to themselves"
        }
    }
}
