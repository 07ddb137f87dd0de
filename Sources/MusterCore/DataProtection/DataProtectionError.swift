/// Refusals of data-protection requests, in words for the admin answering them.
public enum DataProtectionError: Error, Equatable, CustomStringConvertible, MusterError {
    case adminsOnly
    case alreadyErased(String)
    case placesHeld(String, sessions: [String])
    case badRetentionYears(Int)

    public var description: String {
        switch self {
        case .adminsOnly:
            "only an admin answers data-protection requests"
        case .alreadyErased(let id):
            "learner '\(id)' has already been erased: nothing identifies them any more"
        case .placesHeld(let id, let sessions):
            "learner '\(id)' still holds a place on \(sessions.joined(separator: ", ")): give it up first (unbook \(sessions[0]) \(id)) "
                + "so the waiting list moves on; nothing was erased"
        case .badRetentionYears(let years):
            "\(years) is not a retention period: give whole years from \(RetentionPolicy.allowedYears.lowerBound) to \(RetentionPolicy.allowedYears.upperBound)"
        }
    }
}
