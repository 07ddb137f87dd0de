import Foundation
import MusterCore

/// A session calendar as iCalendar (RFC 5545) for Outlook, Google and Apple calendars.
/// Every export of a session gives it the same UID, in a learner's feed and in its own, so
/// importing a newer file updates the event, and a cancellation (with a higher SEQUENCE)
/// takes it off, instead of leaving a second copy.
public enum CalendarFeed {
    /// Writes the calendar through `write`, one event at a time. Returns the number of events.
    @discardableResult
    public static func write(_ calendar: SessionCalendar, clock: MusterClock,
                             to write: (String) throws -> Void) throws -> Int {
        let time = CalendarTime(zone: clock.zone)
        let stamp = CalendarTime.utc(clock.now)
        var head: [ContentLine] = [
            ContentLine(name: "BEGIN", value: "VCALENDAR"),
            ContentLine(name: "VERSION", value: "2.0"),
            ContentLine(name: "PRODID", value: "-//Muster//Training bookings//EN"),
            ContentLine(name: "CALSCALE", value: "GREGORIAN"),
            // No METHOD: iTIP's PUBLISH demands an ORGANIZER, and a file to import needs neither.
            .text("X-WR-CALNAME", name(of: calendar.subject)),
        ]
        head += time.definition
        try write(text(head))
        for event in calendar.events {
            try write(text(lines(of: event, uidDomain: calendar.uidDomain, stamp: stamp, time: time)))
        }
        try write(text([ContentLine(name: "END", value: "VCALENDAR")]))
        return calendar.events.count
    }

    /// The same for a session in every file: its id in lower case (ids are matched without
    /// case), and the partnership's own domain.
    public static func uid(of sessionID: String, in uidDomain: String) -> String {
        "session-\(sessionID.lowercased())@\(uidDomain)"
    }

    /// The calendar's name in the app's list, and in what the command says it wrote.
    public static func name(of subject: SessionCalendar.Subject) -> String {
        switch subject {
        case .session(let id, let courseTitle): "\(courseTitle) (\(id))"
        case .learner(_, let name): "Training: \(name)"
        }
    }

    static func lines(of event: CalendarEvent, uidDomain: String, stamp: String, time: CalendarTime) -> [ContentLine] {
        var lines: [ContentLine] = [
            ContentLine(name: "BEGIN", value: "VEVENT"),
            .text("UID", uid(of: event.sessionID, in: uidDomain)),
            ContentLine(name: "DTSTAMP", value: stamp),
            ContentLine(name: "SEQUENCE", value: String(event.sequence)),
            time.line("DTSTART", event.startsAt),
            time.line("DTEND", event.endsAt),
            .text("SUMMARY", event.courseTitle),
        ]
        if let venue = event.venue {
            lines.append(.text("LOCATION", venue))
        } else if event.onlineURL != nil {
            lines.append(.text("LOCATION", "Online"))
        }
        if let link = event.onlineURL { lines.append(.uri("URL", link)) }
        lines.append(.text("DESCRIPTION", description(of: event)))
        lines.append(ContentLine(name: "STATUS", value: event.status == .cancelled ? "CANCELLED" : "CONFIRMED"))
        lines.append(ContentLine(name: "END", value: "VEVENT"))
        return lines
    }

    /// What a person opening the event needs: why it is cancelled, what it is, who trains
    /// it, the session id to quote, and the link to join.
    static func description(of event: CalendarEvent) -> String {
        var lines: [String] = []
        switch event.cancellation {
        case .session(let reason, let note)?:
            lines.append("Cancelled: \(Letters.words(reason)).")
            if let note, !note.isEmpty { lines.append(note) }
            lines.append("")
        case .placeGivenUp?:
            lines += ["Cancelled: you no longer have a place on this session.", ""]
        case .backOnWaitingList?:
            lines += ["Cancelled: your place went back to the waiting list; you will be told if one comes free.", ""]
        case nil:
            break
        }
        lines.append("Course: \(event.courseTitle) (\(event.courseID))")
        lines.append("Trainer: \(event.trainerName ?? "to be confirmed")")
        lines.append("Session: \(event.sessionID)")
        if let link = event.onlineURL { lines.append("Join online: \(link)") }
        return lines.joined(separator: "\n")
    }

    private static func text(_ lines: [ContentLine]) -> String {
        lines.map(\.folded).joined()
    }
}
