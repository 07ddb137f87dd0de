/// The impact follow-up, months after the session.
public struct FollowUpAnswer: Sendable, Equatable {
    public enum Applied: String, Sendable, CaseIterable { case yes, partly, no }
    public var applied: Applied
    public var example: String?
    public var confidenceNow: Int

    public init(applied: Applied, example: String?, confidenceNow: Int) {
        self.applied = applied; self.example = example; self.confidenceNow = confidenceNow
    }

    public static let questions: [FormQuestion] = [
        .init(key: "applied", prompt: "Have you applied what you learnt in your practice? (yes/partly/no)", kind: .choice(["yes", "partly", "no"])),
        .init(key: "example", prompt: "An example of how (Enter to skip)", kind: .text, required: false),
        .init(key: "confidence_now", prompt: "How confident are you in this subject now? (1 not at all – 5 very)", kind: .rating),
    ]

    public init(answers: [String: String]) throws(EvaluationError) {
        let checked = try FormQuestion.check(Self.questions, answers)
        applied = Applied(rawValue: checked["applied"]!)!
        example = checked["example"]
        confidenceNow = Int(checked["confidence_now"]!)!
    }
}
