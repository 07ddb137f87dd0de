import Evaluation
import Foundation
import MusterCore

/// `export feedback`: one record per attendee with their answers, then the anonymous
/// comments on their own, with no learner, session or date beside them and in text order,
/// so nothing in the file ties one back to its author.
public enum FeedbackExport {
    public static let columns = ["session_id", "course_id", "date", "learner_id", "name", "agency", "responded",
                                 "course_rating", "trainer_rating", "confidence_before", "confidence_after", "outcomes_met",
                                 "action_plan", "comment", "answers", "applied", "example", "confidence_now"]

    @discardableResult
    public static func write(_ format: ExportFormat, _ evaluations: Evaluations, _ scope: EvaluationScope,
                             _ local: LocalTime, to write: (String) throws -> Void) throws -> Int {
        var writer = RecordWriter(format, columns: columns)
        var anonymous: [(course: String, text: String)] = []
        try evaluations.eachRow(scope) { row in
            var answers = row.response?.answers ?? [:]
            if answers["anonymous"] == "yes", let comment = answers["comment"] {
                anonymous.append((row.courseID, comment))
                answers["comment"] = nil
            }
            let own = answers.filter { key, _ in !FeedbackResponse.columns.contains(key) && key != "anonymous" }
            let ownText = own.keys.sorted().map { "\($0)=\(own[$0]!)" }.joined(separator: "; ")
            let values: [String?] = [row.sessionID, row.courseID, local.date(of: row.startsAt).description, row.learnerID,
                                     row.learnerName, row.agency, row.response == nil ? "no" : "yes"]
                + ["course_rating", "trainer_rating", "confidence_before", "confidence_after", "outcomes_met",
                   "action_plan", "comment"].map { answers[$0] }
                + [ownText.isEmpty ? nil : ownText, row.followUp?.applied.rawValue, row.followUp?.example,
                   row.followUp.map { String($0.confidenceNow) }]
            try writer.add(to: write, csv: values.map { $0 ?? "" }, json: zip(columns, values).map { column, value in
                guard let value else { return .null }
                return column.hasSuffix("rating") || column.hasPrefix("confidence") ? .int(Int(value)) : .string(value)
            })
        }
        for comment in anonymous.sorted(by: { ($0.course, $0.text) < ($1.course, $1.text) }) {
            try writer.add(to: write, csv: columns.map { $0 == "course_id" ? comment.course : $0 == "comment" ? comment.text : "" },
                           json: columns.map { $0 == "course_id" ? .string(comment.course) : $0 == "comment" ? .string(comment.text) : .null })
        }
        return try writer.finish(to: write)
    }
}
