import Foundation
import MusterCore

/// The words of the scheduler's notifications, beside the booking letters they follow.
extension Letters {
    typealias Trainer = (id: String, name: String, email: String?)

    func cancelledForLowNumbers(trainer: Trainer, _ session: SessionFacts, confirmed: Int, minimum: Int,
                                told: Int, alternatives: [SessionSummary]) -> Notice {
        var lines = [
            "\(session.courseTitle) on \(when(session)) (session \(session.id)) has been cancelled:",
            "\(confirmed) confirmed at the cut-off, below its minimum of \(minimum).",
            told == 0 ? "Nobody was booked." : "The \(told) learner\(told == 1 ? "" : "s") booked or waiting have been told.",
        ]
        if !alternatives.isEmpty {
            lines.append("They were offered: " + alternatives.map(\.session.id).joined(separator: ", ") + ".")
        }
        return letter(.sessionCancelled, toUser: trainer, about: session, subject: "Cancelled for low numbers", lines: lines)
    }

    func goingAhead(trainer: Trainer, _ session: SessionFacts, confirmed: Int, capacity: Int, minimum: Int,
                    waiting: Int) -> Notice {
        letter(.goingAhead, toUser: trainer, about: session, subject: "Going ahead", lines: [
            "\(session.courseTitle) on \(when(session)) (session \(session.id)) is going ahead.",
            "At the cut-off \(confirmed) of \(capacity) places are confirmed (minimum \(minimum))"
                + (waiting > 0 ? ", with \(waiting) waiting." : "."),
            place(session), "",
            "The roster: session show \(session.id). Later cancellations will not cancel the session.",
        ])
    }

    func reminder(_ learner: Learner, _ session: SessionFacts) -> Notice {
        letter(.reminder, to: learner, about: session, subject: "Reminder", lines: [
            "A reminder that you are booked on \(session.courseTitle) (session \(session.id)).",
            "When: \(when(session))", place(session), "",
            "If you can no longer attend, please cancel now (unbook \(session.id)) so a colleague can have the place.",
        ])
    }

    func feedbackRequest(_ learner: Learner, _ session: SessionFacts, closes: Date) -> Notice {
        letter(.feedbackRequest, to: learner, about: session, subject: "How was it?", lines: [
            "Thank you for attending \(session.courseTitle) on \(local.format(session.startsAt)).",
            "Please tell us how it went and what you will do differently in your practice:",
            "  feedback \(session.id)",
            "Feedback is open until \(local.format(closes)).",
        ])
    }

    func registerReminder(trainer: Trainer, _ session: SessionFacts, unmarked: Int) -> Notice {
        letter(.registerReminder, toUser: trainer, about: session, subject: "Register still open", lines: [
            "The register for \(session.courseTitle) on \(when(session)) (session \(session.id)) is still open"
                + (unmarked > 0 ? ", with \(unmarked) learner\(unmarked == 1 ? "" : "s") not yet marked." : "."),
            "Mark attendance (register \(session.id)) and close it (session complete \(session.id)),",
            "so attendees get their CPD and certificates.",
        ])
    }

    func followUp(_ learner: Learner, _ session: SessionFacts, closes: Date) -> Notice {
        letter(.followUp, to: learner, about: session, subject: "Three months on", lines: [
            "Some time has passed since \(session.courseTitle) on \(local.format(session.startsAt)).",
            "Have you been able to apply what you learnt? Tell us, with an example:",
            "  feedback \(session.id) --follow-up",
            "This stays open until \(local.format(closes)).",
        ])
    }
}
