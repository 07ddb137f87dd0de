import Foundation
import Yams

/// Reads one mapping of a YAML file field by field, so that every problem names the file
/// and the field, and a file is checked whole before anything is written.
struct YAMLFields {
    let place: String
    private let mapping: Node.Mapping
    private(set) var problems: [String] = []
    private var read: Set<String> = []

    init?(_ node: Node?, place: String, problems: inout [String]) {
        guard let mapping = node?.mapping else {
            problems.append("\(place): expected a mapping of fields")
            return nil
        }
        self.place = place
        self.mapping = mapping
    }

    private mutating func node(_ key: String) -> Node? {
        read.insert(key)
        return mapping[key]
    }

    private mutating func problem(_ text: String) { problems.append("\(place): \(text)") }

    mutating func requiredString(_ key: String) -> String? {
        guard let value = string(key) else {
            if mapping[key] == nil { problem("missing field '\(key)'") }
            return nil
        }
        return value
    }

    mutating func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        guard let scalar = node.scalar else {
            problem("field '\(key)' should be text")
            return nil
        }
        return scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func int(_ key: String) -> Int? {
        guard let text = string(key) else { return nil }
        guard let value = Int(text) else {
            problem("field '\(key)' should be a whole number, not '\(text)'")
            return nil
        }
        return value
    }

    mutating func number(_ key: String) -> Double? {
        guard let text = string(key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            problem("field '\(key)' should be a number, not '\(text)'")
            return nil
        }
        return value
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            problem("field '\(key)' should be true or false, not '\(text)'")
            return nil
        }
    }

    mutating func required<T>(_ key: String, _ read: (inout YAMLFields, String) -> T?) -> T? {
        if mapping[key] == nil {
            problem("missing field '\(key)'")
            return nil
        }
        return read(&self, key)
    }

    mutating func sequence(_ key: String) -> [Node]? {
        guard let node = node(key) else { return nil }
        guard let sequence = node.sequence else {
            problem("field '\(key)' should be a list")
            return nil
        }
        return Array(sequence)
    }

    /// A nested mapping whose keys are the author's own names (role groups), in file order.
    mutating func namedLists(_ key: String) -> [(name: String, items: [String])]? {
        guard let node = node(key) else { return nil }
        guard let mapping = node.mapping else {
            problem("field '\(key)' should be a mapping of names to lists")
            return nil
        }
        var lists: [(String, [String])] = []
        for (name, value) in mapping {
            guard let name = name.string, let items = value.sequence?.compactMap({ $0.string }),
                  items.count == value.sequence?.count, !items.isEmpty
            else {
                problem("field '\(key)': '\(name.string ?? "?")' should be a list of text items")
                continue
            }
            lists.append((name, items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }))
        }
        return lists
    }

    /// A list of text items (`[a, b]` or one item per line).
    mutating func strings(_ key: String) -> [String]? {
        guard let nodes = sequence(key) else { return nil }
        var items: [String] = []
        for (index, node) in nodes.enumerated() {
            guard let scalar = node.scalar else {
                problem("field '\(key)' item \(index + 1) should be text")
                continue
            }
            items.append(scalar.string.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return items
    }

    mutating func custom<T>(_ key: String, _ convert: (String) throws -> T) -> T? {
        guard let text = string(key) else { return nil }
        do { return try convert(text) } catch {
            problem("field '\(key)': \(error)")
            return nil
        }
    }

    /// Reports fields nobody read: usually a typo that would otherwise be silently ignored.
    mutating func finish() -> [String] {
        for (key, _) in mapping {
            if let name = key.string, !read.contains(name) {
                problem("unknown field '\(name)'")
            }
        }
        return problems
    }

    /// Reads a YAML file whose top level is a mapping. `place` names it as people see it
    /// (`Courses/fgm.yaml`) in every problem.
    static func file(_ url: URL, problems: inout [String]) -> YAMLFields? {
        let place = "\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent)"
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problems.append("\(place): cannot be read")
            return nil
        }
        guard let text = TextFile.decode(data) else {
            problems.append("\(place): not a text file (it holds NUL bytes)")
            return nil
        }
        guard let node = document(text, place: place, problems: &problems) else { return nil }
        return YAMLFields(node, place: place, problems: &problems)
    }

    /// Parses a file's text, turning YAML syntax errors into a problem naming the file.
    static func document(_ text: String, place: String, problems: inout [String]) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problems.append("\(place): the file is empty")
                return nil
            }
            return node
        } catch {
            problems.append("\(place): not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))")
            return nil
        }
    }
}
