public enum PeopleError: Error, Equatable, CustomStringConvertible {
    case unknownLearner(String, suggestions: [String])
    case unknownAgency(String, suggestions: [String])
    case duplicateLearner(String)
    case duplicateAgency(String)
    case invalidLearner(String, problems: [String])
    case invalidAgency(String)
    case badImport(file: String, problems: [String])
    case erased(String)

    public var description: String {
        switch self {
        case .unknownLearner(let id, let suggestions):
            "no learner '\(id)'" + Suggesting.tail(suggestions)
        case .unknownAgency(let name, let suggestions):
            "no agency '\(name)'" + Suggesting.tail(suggestions) + (suggestions.isEmpty ? "; add it with: agency add ID --name \"NAME\"" : "")
        case .duplicateLearner(let id):
            "learner '\(id)' already exists; change them with: learner edit \(id)"
        case .duplicateAgency(let name):
            "agency '\(name)' already exists"
        case .invalidLearner(let id, let problems):
            "learner '\(id)': " + problems.joined(separator: "; ")
        case .invalidAgency(let text):
            "agency '\(text)': " + "an agency needs an id (letters, digits, hyphens) and a name"
        case .erased(let id):
            "learner '\(id)' was erased: the record keeps its counts for the figures and takes no new bookings, edits or CPD"
        case .badImport(let file, let problems):
            "nothing imported from \(file):\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}
