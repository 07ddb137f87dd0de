import Evaluation
import MusterCore
import Reports

/// An evaluation as people read it (ratings drawn as bars) and as scripts read it (the keys
/// of COMMANDS.md first). Comments are listed without names when their author asked.
enum EvaluationText {
    static let ratingTitles = [("course_rating", "course"), ("trainer_rating", "trainer"),
                               ("confidence_before", "confidence before"), ("confidence_after", "confidence after")]

    /// How many actions, comments and examples a screen lists: the latest, since a course
    /// over years gathers tens of thousands.
    static let listed = 20

    /// The line under a list cut short, saying how to read the rest.
    static func more(_ shown: Int, of given: Int) -> [String] {
        shown < given ? ["  … the latest \(shown) of \(given); `export feedback` lists every one"] : []
    }

    static func render(_ s: EvaluationSummary) -> String {
        var lines = ["Responses: \(s.responses) of \(s.attendees) attendees" + (s.responseRate.map { " (\(DecimalText.text($0))%)" } ?? "")]
        guard s.responses > 0 || s.followUps > 0 else { return lines[0] + "\nNo feedback yet." }
        for (key, title) in ratingTitles {
            guard let counts = s.ratings[key], let mean = s.mean(key) else { continue }
            lines.append("")
            lines.append("\(title): mean \(DecimalText.text(mean)) of 5")
            let most = max(1, counts.max() ?? 1)
            for value in (1...5).reversed() {
                let count = counts[value - 1]
                lines.append("  \(value) " + String(repeating: "█", count: (count * 30 + most - 1) / most) + " \(count)")
            }
        }
        if let gain = s.confidenceGain, let rose = s.confidenceRosePercent {
            lines.append("")
            lines.append("Confidence: \(DecimalText.text(s.mean("confidence_before") ?? 0)) → \(DecimalText.text(s.mean("confidence_after") ?? 0)), "
                         + "gain \(gain >= 0 ? "+" : "")\(DecimalText.text(gain)); rose for \(DecimalText.text(rose))% of delegates")
        }
        lines.append("Learning outcomes met: yes \(s.outcomes["yes"] ?? 0), partly \(s.outcomes["partly"] ?? 0), no \(s.outcomes["no"] ?? 0)")
        if s.followUps > 0 {
            lines.append("")
            lines.append("Follow-up (\(s.followUps)): applied yes \(s.applied["yes"] ?? 0), partly \(s.applied["partly"] ?? 0), "
                         + "no \(s.applied["no"] ?? 0); confidence now \(DecimalText.text(s.followUpConfidenceMean ?? 0))")
            lines += s.examples.map { "  - \($0)" } + more(s.examples.count, of: s.examplesGiven)
        }
        if !s.actions.isEmpty {
            lines.append("")
            lines.append("What delegates will do differently:")
            lines += s.actions.map { "  - \($0)" } + more(s.actions.count, of: s.actionsGiven)
        }
        if !s.namedComments.isEmpty || !s.anonymousComments.isEmpty {
            lines.append("")
            lines.append("Comments:")
            lines += s.namedComments.map { "  - \($0.text) (\($0.name))" }
            lines += s.anonymousComments.map { "  - \($0) (anonymous)" }
            lines += more(s.namedComments.count + s.anonymousComments.count, of: s.commentsGiven)
        }
        for (question, counts) in s.ownAnswers.sorted(by: { $0.key < $1.key }) {
            lines.append("")
            lines.append("\(question): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ s: EvaluationSummary) -> JSONValue {
        func decimal(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func counts(_ map: [String: Int]) -> JSONValue { .object(["yes", "partly", "no"].map { ($0, .int(map[$0] ?? 0)) }) }
        let distributions: [(String, JSONValue)] = ratingTitles.map { key, _ in
            (key, .array((s.ratings[key] ?? Array(repeating: 0, count: 5)).map(JSONValue.int)))
        }
        let followUp: JSONValue = .object([
            ("responses", .int(s.followUps)), ("applied", counts(s.applied)),
            ("confidence_now", decimal(s.followUpConfidenceMean)), ("examples", .array(s.examples.map(JSONValue.string))),
        ])
        let questions: [(String, JSONValue)] = s.ownAnswers.sorted { $0.key < $1.key }.map { key, answers in
            (key, .object(answers.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
        }
        var pairs: [(String, JSONValue)] = [("responses", .int(s.responses)), ("attendees", .int(s.attendees)),
                                            ("response_rate", decimal(s.responseRate))]
        pairs += [("course_rating", decimal(s.mean("course_rating"))), ("trainer_rating", decimal(s.mean("trainer_rating"))),
                  ("confidence_before", decimal(s.mean("confidence_before"))), ("confidence_after", decimal(s.mean("confidence_after"))),
                  ("confidence_gain", decimal(s.confidenceGain))]
        pairs += [("comments", .array(s.allComments.map(JSONValue.string))), ("actions", .array(s.actions.map(JSONValue.string)))]
        pairs += [("distributions", .object(distributions)), ("confidence_rose_percent", decimal(s.confidenceRosePercent)),
                  ("outcomes_met", counts(s.outcomes)), ("follow_up", followUp), ("questions", .object(questions))]
        return .object(pairs)
    }
}
