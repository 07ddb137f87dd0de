import Foundation
import GRDB
import Yams

/// A question a course adds to the partnership's feedback form, written in its `Courses/`
/// file. Each change to a course's questions is kept as a new version of its form, so
/// answers already given are always read against the questions that were asked.
public struct CourseQuestion: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case rating, yesNo = "yes-no", choice, text
    }

    public var id: String
    public var text: String
    public var kind: Kind
    public var choices: [String]?

    public init(id: String, text: String, kind: Kind, choices: [String]? = nil) {
        self.id = id; self.text = text; self.kind = kind; self.choices = choices
    }

    /// `questions:` of a course file: each an `id`, its `text`, a `kind` and, for a choice, `choices`.
    static func read(_ nodes: [Node], place: String, problems: inout [String]) -> [CourseQuestion] {
        var questions: [CourseQuestion] = []
        for (index, node) in nodes.enumerated() {
            guard var fields = YAMLFields(node, place: "\(place) question \(index + 1)", problems: &problems) else { continue }
            let id = fields.requiredString("id"), text = fields.requiredString("text")
            let kind = fields.required("kind") { f, k in f.custom(k) { word in
                guard let kind = Kind(rawValue: word) else {
                    throw QuestionKindError(word: word)
                }
                return kind
            } }
            let choices = fields.strings("choices")
            let found = fields.finish()
            problems += found
            guard found.isEmpty, let id, let text, let kind else { continue }
            if Self.reservedIDs.contains(id) || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
                problems.append("\(fields.place): '\(id)' cannot be a question id: use letters, digits, - and _, "
                                + "and not one of the form's own (\(Self.reservedIDs.joined(separator: ", ")))")
            } else if kind == .choice && (choices?.count ?? 0) < 2 {
                problems.append("\(fields.place): a choice question needs at least two choices")
            } else if kind != .choice && choices != nil {
                problems.append("\(fields.place): only a choice question has choices")
            } else if questions.contains(where: { $0.id == id }) {
                problems.append("\(fields.place): question id '\(id)' is used twice")
            } else {
                questions.append(CourseQuestion(id: id, text: text, kind: kind, choices: choices))
            }
        }
        return questions
    }

    /// The default form's and the follow-up's own keys.
    static let reservedIDs = ["course_rating", "trainer_rating", "confidence_before", "confidence_after", "outcomes_met",
                              "action_plan", "comment", "anonymous", "applied", "example", "confidence_now"]

    struct QuestionKindError: Error, CustomStringConvertible {
        let word: String
        var description: String { "'\(word)' is not a kind of question: expected rating, yes-no, choice or text" }
    }
}
