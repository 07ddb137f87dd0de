/// The person a command runs for. Without `--login` the local operator, who can open the
/// file anyway, acts as admin.
public struct ActingUser: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable, Comparable {
        case learner, trainer, admin

        public static func < (a: Role, b: Role) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public let id: String
    public let role: Role
    /// The learner record a learner user acts on.
    public let learnerID: String?

    public init(id: String, role: Role, learnerID: String? = nil) {
        self.id = id; self.role = role; self.learnerID = learnerID
    }

    public static let localOperator = ActingUser(id: "local", role: .admin)
    public static let importer = ActingUser(id: "import", role: .admin)
    /// The timed jobs: cut-off decisions, reminders, requests and follow-ups.
    public static let scheduler = ActingUser(id: "scheduler", role: .admin)
}
