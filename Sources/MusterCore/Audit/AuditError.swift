/// What can go wrong reading the audit trail.
public enum AuditError: Error, Equatable, CustomStringConvertible, MusterError {
    case noSuchEvent(Int64)

    public var description: String {
        switch self {
        case .noSuchEvent(let id): "no audit event \(id): audit lists them with their numbers (audit --json, or the # column)"
        }
    }
}
