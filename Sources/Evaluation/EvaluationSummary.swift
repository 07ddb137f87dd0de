import Foundation
import GRDB
import MusterCore

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
    /// What delegates will do differently, oldest first: every one, or only the latest
    /// when the reader asked for fewer; `actionsGiven` counts them all.
    public var actions: [String] = []
    public var actionsGiven = 0
    /// Comments given with a name, as (learner, text); anonymous ones carry no one. Like
    /// actions, perhaps only the latest of `commentsGiven`.
    public var namedComments: [(learnerID: String, name: String, text: String)] = []
    public var anonymousComments: [String] = []
    public var commentsGiven = 0
    public var followUps = 0
    public var applied: [String: Int] = ["yes": 0, "partly": 0, "no": 0]
    public var followUpConfidence: [Int] = Array(repeating: 0, count: 5)
    /// Examples of the training applied, from follow-ups; perhaps the latest of `examplesGiven`.
    public var examples: [String] = []
    public var examplesGiven = 0
    /// Answers to courses' own questions, by question id: counts of each answer given.
    public var ownAnswers: [String: [String: Int]] = [:]

    public static let ratingKeys = EvaluationTally.ratingKeys

    /// The figures from the summed columns of `evaluation_tally` (see `EvaluationTally.measures`).
    init(sums row: Row) {
        func sum(_ column: String) -> Int { row[column] ?? 0 }
        attendees = sum("attendees")
        responses = sum("responses")
        for key in Self.ratingKeys { ratings[key] = (1...5).map { sum("\(key)_\($0)") } }
        for outcome in EvaluationTally.outcomes {
            outcomes[outcome] = sum("outcomes_\(outcome)")
            applied[outcome] = sum("applied_\(outcome)")
        }
        confidencePairs = sum("confidence_pairs")
        confidenceRose = sum("confidence_rose")
        beforeTotal = sum("paired_before")
        afterTotal = sum("paired_after")
        actionsGiven = sum("actions")
        commentsGiven = sum("comments")
        followUps = sum("follow_ups")
        examplesGiven = sum("examples")
        followUpConfidence = (1...5).map { sum("confidence_now_\($0)") }
    }

    /// Whether every action, comment and example given is listed, none left out for length.
    public var listsEverything: Bool {
        actions.count == actionsGiven && namedComments.count + anonymousComments.count == commentsGiven && examples.count == examplesGiven
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
