public enum CPDError: Error, Equatable, CustomStringConvertible, MusterError {
    case unknownEntry(Int64)
    case verifiedEntry(Int64, sessionID: String?)
    case invalidEntry([String])
    case unknownProfile(String, known: [String])
    case invalidProfile(String, problems: [String])
    case duplicateProfile(String)

    public var description: String {
        switch self {
        case .unknownEntry(let id):
            "no CPD entry \(id) of yours; `cpd` lists them with their numbers"
        case .verifiedEntry(let id, let session):
            "CPD entry \(id) comes from the register\(session.map { " of \($0)" } ?? ""); it changes only when the register does"
        case .invalidEntry(let problems):
            problems.joined(separator: "; ")
        case .unknownProfile(let text, let known):
            "no CPD profile '\(text)'; choose one of: " + known.joined(separator: ", ")
        case .invalidProfile(let id, let problems):
            "CPD profile '\(id)': " + problems.joined(separator: "; ")
        case .duplicateProfile(let id):
            "CPD profile '\(id)' already exists"
        }
    }
}
