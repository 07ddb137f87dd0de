import Foundation

/// How an event's start and end are written. In Europe/London they are wall-clock times
/// with `TZID=Europe/London`, and the file carries the zone's rules (VTIMEZONE), so a
/// 09:30 session reads 09:30 in any calendar, whichever side of a clock change it falls.
/// Muster knows no other zone's rules well enough to write them, so elsewhere the times
/// are UTC, which every calendar reads without rules.
struct CalendarTime {
    let zone: TimeZone

    static let londonID = "Europe/London"

    var isLondon: Bool { zone.identifier == Self.londonID }

    /// `DTSTART;TZID=Europe/London:20270712T093000`, or `DTSTART:20270712T083000Z`.
    func line(_ name: String, _ instant: Date) -> ContentLine {
        isLondon
            ? ContentLine(name: name, parameters: [("TZID", Self.londonID)], value: Self.stamp(instant, in: zone))
            : ContentLine(name: name, value: Self.utc(instant))
    }

    /// `20261123T100000Z`, for DTSTAMP and times outside London.
    static func utc(_ instant: Date) -> String {
        stamp(instant, in: TimeZone(identifier: "UTC")!) + "Z"
    }

    private static func stamp(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// The zone's rules, for a file whose times name it; none when times are UTC. The UK
    /// has kept the EU's rule since 1996: BST from 01:00 UTC on the last Sunday of March
    /// (01:00 GMT) to 01:00 UTC on the last Sunday of October (02:00 BST).
    var definition: [ContentLine] {
        guard isLondon else { return [] }
        return [
            ContentLine(name: "BEGIN", value: "VTIMEZONE"),
            ContentLine(name: "TZID", value: Self.londonID),
            ContentLine(name: "BEGIN", value: "DAYLIGHT"),
            ContentLine(name: "TZOFFSETFROM", value: "+0000"),
            ContentLine(name: "TZOFFSETTO", value: "+0100"),
            ContentLine(name: "TZNAME", value: "BST"),
            ContentLine(name: "DTSTART", value: "19960331T010000"),
            ContentLine(name: "RRULE", value: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
            ContentLine(name: "END", value: "DAYLIGHT"),
            ContentLine(name: "BEGIN", value: "STANDARD"),
            ContentLine(name: "TZOFFSETFROM", value: "+0100"),
            ContentLine(name: "TZOFFSETTO", value: "+0000"),
            ContentLine(name: "TZNAME", value: "GMT"),
            ContentLine(name: "DTSTART", value: "19961027T020000"),
            ContentLine(name: "RRULE", value: "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
            ContentLine(name: "END", value: "STANDARD"),
            ContentLine(name: "END", value: "VTIMEZONE"),
        ]
    }
}
