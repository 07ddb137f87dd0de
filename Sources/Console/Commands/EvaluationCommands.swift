import Evaluation
import Foundation
import MusterCore
import Reports

enum EvaluationCommands {
    /// The form's answers a script can give as options, and the question each answers.
    static let answerOptions: [(option: String, key: String)] = [
        ("--course-rating", "course_rating"), ("--trainer-rating", "trainer_rating"), ("--before", "confidence_before"),
        ("--after", "confidence_after"), ("--outcomes", "outcomes_met"), ("--action", "action_plan"), ("--comment", "comment"),
    ]
    static let followUpOptions: [(option: String, key: String)] = [
        ("--applied", "applied"), ("--example", "example"), ("--confidence", "confidence_now"),
    ]

    static let specs: [CommandSpec] = [
        CommandSpec("feedback", [.required("SESSION", .session), .optional("LEARNER", .learner)], options: [
            .value("--course-rating", "1-5", .number, "overall rating of the course"),
            .value("--trainer-rating", "1-5", .number, "rating of the trainer"),
            .value("--before", "1-5", .number, "confidence in the subject before the session"),
            .value("--after", "1-5", .number, "confidence after it"),
            .value("--outcomes", "yes|partly|no", .choice(["yes", "partly", "no"]), "whether the learning outcomes were met"),
            .value("--action", "T", .text, "what you will do differently in your practice"),
            .value("--comment", "T", .text, "any other comments"),
            .flag("--anonymous", "keep the comment anonymous"),
            .flag("--named", "give the comment with your name (an amended comment keeps its earlier choice)"),
            .value("--answer", "ID=VALUE;…", .text, "answers to the course's own questions"),
            .flag("--follow-up", "the impact follow-up, months after the session"),
            .value("--applied", "yes|partly|no", .choice(["yes", "partly", "no"]), "follow-up: have you applied the learning"),
            .value("--example", "T", .text, "follow-up: an example"),
            .value("--confidence", "1-5", .number, "follow-up: confidence now"),
            .flag("--show", "show the answers already given"),
        ], roles: .everyone, section: .evaluation,
        summary: "give (or amend) feedback on a session attended, one question at a time") { invocation, context in
            let session = invocation.required("SESSION"), learner = try context.learnerID(invocation)
            let evaluations = context.evaluations
            if invocation.flag("--follow-up") { return try followUp(invocation, context, session, learner) }
            if invocation.flag("--show") {
                let (form, response) = try evaluations.response(session, for: learner)
                return .text(Fields(form.questions.compactMap { q in response.answers[q.key].map { (q.prompt, $0) } }).render())
            }
            let opening = try evaluations.open(session, for: learner)
            var given = try options(invocation, answerOptions)
            let earlier = opening.earlier?.answers ?? [:]
            if invocation.flag("--anonymous") { given["anonymous"] = "yes" }
            else if invocation.flag("--named") { given["anonymous"] = "no" }
            else if given["comment"] != nil { given["anonymous"] = earlier["anonymous"] ?? "no" }
            for pair in (invocation.option("--answer") ?? "").split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw UsageError.badValue(option: "--answer", value: String(pair), expected: "ID=VALUE, separated by ;")
                }
                given[parts[0]] = parts[1]
            }
            let answers: [String: String]
            if given.isEmpty {
                guard let ask = context.ask else { throw FeedbackFormError.needsTerminal }
                let interview = FeedbackInterview(ask: ask).run(opening.form.questions, earlier: earlier) { so, question in
                    opening.form.asks(question, given: so)
                }
                guard let asked = interview else { return .text("Feedback left; nothing was saved.") }
                answers = asked
            } else {
                answers = earlier.merging(given) { _, new in new }
            }
            let amended = try evaluations.submit(session, for: learner, answers: answers)
            return .text("Thank you: feedback on \(opening.sessionID) \(amended ? "amended" : "saved"); "
                         + "it can be changed until \(context.local.format(opening.closes)).")
        },

        CommandSpec("evaluation", [.optional("SESSION|COURSE", .session)], options: [
            .value("--trainer", "USER", .trainer, "the sessions this trainer delivered"),
            .value("--from", "DATE", .date, "sessions starting on or after this day"),
            .value("--to", "DATE", .date, "sessions starting on or before this day"),
        ], roles: .staff, section: .evaluation,
        summary: "what delegates said: ratings, confidence gained, action plans, follow-ups", showsData: true) { invocation, context in
            let scope = try scope(invocation, context)
            // Text shows the latest words; --json carries every one.
            let summary = try context.evaluations.summary(scope, listing: invocation.wantsJSON ? nil : EvaluationText.listed)
            return CommandOutput(.text(EvaluationText.render(summary)), json: EvaluationText.json(summary))
        },

        CommandSpec("export feedback", options: [
            .value("--session", "S", .session, "one session"),
            .value("--course", "C", .course, "one course's sessions"),
            .value("--trainer", "USER", .trainer, "one trainer's sessions"),
            .value("--from", "DATE", .date, "sessions starting on or after this day"),
            .value("--to", "DATE", .date, "sessions starting on or before this day"),
            .value("--format", "F", ExportCommands.formats, "csv (default) or json"),
            .value("--output", "FILE", .file, "write to this file instead of the screen"),
        ], roles: .staff, section: .reports,
        summary: "every attendee's answers, anonymous comments apart, as CSV or JSON") { invocation, context in
            let subject: EvaluationScope.Subject = invocation.option("--session").map { .session($0) }
                ?? invocation.option("--course").map { .course($0) } ?? invocation.option("--trainer").map { .trainer($0) } ?? .all
            let scope = EvaluationScope(subject, from: try invocation.date("--from", context.local), to: try invocation.date("--to", context.local))
            let format = try ExportCommands.format(invocation)
            let evaluations = context.evaluations, local = context.local
            guard let path = invocation.option("--output") else {
                return CommandOutput(.stream { write in try FeedbackExport.write(format, evaluations, scope, local, to: write) })
            }
            let rows = try ExportFile.write(to: path) { write in try FeedbackExport.write(format, evaluations, scope, local, to: write) }
            return .text("Wrote \(rows) row\(rows == 1 ? "" : "s") to \(path)")
        },
    ]

    static func options(_ invocation: Invocation, _ table: [(option: String, key: String)]) throws -> [String: String] {
        var given: [String: String] = [:]
        for (option, key) in table { if let value = invocation.option(option) { given[key] = value } }
        return given
    }

    static func followUp(_ invocation: Invocation, _ context: CommandContext, _ session: String, _ learner: String) throws -> CommandOutput {
        let evaluations = context.evaluations
        let (closes, earlier) = try evaluations.openFollowUp(session, for: learner)
        var answers = try options(invocation, followUpOptions)
        if answers.isEmpty {
            guard let ask = context.ask else { throw FeedbackFormError.needsTerminal }
            let kept = earlier.map { ["applied": $0.applied.rawValue, "confidence_now": String($0.confidenceNow)]
                .merging($0.example.map { ["example": $0] } ?? [:]) { a, _ in a } } ?? [:]
            guard let asked = FeedbackInterview(ask: ask).run(FollowUpAnswer.questions, earlier: kept) else {
                return .text("Follow-up left; nothing was saved.")
            }
            answers = asked
        }
        try evaluations.submitFollowUp(session, for: learner, try FollowUpAnswer(answers: answers))
        return .text("Thank you: your follow-up on \(session) is saved; it can be changed until \(context.local.format(closes)).")
    }

    static func scope(_ invocation: Invocation, _ context: CommandContext) throws -> EvaluationScope {
        let from = try invocation.date("--from", context.local), to = try invocation.date("--to", context.local)
        if let id = invocation.argument("SESSION|COURSE") {
            return EvaluationScope(try context.evaluations.subject(named: id), from: from, to: to)
        }
        if let trainer = invocation.option("--trainer") { return EvaluationScope(.trainer(trainer), from: from, to: to) }
        if context.actor.role == .trainer { return EvaluationScope(.trainer(context.actor.id), from: from, to: to) }
        throw UsageError.missingArgument("SESSION|COURSE", usage: Usage.line(invocation.spec))
    }
}

enum FeedbackFormError: Error, MusterError {
    case needsTerminal
    var description: String {
        "feedback asks at the prompt; in a script give the answers: feedback SESSION LEARNER --course-rating N --trainer-rating N "
            + "--before N --after N --outcomes yes|partly|no --action T [--comment T] [--anonymous]"
    }
}
