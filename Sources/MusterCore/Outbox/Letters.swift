import Foundation

/// The words of each notification, in one place so they read alike.
package struct Letters {
    package let local: LocalTime
    package let now: Date

    package struct SessionFacts {
        package var id: String, courseTitle: String, startsAt: Date, endsAt: Date, venue: String?, onlineURL: String?

        package init(_ summary: SessionSummary) {
            let s = summary.session
            id = s.id; courseTitle = summary.courseTitle; startsAt = s.startsAt; endsAt = s.endsAt
            venue = s.venue; onlineURL = s.onlineURL
        }
    }

    package func when(_ session: SessionFacts) -> String {
        "\(local.format(session.startsAt))–\(local.timeOfDay(of: session.endsAt))"
    }

    package func place(_ session: SessionFacts) -> String {
        session.venue.map { "Venue: \($0)" } ?? session.onlineURL.map { "Join online: \($0)" } ?? "Venue to be confirmed"
    }

    package func letter(_ kind: Notice.Kind, to learner: Learner, about session: SessionFacts,
                        subject: String, lines: [String]) -> Notice {
        Notice(learnerID: learner.id, userID: nil, email: learner.email, kind: kind,
               subject: "\(subject): \(session.courseTitle), \(local.format(session.startsAt))",
               body: (["Dear \(learner.name),", ""] + lines).joined(separator: "\n"),
               sessionID: session.id, createdAt: now, sentAt: nil)
    }

    /// A letter to a user of Muster (a trainer) rather than a learner.
    package func letter(_ kind: Notice.Kind, toUser user: (id: String, name: String, email: String?),
                        about session: SessionFacts, subject: String, lines: [String]) -> Notice {
        Notice(learnerID: nil, userID: user.id, email: user.email, kind: kind,
               subject: "\(subject): \(session.courseTitle), \(local.format(session.startsAt))",
               body: (["Dear \(user.name),", ""] + lines).joined(separator: "\n"),
               sessionID: session.id, createdAt: now, sentAt: nil)
    }

    func confirmed(_ learner: Learner, _ session: SessionFacts) -> Notice {
        letter(.bookingConfirmed, to: learner, about: session, subject: "Booking confirmed", lines: [
            "Your place on \(session.courseTitle) (session \(session.id)) is confirmed.",
            "When: \(when(session))", place(session), "",
            "If you can no longer attend, please cancel (unbook \(session.id)) so a colleague can have the place.",
        ])
    }

    func waitlisted(_ learner: Learner, _ session: SessionFacts, position: Int) -> Notice {
        letter(.waitlisted, to: learner, about: session, subject: "Waiting list", lines: [
            "\(session.courseTitle) (session \(session.id), \(when(session))) is full.",
            "You are number \(position) on its waiting list; you will be told at once if a place comes free.",
        ])
    }

    func promoted(_ learner: Learner, _ session: SessionFacts) -> Notice {
        letter(.promoted, to: learner, about: session, subject: "A place has come free", lines: [
            "A place on \(session.courseTitle) (session \(session.id)) has come free and is now yours.",
            "When: \(when(session))", place(session), "",
            "If you can no longer attend, please cancel (unbook \(session.id)).",
        ])
    }

    func cancelledBooking(_ learner: Learner, _ session: SessionFacts, late: Bool) -> Notice {
        letter(.bookingCancelled, to: learner, about: session, subject: "Booking cancelled", lines: [
            "Your booking on \(session.courseTitle) (session \(session.id), \(when(session))) is cancelled."
                + (late ? " It was cancelled within the late-cancellation window, which is recorded." : ""),
        ])
    }

    func movedToWaitingList(_ learner: Learner, _ session: SessionFacts, position: Int) -> Notice {
        letter(.movedToWaitingList, to: learner, about: session, subject: "Moved to the waiting list", lines: [
            "The number of places on \(session.courseTitle) (session \(session.id), \(when(session))) has been reduced.",
            "Your place is no longer confirmed: you are number \(position) on the waiting list and will be told if a place comes free.",
        ])
    }

    func sessionCancelled(_ learner: Learner, _ session: SessionFacts, reason: CancelReason, note: String?,
                          alternatives: [SessionSummary]) -> Notice {
        var lines = ["\(session.courseTitle) on \(when(session)) (session \(session.id)) has been cancelled: \(Self.words(reason))."]
        if let note { lines.append(note) }
        lines.append("")
        if alternatives.isEmpty {
            lines.append("No other dates are scheduled yet; you will be able to book when they are.")
        } else {
            lines.append("Other dates with places:")
            lines += alternatives.map { "  \($0.session.id)  \(local.format($0.session.startsAt))  \($0.freePlaces) places free" }
            lines.append("Book one with: book SESSION")
        }
        return letter(.sessionCancelled, to: learner, about: session, subject: "Cancelled", lines: lines)
    }

    func transferred(from: Learner, to: Learner, _ session: SessionFacts) -> [Notice] {
        [letter(.transferred, to: from, about: session, subject: "Place transferred", lines: [
            "Your place on \(session.courseTitle) (session \(session.id), \(when(session))) has been passed to \(to.name).",
        ]),
         letter(.transferred, to: to, about: session, subject: "Place transferred to you", lines: [
            "\(from.name) has passed you their place on \(session.courseTitle) (session \(session.id)).",
            "When: \(when(session))", place(session),
         ])]
    }

    package static func words(_ reason: CancelReason) -> String {
        switch reason {
        case .lowNumbers: "too few people had booked"
        case .trainerUnavailable: "the trainer is unavailable"
        case .venue: "the venue is unavailable"
        case .other: "unforeseen circumstances"
        }
    }
}
