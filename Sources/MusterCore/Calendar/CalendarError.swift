/// Why a calendar cannot be exported. One argument may name a session or a learner, so an
/// id that names neither says both were looked for.
public enum CalendarError: Error, Equatable, CustomStringConvertible, MusterError {
    case unknownSessionOrLearner(String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknownSessionOrLearner(let id, let suggestions):
            "no session or learner '\(id)'" + Suggesting.tail(suggestions)
        }
    }
}
