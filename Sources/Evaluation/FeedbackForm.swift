import MusterCore

/// The questions a delegate answers after a session: the partnership's default form, the
/// first three Kirkpatrick levels as partnerships ask them, then the course's own.
public struct FeedbackForm: Sendable, Equatable {
    public var questions: [FormQuestion]
    /// The version of the course's own questions (nil: the default form only).
    public var courseFormID: Int64?

    public static let defaultQuestions: [FormQuestion] = [
        .init(key: "course_rating", prompt: "Overall, how would you rate the course? (1 poor – 5 excellent)", kind: .rating),
        .init(key: "trainer_rating", prompt: "How would you rate the trainer? (1 poor – 5 excellent)", kind: .rating),
        .init(key: "confidence_before", prompt: "How confident were you in this subject before the session? (1 not at all – 5 very)", kind: .rating),
        .init(key: "confidence_after", prompt: "How confident are you now, after it? (1 not at all – 5 very)", kind: .rating),
        .init(key: "outcomes_met", prompt: "Were the stated learning outcomes met? (yes/partly/no)", kind: .choice(["yes", "partly", "no"])),
        .init(key: "action_plan", prompt: "What will you do differently in your practice?", kind: .text),
        .init(key: "comment", prompt: "Any other comments? (Enter to skip)", kind: .text, required: false),
        .init(key: "anonymous", prompt: "Keep your comment anonymous? (yes/no)", kind: .choice(["yes", "no"]), required: false),
    ]

    init(courseQuestions: [CourseQuestion], courseFormID: Int64?) {
        self.courseFormID = courseFormID
        questions = Self.defaultQuestions + courseQuestions.map(FormQuestion.init(course:))
    }

    /// Whether a question is asked given the answers so far: anonymity only with a comment.
    public func asks(_ question: FormQuestion, given answers: [String: String]) -> Bool {
        question.key != "anonymous" || answers["comment"] != nil
    }

    /// Checks a whole set of answers, as scripts give them: every required answer there and valid.
    func check(_ answers: [String: String]) throws(EvaluationError) -> [String: String] {
        let checked = try FormQuestion.check(questions, answers) { question, checked in asks(question, given: checked) }
        if let unknown = answers.keys.first(where: { key in !questions.contains { $0.key == key } }) {
            throw .unknownQuestion(unknown, known: questions.map(\.key))
        }
        return checked
    }
}

public struct FormQuestion: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case rating
        case choice([String])
        case text
    }

    public var key: String
    public var prompt: String
    public var kind: Kind
    public var required = true

    init(key: String, prompt: String, kind: Kind, required: Bool = true) {
        self.key = key; self.prompt = prompt; self.kind = kind; self.required = required
    }

    /// A course's own question is optional: Enter skips it.
    init(course question: CourseQuestion) {
        key = question.id
        required = false
        switch question.kind {
        case .rating: kind = .rating; prompt = question.text + " (1–5, Enter to skip)"
        case .yesNo: kind = .choice(["yes", "no"]); prompt = question.text + " (yes/no, Enter to skip)"
        case .choice:
            let choices = question.choices ?? []
            kind = .choice(choices); prompt = question.text + " (" + choices.joined(separator: "/") + ", Enter to skip)"
        case .text: kind = .text; prompt = question.text + " (Enter to skip)"
        }
    }

    /// Every required question answered and every answer valid; the answers as stored.
    static func check(_ questions: [FormQuestion], _ answers: [String: String],
                      asks: (FormQuestion, [String: String]) -> Bool = { _, _ in true }) throws(EvaluationError) -> [String: String] {
        var checked: [String: String] = [:]
        for question in questions where asks(question, checked) {
            guard let given = answers[question.key] else {
                if question.required { throw .missingAnswer(question.key, question.prompt) }
                continue
            }
            checked[question.key] = try question.parse(given)
        }
        return checked
    }

    /// The answer as stored; an empty answer is nil. A wrong one says what is expected.
    public func parse(_ text: String) throws(EvaluationError) -> String {
        let answer = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .rating:
            guard let value = Int(answer), (1...5).contains(value) else { throw .badAnswer(key, answer, expected: "a whole number from 1 to 5") }
            return String(value)
        case .choice(let choices):
            let word = answer.lowercased()
            if let exact = choices.first(where: { $0.lowercased() == word }) { return exact }
            let starting = choices.filter { !word.isEmpty && $0.lowercased().hasPrefix(word) }
            guard starting.count == 1 else { throw .badAnswer(key, answer, expected: "one of " + choices.joined(separator: ", ")) }
            return starting[0]
        case .text:
            guard !answer.isEmpty else { throw .badAnswer(key, answer, expected: "some text") }
            guard answer.count <= 4000 else { throw .badAnswer(key, String(answer.prefix(20)) + "…", expected: "at most 4000 characters") }
            return answer
        }
    }
}
