import Foundation

/// Reads an exported .ics file with a real iCalendar parser, Python's `icalendar` (CI runs
/// `pip install icalendar`), so the feed is judged by someone else's reading of RFC 5545,
/// not by our own. Each time is given in UTC twice: as icalendar reads the TZID (its own
/// zone database), and through the VTIMEZONE the file carries (`Timezone.to_tz`).
enum ICalendarReader {
    struct Calendar: Decodable {
        var version: String
        var prodid: String
        var calscale: String
        var method: String?
        var name: String
        var zones: [String]
        var events: [Event]

        func event(_ sessionID: String) -> Event? { events.first { $0.uid.hasPrefix("session-\(sessionID)@") } }
    }

    struct Event: Decodable {
        var uid: String
        var sequence: Int
        var summary: String
        var location: String?
        var url: String?
        var status: String
        var description: String
        var dtstart: String
        var dtend: String
        var dtstartByVtimezone: String?
        var dtendByVtimezone: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = #"""
import datetime, json, sys
try:
    import icalendar
except ImportError:
    sys.exit("the calendar tests need Python's icalendar: pip install icalendar")
utc = datetime.timezone.utc
def in_utc(when):
    if not isinstance(when, datetime.datetime) or when.tzinfo is None:
        sys.exit("a floating or all-day time: %r" % (when,))
    return when.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
zones = {}
for component in calendar.walk("VTIMEZONE"):
    # lookup_tzid=False: build the zone from the file's own rules, not the system's.
    try:
        zones[str(component["TZID"])] = component.to_tz(lookup_tzid=False)
    except (AttributeError, TypeError):
        sys.exit("this icalendar cannot read a VTIMEZONE by its own rules: pip install 'icalendar>=7'")
events = []
for event in calendar.walk("VEVENT"):
    item = {key.lower(): str(event[key]) for key in ("UID", "SUMMARY", "LOCATION", "URL", "STATUS", "DESCRIPTION") if key in event}
    item["sequence"] = int(event["SEQUENCE"])
    for key in ("DTSTART", "DTEND"):
        prop = event[key]
        item[key.lower()] = in_utc(prop.dt)
        tzid = prop.params.get("TZID")
        if tzid:
            item[key.lower() + "_by_vtimezone"] = in_utc(prop.dt.replace(tzinfo=zones[tzid]))
    events.append(item)
print(json.dumps({
    "version": str(calendar["VERSION"]), "prodid": str(calendar["PRODID"]), "calscale": str(calendar["CALSCALE"]),
    "method": str(calendar["METHOD"]) if "METHOD" in calendar else None, "name": str(calendar["X-WR-CALNAME"]), "zones": sorted(zones), "events": events,
}))
"""#

    static func read(_ path: String) throws -> Calendar {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "icalendar could not read \(path): " + String(decoding: said, as: UTF8.self))
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Calendar.self, from: data)
    }

    /// Writes `text` to a fresh file and reads it back.
    static func read(text: String) throws -> Calendar {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("muster-\(UUID()).ics").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try read(path)
    }
}
