/// What an import changed, so re-running it can be seen to do nothing.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    public var kind: String
    public var source: String
    public var added: [String] = []
    public var updated: [String] = []
    public var unchanged = 0
    public var notes: [String] = []

    public init(kind: String, source: String) { self.kind = kind; self.source = source }

    public var description: String {
        var text = "\(kind) from \(source): \(added.count) added, \(updated.count) updated, \(unchanged) unchanged"
        if !added.isEmpty { text += "\n  added: " + Self.list(added) }
        if !updated.isEmpty { text += "\n  updated: " + Self.list(updated) }
        for note in notes { text += "\n  " + note }
        return text
    }

    /// A whole HR extract can add 10^5 learners: name the first few, count the rest.
    static func list(_ ids: [String], shown: Int = 12) -> String {
        ids.count <= shown ? ids.joined(separator: ", ")
            : ids.prefix(shown).joined(separator: ", ") + " and \(ids.count - shown) more"
    }
}
