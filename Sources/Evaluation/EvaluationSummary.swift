import Foundation

/// The figures partnerships publish about a course, a session or a trainer: how many
/// answered, how they rated it, how much confidence rose, what they will do differently,
/// and what they said months later.
public struct EvaluationSummary: Sendable {
    public var attendees = 0
    public var responses = 0
    /// Counts of each rating 1…5, by question key.
    public var ratings: [String: [Int]] = [:]
    public var outcomes: [String: Int] = ["yes": 0, "partly": 0, "no": 0]
    /// Responses with both confidence answers, and how many of them rose.
    public var confidencePairs = 0
    public var confidenceRose = 0
    private var beforeTotal = 0, afterTotal = 0
    public var actions: [String] = []
    /// Comments given with a name, as (learner, text); anonymous ones carry no one.
    public var namedComments: [(learnerID: String, name: String, text: String)] = []
    public var anonymousComments: [String] = []
    public var followUps = 0
    public var applied: [String: Int] = ["yes": 0, "partly": 0, "no": 0]
    public var followUpConfidence: [Int] = Array(repeating: 0, count: 5)
    public var examples: [String] = []
    /// Answers to courses' own questions, by question id: counts of each answer given.
    public var ownAnswers: [String: [String: Int]] = [:]

    public init() {}

    public static let ratingKeys = ["course_rating", "trainer_rating", "confidence_before", "confidence_after"]

    mutating func add(_ row: EvaluationRow) {
        attendees += 1
        if let followUp = row.followUp {
            followUps += 1
            applied[followUp.applied.rawValue, default: 0] += 1
            followUpConfidence[followUp.confidenceNow - 1] += 1
            if let example = followUp.example { examples.append(example) }
        }
        guard let answers = row.response?.answers else { return }
        responses += 1
        for key in Self.ratingKeys {
            guard let value = answers[key].flatMap(Int.init), (1...5).contains(value) else { continue }
            ratings[key, default: Array(repeating: 0, count: 5)][value - 1] += 1
        }
        if let before = answers["confidence_before"].flatMap(Int.init), let after = answers["confidence_after"].flatMap(Int.init) {
            confidencePairs += 1
            beforeTotal += before; afterTotal += after
            if after > before { confidenceRose += 1 }
        }
        if let met = answers["outcomes_met"] { outcomes[met, default: 0] += 1 }
        if let action = answers["action_plan"] { actions.append(action) }
        if let comment = answers["comment"] {
            if answers["anonymous"] == "yes" { anonymousComments.append(comment) }
            else { namedComments.append((row.learnerID, row.learnerName, comment)) }
        }
        for (key, value) in answers where !FeedbackResponse.columns.contains(key) && key != "anonymous" {
            ownAnswers[key, default: [:]][value, default: 0] += 1
        }
    }

    /// Responses as a share of attendees, in percent to one decimal; nil with no attendees.
    public var responseRate: Double? { attendees == 0 ? nil : Self.round(100 * Double(responses) / Double(attendees), 1) }

    /// The mean of a rating to two decimals; nil when nobody gave it.
    public func mean(_ key: String) -> Double? {
        guard let counts = ratings[key] else { return nil }
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let sum = counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        return Self.round(Double(sum) / Double(total), 2)
    }

    /// After minus before, over the responses that gave both: the confidence gained.
    public var confidenceGain: Double? {
        confidencePairs == 0 ? nil : Self.round(Double(afterTotal - beforeTotal) / Double(confidencePairs), 2)
    }

    public var confidenceRosePercent: Double? {
        confidencePairs == 0 ? nil : Self.round(100 * Double(confidenceRose) / Double(confidencePairs), 1)
    }

    public var followUpConfidenceMean: Double? {
        let total = followUpConfidence.reduce(0, +)
        guard total > 0 else { return nil }
        return Self.round(Double(followUpConfidence.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }) / Double(total), 2)
    }

    /// Every comment's text, named or not, in an order that says nothing about who wrote it.
    public var allComments: [String] { (namedComments.map(\.text) + anonymousComments).sorted() }

    static func round(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
