import MusterCore

/// Why the outbox could not be delivered; each names what the admin can do about it.
public enum DeliveryError: MusterError, Equatable {
    case noCommand
    case noSender
    case badSender(String)
    case notDelivered(sent: Int, failures: [Failure])

    public struct Failure: Sendable, Equatable {
        public var notificationID: Int64
        public var recipient: String
        public var reason: String
    }

    public var description: String {
        switch self {
        case .noCommand:
            "no mail command is set: outbox config --command \"\(MailCommand.defaultCommand)\""
        case .noSender:
            "no sender address is set: outbox config --from training@your-partnership.org.uk"
        case .badSender(let text):
            "'\(text)' is not an email address: expected name@domain"
        case .notDelivered(let sent, let failures):
            "\(sent) sent; \(failures.count) not delivered, kept to try again next time:\n"
                + failures.map { "  #\($0.notificationID) to \($0.recipient): \($0.reason)" }.joined(separator: "\n")
        }
    }
}
