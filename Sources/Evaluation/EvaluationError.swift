import MusterCore

/// Why feedback cannot be given or read; each says what the person can do instead.
public enum EvaluationError: MusterError, Equatable {
    case notBooked(session: String, learner: String)
    case notAttended(session: String, learner: String, status: BookingStatus)
    case notYetOpen(session: String, opens: String)
    case closed(session: String, closedAt: String)
    case followUpNotYetOpen(session: String, opens: String)
    case followUpClosed(session: String, closedAt: String)
    case missingAnswer(String, String)
    case badAnswer(String, String, expected: String)
    case unknownQuestion(String, known: [String])
    case noFeedback(session: String, learner: String)
    case notYourSession(String)
    case nothingToEvaluate(String)
    case notTheirsToAnswer
    case noFollowUps

    public var description: String {
        switch self {
        case .notBooked(let session, let learner):
            "\(learner) has no booking on \(session); only delegates who attended can give feedback"
        case .notAttended(let session, let learner, let status):
            "only delegates marked attended or partial can give feedback: \(learner) is \(status.rawValue) on \(session)"
        case .notYetOpen(let session, let opens):
            "feedback on \(session) opens when the session ends, \(opens)"
        case .closed(let session, let closedAt):
            "feedback on \(session) closed at \(closedAt)"
        case .followUpNotYetOpen(let session, let opens):
            "the follow-up for \(session) opens \(opens)"
        case .followUpClosed(let session, let closedAt):
            "the follow-up for \(session) closed at \(closedAt)"
        case .missingAnswer(_, let prompt):
            "the form needs an answer to: \(prompt)"
        case .badAnswer(let key, let answer, let expected):
            "'\(answer)' is not an answer to \(key): expected \(expected)"
        case .unknownQuestion(let key, let known):
            "the form has no question '\(key)'; its questions are \(known.joined(separator: ", "))"
        case .noFeedback(let session, let learner):
            "\(learner) has not given feedback on \(session) yet: feedback \(session)"
        case .notYourSession(let session):
            "\(session) is not one of your sessions: a trainer sees the evaluations of their own"
        case .nothingToEvaluate(let id):
            "no session or course '\(id)'"
        case .notTheirsToAnswer:
            "feedback is the delegate's own: a trainer reads the evaluation of their sessions instead (evaluation SESSION)"
        case .noFollowUps:
            "the partnership does not ask for impact follow-ups (scheduler policy --followup-days 0)"
        }
    }
}
