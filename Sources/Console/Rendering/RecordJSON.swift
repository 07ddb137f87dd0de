import MusterCore
import Reports

/// The JSON shapes of COMMANDS.md. Keys listed there come first and never change; keys
/// after them are additions.
enum RecordJSON {
    static func course(_ course: Course) -> JSONValue {
        .object([
            ("id", .string(course.id)), ("title", .string(course.title)), ("area", .string(course.area.rawValue)),
            ("level", .int(course.level)), ("format", .string(course.format.rawValue)),
            ("duration_minutes", .int(course.durationMinutes)), ("cpd_hours", .double(course.cpdHours)),
            ("capacity", .int(course.capacity)), ("min_attendees", .int(course.minAttendees)),
            ("renew_months", .int(course.renewMonths)), ("retired", .bool(course.retired)),
            ("audience", .string(course.audience)), ("description", .string(course.description)),
        ])
    }

    static func session(_ summary: SessionSummary, _ local: LocalTime, _ policy: SchedulingPolicy) -> JSONValue {
        let session = summary.session
        return .object([
            ("id", .string(session.id)), ("course_id", .string(session.courseID)),
            ("course_title", .string(summary.courseTitle)),
            ("starts_at", .string(local.iso8601(session.startsAt))), ("ends_at", .string(local.iso8601(session.endsAt))),
            ("venue", .string(session.venue)), ("trainer", .string(session.trainerID)),
            ("capacity", .int(session.capacity)), ("min_attendees", .int(session.minAttendees)),
            ("confirmed", .int(summary.confirmed)), ("waitlisted", .int(summary.waitlisted)),
            ("status", .string(session.status.rawValue)), ("cancel_reason", .string(session.cancelReason?.rawValue)),
            ("online_url", .string(session.onlineURL)), ("trainer_name", .string(summary.trainerName)),
            ("cutoff_at", .string(local.iso8601(policy.cutoff(of: session, in: local)))), ("cancel_note", .string(session.cancelNote)),
            ("cutoff_decision", .string(session.cutoffDecision?.rawValue)),
        ])
    }

    /// `session show --json`: the session, its roster, waiting list and history. A function,
    /// so the command hands it to `CommandOutput` to call only when `--json` asks.
    static func sessionDetail(_ detail: SessionDetail, _ history: [BookingHistoryEntry], _ local: LocalTime,
                              _ policy: SchedulingPolicy) -> JSONValue {
        let base = session(detail.summary, local, policy)
        guard case .object(var pairs) = base else { return base }
        pairs.append(("roster", .array(detail.roster.map { rosterEntry($0, position: nil, local) })))
        pairs.append(("waiting_list", .array(detail.waitingList.map { rosterEntry($0, position: $0.position, local) })))
        pairs.append(("history", .array(history.map { entry in
            if case .object(let fields) = bookingEvent(entry.event, local) {
                return .object([("learner_id", .string(entry.learnerID))] + fields)
            }
            return .null
        })))
        return .object(pairs)
    }

    static func learner(_ summary: LearnerSummary) -> JSONValue {
        let learner = summary.learner
        return .object([
            ("id", .string(learner.id)), ("name", .string(learner.name)), ("email", .string(learner.email)),
            ("agency", .string(summary.agencyName)), ("job_role", .string(learner.jobRole)),
            ("started", .string(learner.started?.description)), ("agency_id", .string(learner.agencyID)),
            ("cpd_profile", .string(learner.cpdProfile)), ("revalidation", .string(learner.revalidation?.description)),
        ])
    }

    static func rosterEntry(_ entry: RosterEntry, position: Int?, _ local: LocalTime) -> JSONValue {
        .object([
            ("booking_id", .int(Int(entry.bookingID))), ("learner_id", .string(entry.learnerID)),
            ("name", .string(entry.name)), ("agency", .string(entry.agency)), ("status", .string(entry.status)),
            ("waitlist_position", .int(position)), ("booked_at", .string(local.iso8601(entry.bookedAt))),
        ])
    }

    static func booking(_ booking: Booking, position: Int?, _ local: LocalTime,
                        adding extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([
            ("id", .int(booking.id.map(Int.init))), ("session_id", .string(booking.sessionID)),
            ("learner_id", .string(booking.learnerID)), ("status", .string(booking.status.rawValue)),
            ("waitlist_position", .int(position)), ("booked_at", .string(local.iso8601(booking.bookedAt))),
            ("late_cancellation", .bool(booking.lateCancellation)),
        ] + extra)
    }

    static func bookingEvent(_ event: BookingEvent, _ local: LocalTime) -> JSONValue {
        .object([
            ("at", .string(local.iso8601(event.at))), ("actor", .string(event.actor)),
            ("from", .string(event.fromStatus?.rawValue)), ("to", .string(event.toStatus.rawValue)), ("note", .string(event.note)),
        ])
    }

    static func summary(_ summary: ImportSummary) -> JSONValue {
        .object([
            ("kind", .string(summary.kind)), ("source", .string(summary.source)),
            ("added", .array(summary.added.map(JSONValue.string))),
            ("updated", .array(summary.updated.map(JSONValue.string))),
            ("unchanged", .int(summary.unchanged)), ("notes", .array(summary.notes.map(JSONValue.string))),
        ])
    }
}
