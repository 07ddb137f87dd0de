import Evaluation

/// Asks a form's questions one at a time through the line editor. A wrong answer is asked
/// again with what is expected; Enter keeps an earlier answer or skips an optional question.
/// Nothing is returned, so nothing is saved, when the person leaves with Ctrl-C or Ctrl-D.
struct FeedbackInterview {
    let ask: CommandContext.Asker

    func run(_ questions: [FormQuestion], earlier: [String: String], asks: ([String: String], FormQuestion) -> Bool = { _, _ in true })
        -> [String: String]? {
        var answers: [String: String] = [:]
        let total = questions.count
        for (index, question) in questions.enumerated() where asks(answers, question) {
            let kept = earlier[question.key]
            let prompt = "(\(index + 1)/\(total)) \(question.prompt)" + (kept.map { " [\($0.count > 30 ? String($0.prefix(30)) + "…" : $0)]" } ?? "") + " "
            var hint = ""
            while true {
                guard let typed = ask(hint + prompt) else { return nil }
                if typed.trimmingCharacters(in: .whitespaces).isEmpty {
                    if let kept { answers[question.key] = kept; break }
                    if !question.required { break }
                    hint = "  (an answer is needed) "
                    continue
                }
                do {
                    answers[question.key] = try question.parse(typed)
                    break
                } catch {
                    hint = "  (expected \(Self.expected(question))) "
                }
            }
        }
        return answers
    }

    static func expected(_ question: FormQuestion) -> String {
        switch question.kind {
        case .rating: "a whole number from 1 to 5"
        case .choice(let choices): choices.joined(separator: ", ")
        case .text: "some text, at most 4000 characters"
        }
    }
}
