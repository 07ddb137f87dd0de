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
        if !added.isEmpty { text += "\n  added: " + added.joined(separator: ", ") }
        if !updated.isEmpty { text += "\n  updated: " + updated.joined(separator: ", ") }
        for note in notes { text += "\n  " + note }
        return text
    }
}
